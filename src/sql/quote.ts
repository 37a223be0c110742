// Identifier and string quoting for T-SQL that cannot take parameters (DDL), as QUOTENAME does.
import { UsageError } from '../errors.js';

/** sysname is nvarchar(128): SQL Server counts UTF-16 code units, as JavaScript's length does. */
export const MAX_NAME_LENGTH = 128;

/** [name] with ] doubled. */
export function quoteName(name: string): string {
  if (name.length === 0) {
    throw new UsageError('A database name, user name or role name cannot be empty.');
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `'${name}' is ${name.length} characters long; SQL Server names have at most ${MAX_NAME_LENGTH}.`,
      'Choose a shorter name (for the database user: --user-name).',
    );
  }
  return `[${name.replace(/]/g, ']]')}]`;
}

/** N'...' with ' doubled. */
export function quoteString(s: string): string {
  return `N'${s.replace(/'/g, "''")}'`;
}
