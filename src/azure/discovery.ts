// Lists for choosing a target: apps, slots, SQL servers, databases, user-assigned identities.

import type { ServerAdmin } from '../engine/observed.js';
import { UsageError } from '../errors.js';
import { translateArmError } from './arm-error.js';
import type { ArmClients } from './clients.js';
import { isResourceId, parseSqlServerId, resourceGroupOf } from './resource-id.js';

export interface AppSummary {
  id: string;
  name: string;
  resourceGroup: string;
  /** e.g. 'functionapp,linux' or 'app'. */
  kind: string;
  location: string;
  isFunctionApp: boolean;
  /** As ARM reports it: 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' or 'None'. */
  identityType: string;
  systemAssigned: boolean;
  userAssignedCount: number;
  defaultHostName?: string;
}

export interface ServerSummary {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  fullyQualifiedDomainName: string;
  publicNetworkAccess: string;
  /** The Entra admin when the list reports it (ARM includes it with $expand=administrators/activedirectory). */
  admin?: ServerAdmin;
}

export interface DatabaseSummary {
  name: string;
  /** e.g. 'Online', 'Paused'. */
  status?: string;
  skuName?: string;
}

export interface UserAssignedIdentitySummary {
  resourceId: string;
  name: string;
  resourceGroup: string;
  location: string;
  clientId: string;
  principalId: string;
}

/** Function Apps and App Service apps in the subscription, by name. */
export async function listApps(clients: ArmClients): Promise<AppSummary[]> {
  const apps: AppSummary[] = [];
  try {
    for await (const site of clients.web.webApps.list()) {
      if (!site.id || !site.name) continue;
      const identityType = site.identity?.type ?? 'None';
      const kind = site.kind ?? 'app';
      apps.push({
        id: site.id,
        name: site.name,
        resourceGroup: site.resourceGroup ?? resourceGroupOf(site.id),
        kind,
        location: site.location,
        isFunctionApp: kind.toLowerCase().split(',').includes('functionapp'),
        identityType,
        systemAssigned: identityType.includes('SystemAssigned'),
        userAssignedCount: Object.keys(site.identity?.userAssignedIdentities ?? {}).length,
        ...(site.defaultHostName ? { defaultHostName: site.defaultHostName } : {}),
      });
    }
  } catch (error) {
    throw translateArmError(error, `the apps of subscription ${clients.subscriptionId}`);
  }
  return apps.sort((a, b) => a.name.localeCompare(b.name));
}

/** The app's deployment slot names ('staging', not 'app/staging'). */
export async function listSlots(clients: ArmClients, resourceGroup: string, app: string): Promise<string[]> {
  const slots: string[] = [];
  try {
    for await (const slot of clients.web.webApps.listSlots(resourceGroup, app)) {
      const name = slot.name ?? '';
      slots.push(name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name);
    }
  } catch (error) {
    throw translateArmError(error, `app ${app} in resource group ${resourceGroup} (subscription ${clients.subscriptionId})`);
  }
  return slots.filter((s) => s !== '').sort();
}

export async function listSqlServers(clients: ArmClients): Promise<ServerSummary[]> {
  const servers: ServerSummary[] = [];
  try {
    for await (const s of clients.sql.servers.list({ expand: 'administrators/activedirectory' })) {
      if (!s.id || !s.name) continue;
      const a = s.administrators;
      const admin: ServerAdmin | undefined =
        a?.login && a.sid ? { login: a.login, sid: a.sid, tenantId: a.tenantId ?? '', ...(a.principalType ? { principalType: a.principalType } : {}) } : undefined;
      servers.push({
        id: s.id,
        subscriptionId: clients.subscriptionId,
        resourceGroup: resourceGroupOf(s.id),
        name: s.name,
        location: s.location,
        fullyQualifiedDomainName: s.fullyQualifiedDomainName ?? '',
        publicNetworkAccess: s.publicNetworkAccess ?? 'Enabled',
        ...(admin ? { admin } : {}),
      });
    }
  } catch (error) {
    throw translateArmError(error, `the SQL servers of subscription ${clients.subscriptionId}`);
  }
  return servers.sort((a, b) => a.name.localeCompare(b.name));
}

