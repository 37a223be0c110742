// The server's Microsoft Entra admin. Its PUT is long-running, as in Azure: 202 with
// Azure-AsyncOperation and Location, the status answers InProgress and then Succeeded, and the
// new admin becomes visible only when the operation ends.
import type { SimSqlServerAdmin, World } from '../world.js';
import { guidFromText } from './ids.js';
import { findServer, sameName, sqlChildNotFound } from './lookup.js';
import { ArmFault, emptyResponse, jsonResponse } from './response.js';
import type { Params, Route, RouteContext } from './router.js';
import { serverParams, subscriptionIdOf } from './sql.js';
import { adminJson } from './sql-json.js';

const SERVER = 'subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{server}';
const LOCATION = 'subscriptions/{sub}/providers/Microsoft.Sql/locations/{location}';
const OPERATION_API_VERSION = '2020-11-01-preview';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sqlAdminRoutes: Route[] = [
  { pattern: `${SERVER}/administrators`, methods: { GET: listAdmins } },
  { pattern: `${SERVER}/administrators/{name}`, methods: { GET: getAdmin, PUT: putAdmin } },
  { pattern: `${LOCATION}/administratorAzureAsyncOperation/{operation}`, methods: { GET: getOperationStatus } },
  { pattern: `${LOCATION}/administratorOperationResults/{operation}`, methods: { GET: getOperationResult } },
];

interface PendingAdminChange {
  id: string;
  server: { sub: string; rg: string; server: string };
  admin: SimSqlServerAdmin;
  startedAt: number;
  polls: number;
  done: boolean;
}

/** Operations in flight, per world: they live as long as the process, like a poller does. */
const operations = new WeakMap<World, Map<string, PendingAdminChange>>();
let operationCounter = 0;

function listAdmins(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const subscriptionId = subscriptionIdOf(ctx, p);
  return jsonResponse(200, { value: server.admin ? [adminJson(subscriptionId, server, server.admin)] : [] });
}

function getAdmin(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  if (!sameName(p.name!, 'ActiveDirectory') || !server.admin) {
    throw sqlChildNotFound('Microsoft.Sql/servers/administrators', p.name!);
  }
  return jsonResponse(200, adminJson(subscriptionIdOf(ctx, p), server, server.admin));
}

function putAdmin(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  if (!sameName(p.name!, 'ActiveDirectory')) {
    throw new ArmFault(400, 'InvalidParameterValue', `Invalid value given for parameter administratorName: '${p.name}'. Use 'ActiveDirectory'.`);
  }
  const admin = adminFromBody(ctx.world, ctx.body);
  const subscriptionId = subscriptionIdOf(ctx, p);
  const id = guidFromText(`sim-operation-${operationCounter++}`);
  const change: PendingAdminChange = { id, server: serverParams(p), admin, startedAt: Date.now(), polls: 0, done: false };
  operationsOf(ctx.world).set(id, change);
  const base = `${ctx.origin}/subscriptions/${subscriptionId}/providers/Microsoft.Sql/locations/${server.location}`;
  return jsonResponse(
    202,
    { operation: 'UpsertActiveDirectoryAdministrator', startTime: new Date(change.startedAt).toISOString() },
    {
      'azure-asyncoperation': `${base}/administratorAzureAsyncOperation/${id}?api-version=${OPERATION_API_VERSION}`,
      location: `${base}/administratorOperationResults/${id}?api-version=${OPERATION_API_VERSION}`,
      ...retryAfter(ctx),
    },
  );
}

function getOperationStatus(ctx: RouteContext, p: Params) {
  const change = advance(ctx, p);
  const status = { name: change.id, status: change.done ? 'Succeeded' : 'InProgress', startTime: new Date(change.startedAt).toISOString() };
  return jsonResponse(200, status, change.done ? {} : retryAfter(ctx));
}

function getOperationResult(ctx: RouteContext, p: Params) {
  const change = advance(ctx, p);
  if (!change.done) return emptyResponse(202, { location: ctx.url.href, ...retryAfter(ctx) });
  const server = findServer(ctx.world, change.server);
  return jsonResponse(200, adminJson(subscriptionIdOf(ctx, p), server, change.admin));
}

/** Counts a poll; the change lands once enough polls and enough time have passed. */
function advance(ctx: RouteContext, p: Params): PendingAdminChange {
  const change = operationsOf(ctx.world).get(p.operation!.toLowerCase());
  if (!change) {
    throw new ArmFault(404, 'ResourceNotFound', `The requested operation '${p.operation}' was not found.`);
  }
  if (change.done) return change;
  change.polls += 1;
  const enoughPolls = change.polls > (ctx.options.inProgressPolls ?? 1);
  const enoughTime = Date.now() - change.startedAt >= (ctx.options.pollDelayMs ?? 0);
  if (enoughPolls && enoughTime) {
    const server = findServer(ctx.world, change.server);
    server.admin = change.admin;
    change.done = true;
    ctx.store.save();
  }
  return change;
}

/**
 * Retry-After in whole seconds, only when the operation is meant to take time: core-lro ignores
 * 'Retry-After: 0' (it is falsy) and polls at updateIntervalInMs (default 2 s) instead.
 */
function retryAfter(ctx: RouteContext): Record<string, string> {
  const ms = ctx.options.pollDelayMs ?? 0;
  return ms > 0 ? { 'retry-after': String(Math.ceil(ms / 1000)) } : {};
}

function operationsOf(world: World): Map<string, PendingAdminChange> {
  let map = operations.get(world);
  if (!map) {
    map = new Map();
    operations.set(world, map);
  }
  return map;
}

function adminFromBody(world: World, body: unknown): SimSqlServerAdmin {
  const properties = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const { administratorType, login, sid, tenantId } = properties;
  if (administratorType !== 'ActiveDirectory') {
    throw invalid('administratorType', administratorType);
  }
  if (typeof login !== 'string' || login.trim() === '') throw invalid('login', login);
  if (typeof sid !== 'string' || !GUID.test(sid)) throw invalid('sid', sid);
  if (typeof tenantId !== 'string' || !sameName(tenantId, world.tenantId)) throw invalid('tenantId', tenantId);
  return { login, sid: sid.toLowerCase(), tenantId: world.tenantId, principalType: principalTypeOf(world, sid) };
}

/** Users and groups are named by object id, applications by their client (application) id. */
function principalTypeOf(world: World, sid: string): SimSqlServerAdmin['principalType'] {
  const byObjectId = world.directory.find((o) => sameName(o.objectId, sid));
  if (byObjectId?.kind === 'user') return 'User';
  if (byObjectId?.kind === 'group') return 'Group';
  const app = world.directory.find((o) => o.kind === 'servicePrincipal' && o.appId && sameName(o.appId, sid));
  if (app) return 'Application';
  const hint = byObjectId ? ' (that is the object id of a service principal: an application admin is named by its client id)' : '';
  throw new ArmFault(400, 'InvalidParameterValue', `Invalid value given for parameter sid: '${sid}' is not a user, group or application in the tenant${hint}.`);
}

function invalid(parameter: string, value: unknown): ArmFault {
  return new ArmFault(400, 'InvalidParameterValue', `Invalid value given for parameter ${parameter}: '${String(value)}'. Specify a valid parameter value.`);
}

