// The worlds the end-to-end runs start from: the demo's Contoso tenant, bent into one situation each,
// and the few readers a test needs to say what changed.
import { demoWorld } from '../../src/sim/seed.js';
import type { DirectoryObject, SimDatabase, SimFirewallRule, SimSite, SimSqlServer, World } from '../../src/sim/world.js';
import type { ReceivedRequest } from '../tds/recording.js';

export const APP = 'contoso-orders-func';
export const SERVER = 'contoso-sql';
export const DATABASE = 'orders';
/** The flags every run names its target with. */
export const TARGET = ['--app', APP, '--server', SERVER, '--database', DATABASE];

export function site(world: World, name = APP): SimSite {
  return world.subscriptions[0]!.sites.find((s) => s.name === name)!;
}

export function server(world: World, name = SERVER): SimSqlServer {
  return world.subscriptions[0]!.sqlServers.find((s) => s.name === name)!;
}

export function database(world: World, name = DATABASE, serverName = SERVER): SimDatabase {
  return server(world, serverName).databases.find((d) => d.name === name)!;
}

export function signedIn(world: World): DirectoryObject {
  return world.directory.find((o) => o.objectId === world.signedInObjectId)!;
}

export function person(world: World, displayName: string): DirectoryObject {
  return world.directory.find((o) => o.displayName === displayName)!;
}

export function rolesOf(db: SimDatabase, userName: string): string[] {
  const user = db.principals.find((p) => p.name === userName);
  if (!user) return [];
  return db.roleMembers
    .filter(([, member]) => member === user.principalId)
    .map(([role]) => db.principals.find((p) => p.principalId === role)!.name)
    .sort();
}

/** Rules this tool opened (by its name prefix), still on the server. */
export function temporaryRules(world: World): SimFirewallRule[] {
  return server(world).firewallRules.filter((r) => r.name.startsWith('azsql-mi-setup-'));
}

/** The demo as it ships: no identity on the app, no Entra admin, a firewall that admits only Azure. */
export function freshWorld(): World {
  return demoWorld();
}

/** The demo after a first run by me, with this machine's IP already admitted (no 40615 on the way). */
export function worldReadyForMe(): World {
  const world = admitted(demoWorld());
  const me = signedIn(world);
  server(world).admin = { login: me.userPrincipalName!, sid: me.objectId, tenantId: world.tenantId, principalType: 'User' };
  return world;
}

/** A firewall rule for the caller's own IP, as a user who set it up by hand has. */
export function admitted(world: World): World {
  server(world).firewallRules.push({ name: 'office', startIpAddress: world.callerIp, endIpAddress: world.callerIp });
  return world;
}

/** T-SQL that changes the database (anything but reads and session settings). */
export function ddlSent(requests: ReceivedRequest[]): string[] {
  return requests.map((r) => r.text).filter((text) => /\b(CREATE|ALTER|DROP|GRANT|DENY|REVOKE)\b/i.test(text));
}
