// The logical SQL server as ARM sees it: properties, Entra admin, Entra-only setting, firewall rules,
// databases; and setting the Entra admin (a long-running PUT that replaces whoever was admin).

import type { ObservedServer, ServerAdmin } from '../engine/observed.js';
import type { ServerRef } from '../engine/target.js';
import { isNotFound, translateArmError } from './arm-error.js';
import type { ArmClients } from './clients.js';
import { resourceGroupOf } from './resource-id.js';

export function describeServer(ref: ServerRef): string {
  return `SQL server ${ref.name} in resource group ${ref.resourceGroup} (subscription ${ref.subscriptionId})`;
}

/** undefined for 404 (the thing does not exist); other failures propagate. */
async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Like Promise.all, but waits for all and reports the first failure in list order (the server's own comes first). */
async function allInOrder<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export async function readServer(clients: ArmClients, ref: ServerRef): Promise<ObservedServer> {
  const sql = clients.inSubscription(ref.subscriptionId).sql;
  const { resourceGroup: rg, name } = ref;
  let s, a, only, ruleList;
  try {
    [s, a, only, ruleList] = await allInOrder([
      sql.servers.get(rg, name, { expand: 'administrators/activedirectory' }),
      orUndefined(sql.serverAzureADAdministrators.get(rg, name, 'ActiveDirectory')),
      orUndefined(sql.serverAzureADOnlyAuthentications.get(rg, name, 'Default')),
      collect(sql.firewallRules.listByServer(rg, name)),
    ] as const);
  } catch (error) {
    throw translateArmError(error, describeServer(ref));
  }
  const principalType = s.administrators?.principalType;
  const serverAdmin: ServerAdmin | undefined =
    a?.login && a.sid ? { login: a.login, sid: a.sid, tenantId: a.tenantId ?? '', ...(principalType ? { principalType } : {}) } : undefined;
  const azureADOnlyAuthentication = only?.azureADOnlyAuthentication ?? a?.azureADOnlyAuthentication ?? s.administrators?.azureADOnlyAuthentication;
  return {
    id: s.id ?? '',
    name: s.name ?? name,
    resourceGroup: resourceGroupOf(s.id) || rg,
    subscriptionId: ref.subscriptionId,
    location: s.location,
    fullyQualifiedDomainName: s.fullyQualifiedDomainName ?? '',
    publicNetworkAccess: s.publicNetworkAccess ?? 'Enabled',
    ...(serverAdmin ? { admin: serverAdmin } : {}),
    ...(azureADOnlyAuthentication !== undefined ? { azureADOnlyAuthentication } : {}),
    firewallRules: ruleList.map((r) => ({ name: r.name ?? '', startIpAddress: r.startIpAddress ?? '', endIpAddress: r.endIpAddress ?? '' })),
  };
}

export interface EntraAdmin {
  /** Display name or UPN; shown in the portal and as the admin's name in the database. */
  login: string;
  /** Object id (users, groups) or client id (apps). */
  sid: string;
  tenantId: string;
  principalType: 'User' | 'Group' | 'Application';
}

/** Makes `admin` the server's Microsoft Entra admin, replacing whoever it was; waits for the operation. */
export async function setEntraAdmin(
  clients: ArmClients,
  ref: ServerRef,
  admin: EntraAdmin,
  options: { updateIntervalInMs?: number } = {},
): Promise<ServerAdmin> {
  const sql = clients.inSubscription(ref.subscriptionId).sql;
  try {
    const result = await sql.serverAzureADAdministrators.beginCreateOrUpdateAndWait(
      ref.resourceGroup,
      ref.name,
      'ActiveDirectory',
      { administratorType: 'ActiveDirectory', login: admin.login, sid: admin.sid, tenantId: admin.tenantId },
      options.updateIntervalInMs !== undefined ? { updateIntervalInMs: options.updateIntervalInMs } : {},
    );
    return { login: result.login ?? admin.login, sid: result.sid ?? admin.sid, tenantId: result.tenantId ?? admin.tenantId, principalType: admin.principalType };
  } catch (error) {
    throw translateArmError(error, `the Microsoft Entra admin of ${describeServer(ref)}`);
  }
}

/** The server's database names, never master. */
export async function listDatabaseNames(clients: ArmClients, ref: ServerRef): Promise<string[]> {
  const sql = clients.inSubscription(ref.subscriptionId).sql;
  try {
    const all = await collect(sql.databases.listByServer(ref.resourceGroup, ref.name));
    return all
      .map((d) => d.name ?? '')
      .filter((n) => n !== '' && n.toLowerCase() !== 'master')
      .sort();
  } catch (error) {
    throw translateArmError(error, describeServer(ref));
  }
}

export async function readDatabaseExists(clients: ArmClients, ref: ServerRef, database: string): Promise<boolean> {
  const sql = clients.inSubscription(ref.subscriptionId).sql;
  try {
    await sql.databases.get(ref.resourceGroup, ref.name, database);
    return true;
  } catch (error) {
    if (!isNotFound(error)) throw translateArmError(error, `database ${database} on ${describeServer(ref)}`);
  }
  // A 404 may mean the server is missing, not the database: say which.
  try {
    await sql.servers.get(ref.resourceGroup, ref.name);
  } catch (error) {
    throw translateArmError(error, describeServer(ref));
  }
  return false;
}
