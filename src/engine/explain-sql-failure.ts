// A failed T-SQL statement, turned into what happened and what to do (AZURE-FACTS "Error numbers").
import { AzureError, BlockedError } from '../errors.js';
import { SqlFailure } from '../sql/connection.js';

interface Where {
  server: string;
  database: string;
}

export function explainSqlFailure(error: unknown, where: Where): Error {
  if (!(error instanceof SqlFailure)) return error instanceof Error ? error : new Error(String(error));
  const said = `${where.server}/${where.database} answered: ${error.message}`;
  switch (error.number) {
    case 33159:
      return new AzureError(
        `Only a connection made with a Microsoft Entra identity can create Entra users (33159). ${said}`,
        'Connect with an Entra token (this tool does); if you connected through SQL authentication, sign in with az login instead.',
        error,
      );
    case 33130:
      return new AzureError(
        `The server could not look up the identity in Microsoft Entra ID (33130). ${said}`,
        "FROM EXTERNAL PROVIDER looks the user name up as a display name; it fails for a --user-name that is not the identity's name, or an identity made moments ago. Use the default --create-user sid, which needs no directory lookup.",
        error,
      );
    case 33134:
      return new AzureError(
        `The server could not look up the identity in Microsoft Entra ID (33134). ${said}`,
        "Signed in as an app, FROM EXTERNAL PROVIDER needs the server's own identity to hold Directory Readers. Use the default --create-user sid, which needs no directory lookup.",
        error,
      );
    case 33131:
      return new AzureError(
        `More than one directory object has this display name (33131). ${said}`,
        'Use the default --create-user sid, which matches the identity by its client id instead of its name.',
        error,
      );
    case 15023:
      return new BlockedError(
        `The database user already exists (15023). ${said}`,
        'Run this again: the plan then compares the existing user\'s SID with the identity\'s and shows whether it is stale.',
        error,
      );
    case 15063:
      return new BlockedError(
        `The identity already has a user in this database under another name (15063). ${said}`,
        'Run this again without --user-name: the plan then uses the existing user.',
        error,
      );
    case 15151:
      // The plan checked the roles against the database: here one went away since, or rights are missing.
      return new AzureError(
        `A role or user could not be altered: it does not exist, or you lack permission (15151). ${said}`,
        "Nothing in the database was changed. Run this again: the plan then checks --roles and --remove-roles against the database as it is now. Changing roles needs the server's Entra admin or db_owner.",
        error,
      );
    case 15247:
      return new BlockedError(
        `Your login may not create users or change roles in this database (15247). ${said}`,
        'Ask the server\'s Entra admin to run this, or to make you a member of db_owner.',
        error,
      );
    case 15138:
      return new BlockedError(
        `The user owns a schema and cannot be dropped (15138). ${said}`,
        'Transfer the schema to another owner first (ALTER AUTHORIZATION ON SCHEMA::<schema> TO dbo).',
        error,
      );
    default:
      return new AzureError(`A statement failed; nothing in the database was changed (the transaction was rolled back). ${said}`, undefined, error);
  }
}
