// A login to the simulated Azure SQL server, checked in the order Azure checks: network, database, identity.
import type { WorldStore } from '../store.js';
import type { SimDatabase, SimSqlServer, World } from '../world.js';
import { actingPrincipalIds, type SimSqlCaller } from './caller.js';
import { isGroupMember } from './directory.js';
import {
  SimSqlHostNotFound,
  cannotOpenDatabase,
  databaseUnavailable,
  firewallRefused,
  loginFailed,
  publicAccessDenied,
} from './errors.js';
import { databaseByName, serverByFqdn } from './locate.js';
import { SimSqlSession } from './session.js';
import { tokenClaims, type TokenClaims } from './token.js';

export interface SimSqlLoginRequest {
  /** The server's fullyQualifiedDomainName, as the client names it in the login. */
  serverName: string;
  database: string;
  accessToken: string;
  /** The address the server sees the client at (named in 40615). */
  clientIp: string;
  /** The client came through a private endpoint (or a tunnel to one): no firewall, allowed when public access is off. */
  viaPrivateEndpoint?: boolean;
}

export interface SimSqlLoginOptions {
  now?: () => number;
}

/** How long a paused serverless database takes to resume when the world does not say. */
export const DEFAULT_RESUME_MS = 3000;

export function loginToSimSql(store: WorldStore, request: SimSqlLoginRequest, options: SimSqlLoginOptions = {}): SimSqlSession {
  const { world } = store;
  const server = serverByFqdn(world, request.serverName);
  if (!server) throw new SimSqlHostNotFound(request.serverName);

  if (!request.viaPrivateEndpoint) {
    if (server.publicNetworkAccess === 'Disabled') throw publicAccessDenied();
    if (!firewallAdmits(world, server, request.clientIp)) throw firewallRefused(server.name, request.clientIp);
  }

  const db = databaseByName(server, request.database);
  if (!db) throw cannotOpenDatabase(request.database);
  waitForResume(store, server, db, options.now ?? Date.now);

  const caller = callerOf(world, server, tokenClaims(request.accessToken));
  // A user with the caller's SID (type E), or a group user (type X) for a group the caller is in.
  if (!caller || actingPrincipalIds(world, db, caller).length === 0) throw loginFailed();
  return new SimSqlSession(store, server.fullyQualifiedDomainName, db.name, caller);
}

/** A rule's range admits the IP; 0.0.0.0-0.0.0.0 ("Allow Azure services") admits only Azure's own addresses. */
function firewallAdmits(world: World, server: SimSqlServer, clientIp: string): boolean {
  const ip = ipv4ToNumber(clientIp);
  if (ip === undefined) return false;
  const azureIps = new Set(
    world.subscriptions.flatMap((s) => s.sites.flatMap((site) => site.possibleOutboundIpAddresses)),
  );
  return server.firewallRules.some((rule) => {
    const start = ipv4ToNumber(rule.startIpAddress);
    const end = ipv4ToNumber(rule.endIpAddress);
    if (start === undefined || end === undefined) return false;
    if (start === 0 && end === 0) return azureIps.has(clientIp);
    return start <= ip && ip <= end;
  });
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** A paused database starts resuming at the first login and refuses logins (40613) until it is online. */
function waitForResume(store: WorldStore, server: SimSqlServer, db: SimDatabase, now: () => number): void {
  if (db.status === 'Online') return;
  const unavailable = () => databaseUnavailable(db.name, server.name, crypto.randomUUID().toUpperCase());
  if (db.status === 'Paused') {
    db.status = 'Resuming';
    db.resumeStartedAt = now();
    store.save();
    throw unavailable();
  }
  if (now() - (db.resumeStartedAt ?? 0) < (db.resumeMs ?? DEFAULT_RESUME_MS)) throw unavailable();
  db.status = 'Online';
  delete db.resumeStartedAt;
  store.save();
}

/** Who the token is, and whether that makes it the server's admin; undefined when no Entra login is possible. */
function callerOf(world: World, server: SimSqlServer, claims: TokenClaims | undefined): SimSqlCaller | undefined {
  const admin = server.admin;
  if (!admin || !claims?.oid || !claims.tid || claims.tid.toLowerCase() !== admin.tenantId.toLowerCase()) return undefined;
  const isApp = claims.idtyp === 'app';
  const sidGuid = isApp ? (claims.appid ?? claims.azp) : claims.oid;
  if (!sidGuid) return undefined;
  const isAdmin =
    admin.sid.toLowerCase() === sidGuid.toLowerCase() ||
    (admin.principalType === 'Group' && isGroupMember(world, admin.sid, claims.oid));
  const loginName = isApp ? sidGuid : (claims.upn ?? claims.unique_name ?? claims.preferred_username ?? claims.oid);
  return { objectId: claims.oid, tenantId: claims.tid, sidGuid, isApp, isAdmin, loginName, entra: true };
}
