// verify(): read again what was changed and check it now matches the target.
import { readApp } from '../azure/app.js';
import { readAppSettings } from '../azure/app-settings.js';
import { sqlSettingsFor, staleIdentityKeys } from '../sql/connection-settings.js';
import type { SqlConnection } from '../sql/connection.js';
import { quoteName } from '../sql/quote.js';
import { sidHexFromClientId } from '../sql/sid.js';
import type { Change } from './change.js';
import type { EngineContext } from './context.js';
import type { Observed } from './observed.js';
import { readDatabaseFor } from './observe.js';
import { userNameFor } from './plan.js';
import type { Target } from './target.js';

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

export async function verify(
  ctx: EngineContext,
  target: Target,
  observed: Observed,
  changes: Change[],
  connection: SqlConnection | undefined,
): Promise<Check[]> {
  const [app, settings] = await Promise.all([readApp(ctx.clients, target.app), readAppSettings(ctx.clients, target.app)]);
  const clientId =
    observed.identity.kind === 'system'
      ? app.systemAssigned?.clientId
      : app.userAssigned.find((u) => u.resourceId.toLowerCase() === observed.identity.resourceId?.toLowerCase())?.clientId;
  const checks: Check[] = [
    {
      what: 'identity',
      ok: clientId !== undefined,
      detail: clientId ? `${observed.identity.displayName} has client id ${clientId}` : `the app has no such identity enabled`,
    },
    settingsCheck(target, observed, settings),
  ];
  if (connection && clientId) checks.push(...(await databaseChecks(target, observed, changes, connection, clientId)));
  return checks;
}

function settingsCheck(target: Target, observed: Observed, settings: Record<string, string>): Check {
  const wanted = sqlSettingsFor(target.client, {
    serverFqdn: observed.server.fullyQualifiedDomainName,
    database: target.database,
    ...(observed.identity.kind === 'user' && observed.identity.clientId ? { userAssignedClientId: observed.identity.clientId } : {}),
  });
  const wrong = [...Object.keys(wanted).filter((k) => settings[k] !== wanted[k]), ...staleIdentityKeys(target.client, wanted, settings)];
  return {
    what: 'app settings',
    ok: wrong.length === 0,
    detail: wrong.length === 0 ? `${Object.keys(wanted).length} AZURE_SQL_* settings in place` : `not as expected: ${wrong.join(', ')}`,
  };
}

async function databaseChecks(
  target: Target,
  observed: Observed,
  changes: Change[],
  connection: SqlConnection,
  clientId: string,
): Promise<Check[]> {
  const database = await readDatabaseFor(connection, { userName: userNameFor(target, observed), clientId });
  const user = database.userBySid;
  const sid = sidHexFromClientId(clientId);
  if (!user) {
    return [{ what: 'database user', ok: false, detail: `no user in ${target.database} has SID 0x${sid} (client id ${clientId})` }];
  }
  const has = (role: string) => user.roles.some((r) => r.toLowerCase() === role.toLowerCase());
  const wanted = rolesNamed(changes, 'role:add:');
  const unwanted = rolesNamed(changes, 'role:remove:');
  const missing = wanted.filter((r) => !has(r));
  const extra = unwanted.filter(has);
  return [
    { what: 'database user', ok: true, detail: `${quoteName(user.name)} has SID 0x${sid}, the identity's client id` },
    {
      what: 'roles',
      ok: missing.length === 0 && extra.length === 0,
      detail:
        missing.length + extra.length === 0
          ? `member of ${user.roles.join(', ') || 'no roles'}`
          : [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `still in ${extra.join(', ')}` : ''].filter(Boolean).join('; '),
    },
  ];
}

function rolesNamed(changes: Change[], prefix: string): string[] {
  return changes.filter((c) => c.id.startsWith(prefix)).map((c) => c.id.slice(prefix.length));
}
