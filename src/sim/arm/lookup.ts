// Finding what a request names, failing the way ARM does: subscription, then resource group, then
// the resource, then a nested one under it. Names compare case-insensitively, as in ARM.
import type { SimSqlServer, SimSite, SimSlot, SimSubscription, World } from '../world.js';
import { ArmFault } from './response.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function findSubscription(world: World, subscriptionId: string): SimSubscription {
  if (!GUID.test(subscriptionId)) {
    throw new ArmFault(400, 'InvalidSubscriptionId', `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
  }
  const subscription = world.subscriptions.find((s) => sameName(s.subscriptionId, subscriptionId));
  if (!subscription) {
    throw new ArmFault(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
  return subscription;
}

/** The resource group's name as stored. */
export function findResourceGroup(subscription: SimSubscription, resourceGroup: string): string {
  const found = subscription.resourceGroups.find((g) => sameName(g, resourceGroup));
  if (!found) {
    throw new ArmFault(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  }
  return found;
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmFault {
  return new ArmFault(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function parentNotFound(name: string): ArmFault {
  return new ArmFault(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${name}' not found.`);
}

/** How the SQL resource provider words a missing child resource. */
export function sqlChildNotFound(type: string, name: string): ArmFault {
  return new ArmFault(404, 'ResourceNotFound', `The requested resource of type '${type}' with name '${name}' was not found.`);
}

/** A top-level site, or (asParent) the parent of a nested request. */
export function findSite(world: World, p: { sub: string; rg: string; site: string }, asParent = false): SimSite {
  const subscription = findSubscription(world, p.sub);
  const rg = findResourceGroup(subscription, p.rg);
  const site = subscription.sites.find((s) => sameName(s.resourceGroup, rg) && sameName(s.name, p.site));
  if (!site) throw asParent ? parentNotFound(p.site) : resourceNotFound('Microsoft.Web/sites', p.site, p.rg);
  return site;
}

export function findSlot(world: World, p: { sub: string; rg: string; site: string; slot: string }): SimSlot {
  const site = findSite(world, p, true);
  const slot = site.slots.find((s) => sameName(s.name, p.slot));
  if (!slot) throw resourceNotFound('Microsoft.Web/sites/slots', `${site.name}/${p.slot}`, p.rg);
  return slot;
}

export function findServer(world: World, p: { sub: string; rg: string; server: string }, asParent = false): SimSqlServer {
  const subscription = findSubscription(world, p.sub);
  const rg = findResourceGroup(subscription, p.rg);
  const server = subscription.sqlServers.find((s) => sameName(s.resourceGroup, rg) && sameName(s.name, p.server));
  if (!server) throw asParent ? parentNotFound(p.server) : resourceNotFound('Microsoft.Sql/servers', p.server, p.rg);
  return server;
}
