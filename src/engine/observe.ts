// observe(): read-only, concurrent where independent. ARM first (app, identity, server, database),
// then the database itself through an admin connection when one can be had.
import { UsageError } from '../errors.js';
import { readApp } from '../azure/app.js';
import { readAppSettings } from '../azure/app-settings.js';
import { readUserAssignedIdentity } from '../azure/identity.js';
import { readDatabaseExists, readServer } from '../azure/sql-server.js';
import type { SqlConnection } from '../sql/connection.js';
import { readDatabase } from '../sql/read-database.js';
import { sidHexFromClientId } from '../sql/sid.js';
import { connectToDatabase } from './connect-database.js';
import type { EngineContext } from './context.js';
import type { Observed, ObservedApp, ObservedDatabase, ObservedServer } from './observed.js';
import { adminIsMe } from './plan.js';
import type { Target } from './target.js';

export interface ObserveOptions {
  /** False for --dry-run: nothing is written, not even a temporary firewall rule. */
  mayOpenFirewall: boolean;
  /** False for --print-sql: the script is for someone else to run, so the database is not read. */
  readDatabase?: boolean;
}

export interface Observation {
  observed: Observed;
  /** The admin connection, kept open for apply; undefined when the database could not be reached. */
  connection?: SqlConnection;
}

export async function observe(ctx: EngineContext, target: Target, options: ObserveOptions): Promise<Observation> {
  const [app, server, databaseExists, userAssigned] = await Promise.all([
    readAppWithSettings(ctx, target),
    readServer(ctx.clients, target.server),
    readDatabaseExists(ctx.clients, target.server, target.database),
    target.identity.kind === 'user' ? readUserAssignedIdentity(ctx.clients, target.identity.resourceId) : undefined,
  ]);
  if (!databaseExists) {
    throw new UsageError(
      `Database ${target.database} was not found on server ${server.name} (resource group ${server.resourceGroup}).`,
      'Check --database; list the databases with: az sql db list -g <group> -s <server> -o table',
    );
  }
  const identity = identityOf(target, app, userAssigned);
  const base = { me: ctx.me, app, identity, server };
  const who = { userName: target.userName ?? identity.displayName, clientId: identity.clientId };
  const { database, connection, firewallIpNeeded } = await observeDatabase(ctx, target, server, who, options);
  return {
    observed: { ...base, database, ...(firewallIpNeeded ? { firewallIpNeeded } : {}) },
    ...(connection ? { connection } : {}),
  };
}

async function readAppWithSettings(ctx: EngineContext, target: Target): Promise<ObservedApp> {
  const [app, settings] = await Promise.allSettled([readApp(ctx.clients, target.app), readAppSettings(ctx.clients, target.app)]);
  // A missing app or slot fails both reads; its own error names it best.
  if (app.status === 'rejected') throw app.reason;
  if (settings.status === 'rejected') throw settings.reason;
  return { ...app.value, settings: settings.value };
}

/** The target's identity as the app has it now. */
export function identityOf(
  target: Target,
  app: ObservedApp,
  userAssigned: { resourceId: string; name: string; clientId: string; principalId: string } | undefined,
): Observed['identity'] {
  if (target.identity.kind === 'system') {
    const system = app.systemAssigned;
    return {
      kind: 'system',
      enabled: system !== undefined,
      attached: system !== undefined,
      ...(system ? { clientId: system.clientId, principalId: system.principalId } : {}),
      displayName: app.slot ? `${app.name}/slots/${app.slot}` : app.name,
    };
  }
  const wanted = target.identity.resourceId.toLowerCase();
  const attached = app.userAssigned.some((u) => u.resourceId.toLowerCase() === wanted);
  return {
    kind: 'user',
    enabled: true,
    attached,
    resourceId: userAssigned?.resourceId ?? target.identity.resourceId,
    ...(userAssigned ? { clientId: userAssigned.clientId, principalId: userAssigned.principalId } : {}),
    displayName: userAssigned?.name ?? target.identity.resourceId.split('/').pop() ?? '',
  };
}

interface DatabaseObservation {
  database: ObservedDatabase;
  connection?: SqlConnection;
  firewallIpNeeded?: string;
}

async function observeDatabase(
  ctx: EngineContext,
  target: Target,
  server: ObservedServer,
  who: { userName: string; clientId: string | undefined },
  options: ObserveOptions,
): Promise<DatabaseObservation> {
  if (options.readDatabase === false) return { database: { reachable: false, reason: 'not-read' } };
  if (!server.admin) return { database: { reachable: false, reason: 'no-admin' } };
  const outcome = await connectToDatabase(ctx, target, server, { mayOpenFirewall: options.mayOpenFirewall });
  if (!outcome.ok && outcome.reason === 'firewall') {
    return { database: { reachable: false, reason: 'dry-run-firewall' }, firewallIpNeeded: outcome.ip };
  }
  if (!outcome.ok) {
    const replacing = target.adminPolicy === 'me' && !adminIsMe(server.admin, ctx.me);
    return { database: { reachable: false, reason: replacing ? 'admin-replaced-by-plan' : 'login-refused', detail: outcome.detail } };
  }
  const connection = outcome.connection;
  ctx.cleanup.add('close the database connection', () => connection.close());
  const database = await readDatabaseFor(connection, who);
  return { database, connection };
}

export function readDatabaseFor(connection: SqlConnection, who: { userName: string; clientId: string | undefined }) {
  return readDatabase(connection, {
    userName: who.userName,
    ...(who.clientId ? { sidHex: sidHexFromClientId(who.clientId) } : {}),
  });
}
