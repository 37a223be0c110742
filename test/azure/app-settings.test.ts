import { describe, expect, it } from 'vitest';
import { sqlSettingsFor } from '../../src/sql/connection-settings.js';

const v = { serverFqdn: 'contoso-sql.database.windows.net', database: 'orders' };
const clientId = '0c1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6';

describe('sqlSettingsFor', () => {
  it('python: pyodbc keys with ActiveDirectoryMsi; AZURE_SQL_USER for a user-assigned identity', () => {
    expect(sqlSettingsFor('python', v)).toEqual({
      AZURE_SQL_SERVER: 'contoso-sql.database.windows.net',
      AZURE_SQL_PORT: '1433',
      AZURE_SQL_DATABASE: 'orders',
      AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
    });
    expect(sqlSettingsFor('python', { ...v, userAssignedClientId: clientId }).AZURE_SQL_USER).toBe(clientId);
  });

  it('node: mssql keys with azure-active-directory-default; AZURE_SQL_CLIENTID for a user-assigned identity', () => {
    expect(sqlSettingsFor('node', v)).toEqual({
      AZURE_SQL_SERVER: 'contoso-sql.database.windows.net',
      AZURE_SQL_PORT: '1433',
      AZURE_SQL_DATABASE: 'orders',
      AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default',
    });
    expect(sqlSettingsFor('node', { ...v, userAssignedClientId: clientId })).toMatchObject({ AZURE_SQL_CLIENTID: clientId });
  });

  it('dotnet: one connection string; User Id only for a user-assigned identity', () => {
    expect(sqlSettingsFor('dotnet', v)).toEqual({
      AZURE_SQL_CONNECTIONSTRING:
        'Server=tcp:contoso-sql.database.windows.net,1433;Database=orders;Authentication=Active Directory Managed Identity;Encrypt=True',
    });
    expect(sqlSettingsFor('dotnet', { ...v, userAssignedClientId: clientId }).AZURE_SQL_CONNECTIONSTRING).toBe(
      `Server=tcp:contoso-sql.database.windows.net,1433;Database=orders;User Id=${clientId};Authentication=Active Directory Managed Identity;Encrypt=True`,
    );
    // A database name with a separator is quoted, so it cannot add keys to the string.
    expect(sqlSettingsFor('dotnet', { ...v, database: 'a;Password=x' }).AZURE_SQL_CONNECTIONSTRING).toContain('Database="a;Password=x";');
  });

  it('none: no settings', () => {
    expect(sqlSettingsFor('none', { ...v, userAssignedClientId: clientId })).toEqual({});
  });
});
