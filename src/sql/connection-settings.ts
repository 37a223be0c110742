// The AZURE_SQL_* settings a connected app reads (the same keys Azure Service Connector writes):
// one table for the engine, which writes them, and the scaffold, whose samples read them.
import type { ClientLanguage } from '../engine/target.js';

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
