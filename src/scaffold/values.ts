// What a scaffold is asked for, and the checks that turn a bad value into a usage error before any file is written.
import { UsageError } from '../errors.js';

export const SCAFFOLD_LANGUAGES = ['python', 'node-ts'] as const;
export type ScaffoldLanguage = (typeof SCAFFOLD_LANGUAGES)[number];

export interface ScaffoldOptions {
  language: ScaffoldLanguage;
  outDir: string;
  /** The Function App's name (used in the README's deploy command and the package name). */
  app: string;
  /** The server's fully qualified domain name. */
  server: string;
  database: string;
  /** Only for a user-assigned identity: its client id. */
  identityClientId?: string;
  /** Overwrite files that are already in outDir. */
  force?: boolean;
  /** Check everything (values, folder, files that would be overwritten) and write nothing. */
  checkOnly?: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// App Service names: letters, digits and hyphens.
const APP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isScaffoldLanguage(value: string): value is ScaffoldLanguage {
  return (SCAFFOLD_LANGUAGES as readonly string[]).includes(value);
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Throws a UsageError naming the first value that cannot go into a generated project. */
export function checkScaffoldOptions(options: ScaffoldOptions): void {
  if (!isScaffoldLanguage(options.language)) {
    throw new UsageError(`Unknown language '${options.language}'.`, `Use one of: ${SCAFFOLD_LANGUAGES.join(', ')}.`);
  }
  if (!APP_NAME.test(options.app)) {
    throw new UsageError(`'${options.app}' is not a Function App name.`, 'App names have letters, digits and hyphens.');
  }
  if (!HOST_NAME.test(options.server)) {
    throw new UsageError(
      `'${options.server}' is not a server host name.`,
      'Give the server as its fully qualified name, for example myserver.database.windows.net.',
    );
  }
  // Database names are free text up to 128 characters; control characters could only be a mistake.
  if (options.database.length === 0 || options.database.length > 128 || /\p{Cc}/u.test(options.database)) {
    throw new UsageError(`'${options.database}' is not a database name.`);
  }
  if (options.identityClientId !== undefined && !isGuid(options.identityClientId)) {
    throw new UsageError(
      `'${options.identityClientId}' is not a client id.`,
      "A user-assigned identity's client id is a GUID, as on its Overview page.",
    );
  }
}
