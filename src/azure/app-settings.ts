// The app's settings: read, merge, write (the PUT replaces the whole set), and the AZURE_SQL_* keys
// a connected app reads (the same keys Azure Service Connector writes).

import type { AppRef, ClientLanguage } from '../engine/target.js';
import { translateArmError } from './arm-error.js';
import { describeApp } from './app.js';
import type { ArmClients } from './clients.js';

export async function readAppSettings(clients: ArmClients, app: AppRef): Promise<Record<string, string>> {
  const web = clients.inSubscription(app.subscriptionId).web;
  try {
    const found = app.slot
      ? await web.webApps.listApplicationSettingsSlot(app.resourceGroup, app.name, app.slot)
      : await web.webApps.listApplicationSettings(app.resourceGroup, app.name);
    return { ...(found.properties ?? {}) };
  } catch (error) {
    throw translateArmError(error, `the settings of ${describeApp(app)}`);
  }
}

/**
 * Sets `changes` and keeps every other setting as it is. Reads right before writing, so a setting
 * added meanwhile is not lost; writes nothing when everything already matches.
 */
export async function writeAppSettings(
  clients: ArmClients,
  app: AppRef,
  changes: Record<string, string>,
  remove: string[] = [],
): Promise<{ changedKeys: string[] }> {
  const current = await readAppSettings(clients, app);
  const changedKeys = [
    ...Object.keys(changes).filter((key) => current[key] !== changes[key]),
    ...remove.filter((key) => key in current && !(key in changes)),
  ];
  if (changedKeys.length === 0) return { changedKeys };
  const merged: Record<string, string> = { ...current, ...changes };
  for (const key of remove) if (!(key in changes)) delete merged[key];
  const web = clients.inSubscription(app.subscriptionId).web;
  try {
    if (app.slot) await web.webApps.updateApplicationSettingsSlot(app.resourceGroup, app.name, app.slot, { properties: merged });
    else await web.webApps.updateApplicationSettings(app.resourceGroup, app.name, { properties: merged });
  } catch (error) {
    throw translateArmError(error, `the settings of ${describeApp(app)}`);
  }
  return { changedKeys };
}

export const SQL_PORT = '1433';

/** The key that names a user-assigned identity's client id, per client language (Service Connector's keys). */
const IDENTITY_KEY: Partial<Record<ClientLanguage, string>> = { python: 'AZURE_SQL_USER', node: 'AZURE_SQL_CLIENTID' };

/** The identity key the app has but the wanted settings lack: left by another identity, it makes the app sign in as that one. */
export function staleIdentityKeys(client: ClientLanguage, wanted: Record<string, string>, current: Record<string, string>): string[] {
  const key = IDENTITY_KEY[client];
  return key !== undefined && !(key in wanted) && key in current ? [key] : [];
}

/** The AZURE_SQL_* settings for a client language (AZURE-FACTS "App settings a connected app expects"). */
export function sqlSettingsFor(
  client: ClientLanguage,
  v: { serverFqdn: string; database: string; userAssignedClientId?: string },
): Record<string, string> {
  const user = v.userAssignedClientId;
  switch (client) {
    case 'python':
      return {
        AZURE_SQL_SERVER: v.serverFqdn,
        AZURE_SQL_PORT: SQL_PORT,
        AZURE_SQL_DATABASE: v.database,
        AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
        ...(user ? { AZURE_SQL_USER: user } : {}),
      };
    case 'node':
      return {
        AZURE_SQL_SERVER: v.serverFqdn,
        AZURE_SQL_PORT: SQL_PORT,
        AZURE_SQL_DATABASE: v.database,
        AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default',
        ...(user ? { AZURE_SQL_CLIENTID: user } : {}),
      };
    case 'dotnet': {
      const userPart = user ? `User Id=${user};` : '';
      return {
        AZURE_SQL_CONNECTIONSTRING: `Server=tcp:${v.serverFqdn},${SQL_PORT};Database=${connectionStringValue(v.database)};${userPart}Authentication=Active Directory Managed Identity;Encrypt=True`,
      };
    }
    case 'none':
      return {};
    default:
      throw new Error(`Unknown client language: ${String(client satisfies never)}`);
  }
}

/** A connection string value, double-quoted when it holds a separator or quote (SqlClient's rules). */
function connectionStringValue(value: string): string {
  return /[;"'=]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
