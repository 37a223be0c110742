// apply(): runs exactly the planned changes, in dependency order: the independent ARM changes
// concurrently, then the database user and its roles in one transaction.
import { BlockedError, UserFacingError } from '../errors.js';
import { attachUserIdentity, enableSystemIdentity, IdentityNotReadyError, readApp } from '../azure/app.js';
import { writeAppSettings } from '../azure/app-settings.js';
import { setEntraAdmin } from '../azure/sql-server.js';
import type { SqlConnection, SqlStatement } from '../sql/connection.js';
import { addRoleMember, createUserFromExternalProvider, createUserWithSid, dropRoleMember } from '../sql/statements.js';
import { pendingChanges, type Change } from './change.js';
import { connectToDatabase } from './connect-database.js';
import type { ChangeOutcome, EngineContext } from './context.js';
import { explainSqlFailure } from './explain-sql-failure.js';
import type { Observed } from './observed.js';
import { readDatabaseFor, type Observation } from './observe.js';
import { plan, userNameFor } from './plan.js';
import type { Target } from './target.js';

export interface ApplyResult {
  outcomes: Map<string, ChangeOutcome>;
  /** The state after the ARM changes: the identity's client id is known from here on. */
  observed: Observed;
  /** The database changes actually run; differs from the plan's only when the database could not be read before. */
  databaseChanges: Change[];
  connection?: SqlConnection;
}

const ARM_CHANGE_IDS = new Set(['identity', 'admin', 'settings']);

export async function apply(ctx: EngineContext, target: Target, observation: Observation, changes: Change[]): Promise<ApplyResult> {
  const outcomes = new Map<string, ChangeOutcome>();
  const pending = pendingChanges(changes);
  const step = (change: Change, work: () => Promise<string | void>) => runStep(ctx, outcomes, change, work);

  await Promise.all(
    pending.filter((c) => ARM_CHANGE_IDS.has(c.id)).map((c) => step(c, () => applyArmChange(ctx, target, observation.observed, c))),
  );
  const observed = await refreshIdentity(ctx, target, observation.observed, outcomes);
  const result: ApplyResult = { outcomes, observed, databaseChanges: pending.filter((c) => !ARM_CHANGE_IDS.has(c.id)) };
  if (result.databaseChanges.length === 0) return withConnection(result, observation.connection);

  const blockedBy = result.databaseChanges.flatMap((c) => c.dependsOn).find((id) => outcomes.get(id)?.status === 'failed');
  if (blockedBy) {
    for (const change of result.databaseChanges) skip(ctx, outcomes, change, `${blockedBy} failed`);
    return withConnection(result, observation.connection);
  }
  let connection = observation.connection;
  try {
    connection ??= await connectAfterAdmin(ctx, target, observed, outcomes);
    if (!observation.observed.database.reachable) {
      result.databaseChanges = await replanDatabase(ctx, target, observed, connection);
    }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    for (const change of result.databaseChanges) end(ctx, outcomes, change, { status: 'failed', error: failure });
    return withConnection(result, connection);
  }
  await applyDatabaseChanges(ctx, outcomes, result.databaseChanges, connection, observed, target);
  return withConnection(result, connection);
}

function withConnection(result: ApplyResult, connection: SqlConnection | undefined): ApplyResult {
  return connection ? { ...result, connection } : result;
}

async function applyArmChange(ctx: EngineContext, target: Target, observed: Observed, change: Change): Promise<void> {
  const action = change.action;
  switch (action.type) {
    case 'enable-system-identity':
      await enableSystemIdentity(ctx.clients, target.app, observed.app);
      return;
    case 'attach-user-identity':
      await attachUserIdentity(ctx.clients, target.app, observed.app, action.resourceId);
      return;
    case 'set-admin':
      await setEntraAdmin(
        ctx.clients,
        target.server,
        { login: action.login, sid: action.sid, tenantId: action.tenantId, principalType: action.principalType },
        ctx.timing.pollIntervalMs !== undefined ? { updateIntervalInMs: ctx.timing.pollIntervalMs } : {},
      );
      return;
    case 'write-settings':
      await writeAppSettings(ctx.clients, target.app, action.settings, action.remove);
      return;
    default:
      throw new Error(`Bug: change ${change.id} (${action.type}) is not an ARM change.`);
  }
}

/** After the identity change, read the app again: a newly enabled identity's client id only exists now. */
async function refreshIdentity(
  ctx: EngineContext,
  target: Target,
  observed: Observed,
  outcomes: Map<string, ChangeOutcome>,
): Promise<Observed> {
  if (outcomes.get('identity')?.status !== 'done') return observed;
  const identity = { ...observed.identity, enabled: true, attached: true };
  const app = { ...(await readAppOnceIdentityExists(ctx, target)), settings: observed.app.settings };
  const clientId =
    identity.kind === 'system'
      ? app.systemAssigned?.clientId
      : // A user-assigned identity's client id was read from its own resource; the site's copy may lag.
        app.userAssigned.find((u) => u.resourceId.toLowerCase() === identity.resourceId?.toLowerCase())?.clientId || identity.clientId;
  if (!clientId) {
    throw new UserFacingError(`The identity of ${app.name} was changed, but ARM reports no client id for it yet.`, {
      exitCode: 1,
      suggestion: 'Run this again in a minute: the database user is created then.',
    });
  }
  return { ...observed, app, identity: { ...identity, clientId, principalId: identity.principalId ?? '' } };
}

