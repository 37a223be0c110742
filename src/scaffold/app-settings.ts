// The AZURE_SQL_* settings a connected app reads: the keys Azure Service Connector uses (AZURE-FACTS "App settings").
import type { ScaffoldLanguage } from './values.js';

export const SQL_PORT = '1433';

export interface SqlSettingsInput {
  /** The server's fully qualified domain name. */
  server: string;
  database: string;
  /** A user-assigned identity's client id; absent for a system-assigned identity. */
  identityClientId?: string;
}

/** The settings for one client language, in the order a person would read them. */
export function sqlAppSettings(language: ScaffoldLanguage, input: SqlSettingsInput): Record<string, string> {
  const common = { AZURE_SQL_SERVER: input.server, AZURE_SQL_PORT: SQL_PORT, AZURE_SQL_DATABASE: input.database };
  const clientId = input.identityClientId;
  if (language === 'python') {
    return { ...common, AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi', ...(clientId ? { AZURE_SQL_USER: clientId } : {}) };
  }
  return {
    ...common,
    AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default',
    ...(clientId ? { AZURE_SQL_CLIENTID: clientId } : {}),
  };
}
