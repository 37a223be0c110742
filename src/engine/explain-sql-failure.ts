// A failed T-SQL statement, turned into what happened and what to do (AZURE-FACTS "Error numbers").
import { AzureError, BlockedError } from '../errors.js';
import { SqlFailure } from '../sql/connection.js';

interface Where {
  server: string;
  database: string;
}

interface Explanation {
  /** Blocked (exit 3) when a decision or someone else's action is needed; failed (exit 1) otherwise. */
  blocked: boolean;
  what: string;
  fix: string;
}

const EXPLANATIONS: Record<number, Explanation> = {
  33159: {
    blocked: false,
    what: 'Only a connection made with a Microsoft Entra identity can create Entra users',
    fix: 'Connect with an Entra token (this tool does); if you connected through SQL authentication, sign in with az login instead.',
  },
  33130: {
    blocked: false,
    what: 'The server could not look up the identity in Microsoft Entra ID',
    fix: "FROM EXTERNAL PROVIDER looks the user name up as a display name; it fails for a --user-name that is not the identity's name, or an identity made moments ago. Use the default --create-user sid, which needs no directory lookup.",
  },
  33134: {
    blocked: false,
    what: 'The server could not look up the identity in Microsoft Entra ID',
    fix: "Signed in as an app, FROM EXTERNAL PROVIDER needs the server's own identity to hold Directory Readers. Use the default --create-user sid, which needs no directory lookup.",
  },
  33131: {
    blocked: false,
    what: 'More than one directory object has this display name',
    fix: 'Use the default --create-user sid, which matches the identity by its client id instead of its name.',
  },
  15023: {
    blocked: true,
    what: 'The database user already exists',
    fix: "Run this again: the plan then compares the existing user's SID with the identity's and shows whether it is stale.",
  },
  15063: {
    blocked: true,
    what: 'The identity already has a user in this database under another name',
    fix: 'Run this again without --user-name: the plan then uses the existing user.',
  },
  // The plan checked the roles against the database: here one went away since, or rights are missing.
  15151: {
    blocked: false,
    what: 'A role or user could not be altered: it does not exist, or you lack permission',
    fix: "Nothing in the database was changed. Run this again: the plan then checks --roles and --remove-roles against the database as it is now. Changing roles needs the server's Entra admin or db_owner.",
  },
  15247: {
    blocked: true,
    what: 'Your login may not create users or change roles in this database',
    fix: "Ask the server's Entra admin to run this, or to make you a member of db_owner.",
  },
  15138: {
    blocked: true,
    what: 'The user owns a schema and cannot be dropped',
    fix: 'Transfer the schema to another owner first (ALTER AUTHORIZATION ON SCHEMA::<schema> TO dbo).',
  },
};

export function explainSqlFailure(error: unknown, where: Where): Error {
  if (!(error instanceof SqlFailure)) return error instanceof Error ? error : new Error(String(error));
  const said = `${where.server}/${where.database} answered: ${error.message}`;
  const known = error.number === undefined ? undefined : EXPLANATIONS[error.number];
  if (!known) {
    return new AzureError(`A statement failed; nothing in the database was changed (the transaction was rolled back). ${said}`, undefined, error);
  }
  const message = `${known.what} (${error.number}). ${said}`;
  return known.blocked ? new BlockedError(message, known.fix, error) : new AzureError(message, known.fix, error);
}