/** A just-enabled system identity can take a few seconds to appear at its identities/default resource. */
async function readAppOnceIdentityExists(ctx: EngineContext, target: Target) {
  const delays = [...ctx.timing.newIdentityDelaysMs];
  for (;;) {
    try {
      return await readApp(ctx.clients, target.app);
    } catch (error) {
      const wait = error instanceof IdentityNotReadyError ? delays.shift() : undefined;
      if (wait === undefined) throw error;
      ctx.events.status?.(`Waiting for the new identity's client id (retrying in ${Math.round(wait / 1000)}s)`);
      await ctx.sleep(wait);
    }
  }
}

async function connectAfterAdmin(
  ctx: EngineContext,
  target: Target,
  observed: Observed,
  outcomes: Map<string, ChangeOutcome>,
): Promise<SqlConnection> {
  const adminJustSet = outcomes.get('admin')?.status === 'done';
  const outcome = await connectToDatabase(ctx, target, observed.server, { mayOpenFirewall: true, adminJustSet });
  if (outcome.ok) {
    ctx.cleanup.add('close the database connection', () => outcome.connection.close());
    return outcome.connection;
  }
  if (outcome.reason === 'firewall') throw new Error('Bug: the firewall outcome is only returned when rules may not be opened.');
  throw new BlockedError(
    `Server ${observed.server.name} refused your sign-in (${ctx.me.name}) even though you are its Entra admin now.`,
    "The admin change can take a few minutes to reach the database: run this again shortly. If it persists, check that your token's tenant is the server's.",
  );
}

/** The database could not be read when planning (no admin yet): read it now and plan just its part again. */
async function replanDatabase(ctx: EngineContext, target: Target, observed: Observed, connection: SqlConnection): Promise<Change[]> {
  const database = await readDatabaseFor(connection, { userName: userNameFor(target, observed), clientId: observed.identity.clientId });
  const admin = { login: ctx.me.name, sid: ctx.me.appId ?? ctx.me.objectId, tenantId: ctx.me.tenantId };
  const fresh = plan(target, { ...observed, database, server: { ...observed.server, admin } });
  const blocked = fresh.find((c) => c.kind === 'blocked');
  if (blocked) throw new BlockedError(`${blocked.summary}. ${blocked.detail}`, blocked.blocked?.options.join('\n'));
  return pendingChanges(fresh).filter((c) => !ARM_CHANGE_IDS.has(c.id));
}

async function applyDatabaseChanges(
  ctx: EngineContext,
  outcomes: Map<string, ChangeOutcome>,
  changes: Change[],
  connection: SqlConnection,
  observed: Observed,
  target: Target,
): Promise<void> {
  if (changes.length === 0) return;
  const statements = changes.map((c) => statementFor(c, observed));
  for (const change of changes) ctx.events.changeStarted?.(change);
  try {
    await connection.runInTransaction(statements);
  } catch (error) {
    const explained = explainSqlFailure(error, { server: observed.server.name, database: target.database });
    for (const change of changes) end(ctx, outcomes, change, { status: 'failed', error: explained, rolledBack: true });
    return;
  }
  for (const change of changes) end(ctx, outcomes, change, { status: 'done' });
}

/** The one T-SQL statement a database change runs. */
export function statementFor(change: Change, observed: Pick<Observed, 'identity'>): SqlStatement {
  const action = change.action;
  switch (action.type) {
    case 'create-user':
      if (action.method === 'external-provider') return createUserFromExternalProvider(action.userName);
      if (!observed.identity.clientId) throw new Error('Bug: creating a user by SID before the client id is known.');
      return createUserWithSid(action.userName, observed.identity.clientId);
    case 'add-role':
      return addRoleMember(action.role, action.userName);
    case 'remove-role':
      return dropRoleMember(action.role, action.userName);
    default:
      throw new Error(`Bug: change ${change.id} (${action.type}) is not a database change.`);
  }
}

async function runStep(
  ctx: EngineContext,
  outcomes: Map<string, ChangeOutcome>,
  change: Change,
  work: () => Promise<string | void>,
): Promise<void> {
  ctx.events.changeStarted?.(change);
  try {
    const note = await work();
    end(ctx, outcomes, change, note ? { status: 'done', note } : { status: 'done' });
  } catch (error) {
    end(ctx, outcomes, change, { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
  }
}

function skip(ctx: EngineContext, outcomes: Map<string, ChangeOutcome>, change: Change, reason: string): void {
  end(ctx, outcomes, change, { status: 'skipped', reason });
}

function end(ctx: EngineContext, outcomes: Map<string, ChangeOutcome>, change: Change, outcome: ChangeOutcome): void {
  outcomes.set(change.id, outcome);
  ctx.events.changeEnded?.(change, outcome);
}
