// --print-sql: the database part of the plan as a script to hand to the server's admin (a DBA),
// safe to run twice: each step checks first, and all of it is one transaction.
import { quoteString } from '../sql/quote.js';
import { sidLiteral } from '../sql/sid.js';
import { statementFor } from './apply.js';
import type { Change } from './change.js';
import type { Observed } from './observed.js';

export function adminScript(changes: Change[], observed: Pick<Observed, 'identity' | 'server'>, database: string): string {
  const lines = [
    `-- Written by azsql-mi-setup: database access for the managed identity ${observed.identity.displayName}` +
      (observed.identity.clientId ? ` (client id ${observed.identity.clientId})` : ''),
    `-- Run as the Microsoft Entra admin of ${observed.server.fullyQualifiedDomainName} (or a db_owner), in database ${database}.`,
    '-- Safe to run again: each step checks first, and nothing is kept if a step fails.',
    'SET XACT_ABORT ON;',
    'BEGIN TRANSACTION;',
  ];
  for (const change of changes) lines.push(...guarded(change, observed));
  lines.push('COMMIT TRANSACTION;');
  return lines.join('\n') + '\n';
}

function guarded(change: Change, observed: Pick<Observed, 'identity'>): string[] {
  const statement = statementFor(change, observed).text;
  const action = change.action;
  switch (action.type) {
    case 'create-user': {
      const clientId = observed.identity.clientId;
      const exists =
        action.method === 'sid' && clientId
          ? `SELECT 1 FROM sys.database_principals WHERE sid = ${sidLiteral(clientId)}`
          : `SELECT 1 FROM sys.database_principals WHERE name = ${quoteString(action.userName)}`;
      return [`IF NOT EXISTS (${exists})`, `    ${statement}`];
    }
    case 'remove-role':
      return [`IF IS_ROLEMEMBER(${quoteString(action.role)}, ${quoteString(action.userName)}) = 1`, `    ${statement}`];
    default:
      // Adding a member that is already there changes nothing.
      return [statement];
  }
}
