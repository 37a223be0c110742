// The T-SQL the tool runs to change a database. DDL takes no parameters, so names are quoted here.
import type { SqlStatement } from './connection.js';
import { quoteName } from './quote.js';
import { isGuid, sidLiteral } from './sid.js';
import { UsageError } from '../errors.js';

/** A contained user for an Entra principal, made without a Graph lookup (TYPE = E: user or app). */
export function createUserWithSid(userName: string, clientId: string): SqlStatement {
  return { text: `CREATE USER ${quoteName(userName)} WITH SID = ${sidLiteral(clientId)}, TYPE = E;` };
}

/** A contained user the server resolves in Entra by display name, or by object id when given. */
export function createUserFromExternalProvider(userName: string, objectId?: string): SqlStatement {
  const name = quoteName(userName);
  if (objectId === undefined) {
    return { text: `CREATE USER ${name} FROM EXTERNAL PROVIDER;` };
  }
  if (!isGuid(objectId)) {
    throw new UsageError(`'${objectId}' is not an object id (a GUID).`);
  }
  return { text: `CREATE USER ${name} FROM EXTERNAL PROVIDER WITH OBJECT_ID = '${objectId.toLowerCase()}';` };
}

export function addRoleMember(role: string, userName: string): SqlStatement {
  return { text: `ALTER ROLE ${quoteName(role)} ADD MEMBER ${quoteName(userName)};` };
}

export function dropRoleMember(role: string, userName: string): SqlStatement {
  return { text: `ALTER ROLE ${quoteName(role)} DROP MEMBER ${quoteName(userName)};` };
}

/** Removes a database user (for example a stale one whose SID no longer matches its identity). */
export function dropUser(userName: string): SqlStatement {
  return { text: `DROP USER ${quoteName(userName)};` };
}