/** The server's databases, never master. */
export async function listDatabases(clients: ArmClients, resourceGroup: string, server: string): Promise<DatabaseSummary[]> {
  const databases: DatabaseSummary[] = [];
  try {
    for await (const db of clients.sql.databases.listByServer(resourceGroup, server)) {
      if (!db.name || db.name.toLowerCase() === 'master') continue;
      databases.push({
        name: db.name,
        ...(db.status ? { status: db.status } : {}),
        ...(db.sku?.name ? { skuName: db.sku.name } : {}),
      });
    }
  } catch (error) {
    throw translateArmError(error, `SQL server ${server} in resource group ${resourceGroup} (subscription ${clients.subscriptionId})`);
  }
  return databases.sort((a, b) => a.name.localeCompare(b.name));
}

export async function listUserAssignedIdentities(clients: ArmClients): Promise<UserAssignedIdentitySummary[]> {
  const identities: UserAssignedIdentitySummary[] = [];
  try {
    for await (const i of clients.msi.userAssignedIdentities.listBySubscription()) {
      if (!i.id || !i.name) continue;
      identities.push({
        resourceId: i.id,
        name: i.name,
        resourceGroup: resourceGroupOf(i.id),
        location: i.location,
        clientId: i.clientId ?? '',
        principalId: i.principalId ?? '',
      });
    }
  } catch (error) {
    throw translateArmError(error, `the user-assigned identities of subscription ${clients.subscriptionId}`);
  }
  return identities.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The server a --server value names: a resource id (any resource group or subscription), a name searched
 * across the subscription, or its host name (<name>.database.windows.net).
 */
export async function findSqlServer(clients: ArmClients, nameOrResourceId: string): Promise<ServerSummary> {
  const given = nameOrResourceId.trim();
  if (isResourceId(given)) return readServerById(clients, given);
  const wanted = given.toLowerCase();
  const servers = await listSqlServers(clients);
  const found = servers.find((s) => s.name.toLowerCase() === wanted || s.fullyQualifiedDomainName.toLowerCase() === wanted);
  if (found) return found;
  const near = nearbyNames(wanted.split('.')[0] ?? wanted, servers.map((s) => s.name));
  const suggestion =
    servers.length === 0
      ? 'That subscription has no SQL servers: pass --subscription for another one, or the server\'s full resource id.'
      : near.length > 0
        ? `Did you mean ${near.join(' or ')}? Or pass the server's full resource id if it is in another subscription.`
        : `Servers there: ${servers.slice(0, 10).map((s) => s.name).join(', ')}${servers.length > 10 ? ', ...' : ''}. Or pass the server's full resource id if it is in another subscription.`;
  throw new UsageError(`SQL server '${given}' was not found in subscription ${clients.subscriptionId}.`, suggestion);
}

async function readServerById(clients: ArmClients, id: string): Promise<ServerSummary> {
  const ref = parseSqlServerId(id);
  const c = clients.inSubscription(ref.subscriptionId);
  try {
    const s = await c.sql.servers.get(ref.resourceGroup, ref.name);
    return {
      id: s.id ?? id,
      subscriptionId: ref.subscriptionId,
      resourceGroup: ref.resourceGroup,
      name: s.name ?? ref.name,
      location: s.location,
      fullyQualifiedDomainName: s.fullyQualifiedDomainName ?? '',
      publicNetworkAccess: s.publicNetworkAccess ?? 'Enabled',
    };
  } catch (error) {
    throw translateArmError(error, `SQL server ${ref.name} in resource group ${ref.resourceGroup} (subscription ${ref.subscriptionId})`);
  }
}

/** Names close to the one asked for: same prefix, containing it, or a few typos away. */
export function nearbyNames(wanted: string, names: string[]): string[] {
  const w = wanted.toLowerCase();
  return names
    .map((name) => ({ name, distance: editDistance(w, name.toLowerCase()) }))
    .filter(({ name, distance }) => {
      const n = name.toLowerCase();
      return distance <= Math.max(2, Math.floor(w.length / 4)) || (w.length >= 3 && (n.includes(w) || w.includes(n)));
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ name }) => name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
