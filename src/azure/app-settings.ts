// The app's settings: read, merge, write (the PUT replaces the whole set). Which AZURE_SQL_* keys to
// write is decided in src/sql/connection-settings.ts.

import type { AppRef } from '../engine/target.js';
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
