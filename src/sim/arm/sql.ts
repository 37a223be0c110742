// Microsoft.Sql: servers, databases, firewall rules and Entra-only authentication.
import type { SimFirewallRule } from '../world.js';
import { findResourceGroup, findServer, findSubscription, sameName, sqlChildNotFound } from './lookup.js';
import { ArmFault, emptyResponse, jsonResponse } from './response.js';
import type { Params, Route, RouteContext } from './router.js';
import { adOnlyJson, databaseJson, firewallRuleJson, serverJson } from './sql-json.js';

const SERVERS = 'subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/servers';
const SERVER = `${SERVERS}/{server}`;

export const sqlRoutes: Route[] = [
  { pattern: 'subscriptions/{sub}/providers/Microsoft.Sql/servers', methods: { GET: listServersInSubscription } },
  { pattern: SERVERS, methods: { GET: listServersInGroup } },
  { pattern: SERVER, methods: { GET: getServer } },
  { pattern: `${SERVER}/databases`, methods: { GET: listDatabases } },
  { pattern: `${SERVER}/databases/{database}`, methods: { GET: getDatabase } },
  { pattern: `${SERVER}/firewallRules`, methods: { GET: listFirewallRules } },
  { pattern: `${SERVER}/firewallRules/{rule}`, methods: { GET: getFirewallRule, PUT: putFirewallRule, DELETE: deleteFirewallRule } },
  { pattern: `${SERVER}/azureADOnlyAuthentications`, methods: { GET: listAdOnly } },
  { pattern: `${SERVER}/azureADOnlyAuthentications/{name}`, methods: { GET: getAdOnly } },
];

function listServersInSubscription(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  return jsonResponse(200, { value: subscription.sqlServers.map((s) => serverJson(subscription.subscriptionId, s)) });
}

function listServersInGroup(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  const rg = findResourceGroup(subscription, p.rg!);
  const servers = subscription.sqlServers.filter((s) => sameName(s.resourceGroup, rg));
  return jsonResponse(200, { value: servers.map((s) => serverJson(subscription.subscriptionId, s)) });
}

function getServer(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p));
  return jsonResponse(200, serverJson(subscriptionIdOf(ctx, p), server));
}

function listDatabases(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const subscriptionId = subscriptionIdOf(ctx, p);
  return jsonResponse(200, { value: server.databases.map((d) => databaseJson(subscriptionId, server, d)) });
}

function getDatabase(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const database = server.databases.find((d) => sameName(d.name, p.database!));
  if (!database) throw sqlChildNotFound('Microsoft.Sql/servers/databases', p.database!);
  return jsonResponse(200, databaseJson(subscriptionIdOf(ctx, p), server, database));
}

function listFirewallRules(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const subscriptionId = subscriptionIdOf(ctx, p);
  return jsonResponse(200, { value: server.firewallRules.map((r) => firewallRuleJson(subscriptionId, server, r)) });
}

function getFirewallRule(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const rule = server.firewallRules.find((r) => sameName(r.name, p.rule!));
  if (!rule) throw sqlChildNotFound('Microsoft.Sql/servers/firewallRules', p.rule!);
  return jsonResponse(200, firewallRuleJson(subscriptionIdOf(ctx, p), server, rule));
}

/** Not long-running: 201 when created, 200 when an existing rule is replaced. */
function putFirewallRule(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const wanted = firewallRuleFromBody(p.rule!, ctx.body);
  const existing = server.firewallRules.find((r) => sameName(r.name, p.rule!));
  if (existing) {
    existing.startIpAddress = wanted.startIpAddress;
    existing.endIpAddress = wanted.endIpAddress;
  } else {
    server.firewallRules.push(wanted);
  }
  ctx.store.save();
  return jsonResponse(existing ? 200 : 201, firewallRuleJson(subscriptionIdOf(ctx, p), server, existing ?? wanted));
}

/** 200 when a rule was deleted, 204 when there was none. */
function deleteFirewallRule(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  const before = server.firewallRules.length;
  server.firewallRules = server.firewallRules.filter((r) => !sameName(r.name, p.rule!));
  if (server.firewallRules.length === before) return emptyResponse(204);
  ctx.store.save();
  return emptyResponse(200);
}

function listAdOnly(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  return jsonResponse(200, { value: [adOnlyJson(subscriptionIdOf(ctx, p), server)] });
}

function getAdOnly(ctx: RouteContext, p: Params) {
  const server = findServer(ctx.world, serverParams(p), true);
  if (!sameName(p.name!, 'Default')) throw sqlChildNotFound('Microsoft.Sql/servers/azureADOnlyAuthentications', p.name!);
  return jsonResponse(200, adOnlyJson(subscriptionIdOf(ctx, p), server));
}

export function serverParams(p: Params) {
  return { sub: p.sub!, rg: p.rg!, server: p.server! };
}

export function subscriptionIdOf(ctx: RouteContext, p: Params): string {
  return findSubscription(ctx.world, p.sub!).subscriptionId;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const INVALID_RULE_NAME = /[<>*%&:\\/?]|[.\s]$/;

function firewallRuleFromBody(name: string, body: unknown): SimFirewallRule {
  if (INVALID_RULE_NAME.test(name) || name.length > 128) {
    throw new ArmFault(400, 'InvalidResourceName', `Resource name '${name}' is invalid.`);
  }
  const properties = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  const start = properties?.startIpAddress;
  const end = properties?.endIpAddress;
  if (typeof start !== 'string' || !IPV4.test(start) || typeof end !== 'string' || !IPV4.test(end)) {
    throw new ArmFault(400, 'FirewallRuleNotIPv4Address', 'The firewall rule needs a valid IPv4 startIpAddress and endIpAddress.');
  }
  if (ipNumber(start) > ipNumber(end)) {
    throw new ArmFault(400, 'FirewallRuleInvalidRange', `The start IP address '${start}' is greater than the end IP address '${end}'.`);
  }
  return { name, startIpAddress: start, endIpAddress: end };
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}
