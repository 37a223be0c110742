// The fixed database roles, least privilege first, each with what it lets the app do in one line.

export const FIXED_ROLE_MEANINGS: readonly (readonly [role: string, meaning: string])[] = [
  ['db_datareader', 'read every table and view'],
  ['db_datawriter', 'insert, update and delete rows in every table'],
  ['db_ddladmin', 'create, alter and drop tables, views and procedures'],
  ['db_denydatareader', 'never read any table (overrides grants)'],
  ['db_denydatawriter', 'never change any table (overrides grants)'],
  ['db_backupoperator', 'back up the database (Azure manages backups)'],
  ['db_accessadmin', 'add and remove database users'],
  ['db_securityadmin', 'manage roles and permissions (can make itself owner)'],
  ['db_owner', 'everything, including dropping the database'],
];

export function meaningOf(role: string): string | undefined {
  return FIXED_ROLE_MEANINGS.find(([name]) => name.toLowerCase() === role.toLowerCase())?.[1];
}
