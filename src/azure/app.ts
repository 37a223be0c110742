// The app (site or slot) and its managed identities: read them, enable the system identity, attach a
// user-assigned one; always keeping the identities that are already there.

import type { Site } from '@azure/arm-appservice';
import type { ObservedApp, UserAssignedIdentityInfo } from '../engine/observed.js';
import type { AppRef } from '../engine/target.js';
import { AzureError } from '../errors.js';
import { isNotFound, translateArmError } from './arm-error.js';
import type { ArmClients } from './clients.js';
import { readUserAssignedIdentity } from './identity.js';
import { parseResourceId, sameResourceId, siteResourceId } from './resource-id.js';

/** The identity part of an app, as read or as it is after a change. */
export type AppIdentity = Pick<ObservedApp, 'identityType' | 'systemAssigned' | 'userAssigned'>;

type SiteIdentity = NonNullable<Site['identity']>;

/** The site says its system identity is on, but identities/default does not have it (yet). */
export class IdentityNotReadyError extends AzureError {}

export function describeApp(app: AppRef): string {
  const slot = app.slot ? ` slot ${app.slot}` : '';
  return `app ${app.name}${slot} in resource group ${app.resourceGroup} (subscription ${app.subscriptionId})`;
}

export async function readApp(clients: ArmClients, app: AppRef): Promise<Omit<ObservedApp, 'settings'>> {
  const c = clients.inSubscription(app.subscriptionId);
  // The system identity's client id lives on a separate resource; ask for it alongside the site.
  const [siteResult, systemResult] = await Promise.allSettled([getSite(c, app), readSystemIdentity(c, siteResourceId(app))]);
  if (siteResult.status === 'rejected') throw translateArmError(siteResult.reason, describeApp(app));
  const site = siteResult.value;
  let identity: AppIdentity;
  try {
    identity = await identityOf(c, app, site.identity, site.id, systemResult.status === 'fulfilled' ? systemResult.value : undefined);
  } catch (error) {
    throw translateArmError(error, `the system-assigned identity of ${describeApp(app)}`);
  }
  return {
    id: site.id ?? siteResourceId(app),
    name: app.name,
    resourceGroup: site.resourceGroup ?? app.resourceGroup,
    ...(app.slot ? { slot: app.slot } : {}),
    kind: site.kind ?? 'app',
    location: site.location,
    ...(site.defaultHostName ? { defaultHostName: site.defaultHostName } : {}),
    ...identity,
    possibleOutboundIpAddresses: splitList(site.possibleOutboundIpAddresses),
  };
}

function getSite(clients: ArmClients, app: AppRef): Promise<Site> {
  return app.slot ? clients.web.webApps.getSlot(app.resourceGroup, app.name, app.slot) : clients.web.webApps.get(app.resourceGroup, app.name);
}

interface SystemIdentity {
  principalId: string;
  tenantId: string;
  clientId: string;
}

/** `{siteOrSlotId}/providers/Microsoft.ManagedIdentity/identities/default`; undefined when not enabled (404). */
async function readSystemIdentity(clients: ArmClients, siteId: string): Promise<SystemIdentity | undefined> {
  try {
    // The SDK puts the scope after its own '/': a leading '/' here would make the path start with '//'.
    const found = await clients.msi.systemAssignedIdentities.getByScope(siteId.replace(/^\/+/, ''));
    if (!found.clientId || !found.principalId) return undefined;
    return { principalId: found.principalId, tenantId: found.tenantId ?? '', clientId: found.clientId };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function identityOf(
  clients: ArmClients,
  app: AppRef,
  identity: SiteIdentity | undefined,
  siteId: string | undefined,
  systemRead: SystemIdentity | undefined,
): Promise<AppIdentity> {
  const identityType = identity?.type ?? 'None';
  const userAssigned = userAssignedOf(identity);
  if (!identityType.includes('SystemAssigned')) return { identityType, userAssigned };
  // Read again by the site's own id if the early read missed (a just-enabled identity, or a different casing).
  const system = matches(systemRead, identity) ? systemRead : await readSystemIdentity(clients, siteId ?? siteResourceId(app));
  if (!system) {
    throw new IdentityNotReadyError(
      `The system-assigned identity of ${describeApp(app)} is enabled, but Azure did not return its client id.`,
      'Wait a minute and run this again; the identity may still be being created.',
    );
  }
  return { identityType, systemAssigned: { principalId: identity?.principalId ?? system.principalId, tenantId: identity?.tenantId ?? system.tenantId, clientId: system.clientId }, userAssigned };
}

/** The system identity read by scope belongs to the site's current principal (not a stale one). */
function matches(system: SystemIdentity | undefined, identity: SiteIdentity | undefined): system is SystemIdentity {
  return system !== undefined && (!identity?.principalId || identity.principalId.toLowerCase() === system.principalId.toLowerCase());
}

function userAssignedOf(identity: SiteIdentity | undefined): UserAssignedIdentityInfo[] {
  return Object.entries(identity?.userAssignedIdentities ?? {}).map(([resourceId, value]) => ({
    resourceId,
    name: parseResourceId(resourceId)?.name ?? resourceId.slice(resourceId.lastIndexOf('/') + 1),
    clientId: value?.clientId ?? '',
    principalId: value?.principalId ?? '',
  }));
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Turns on the app's system-assigned identity; user-assigned identities stay attached. */
export async function enableSystemIdentity(clients: ArmClients, app: AppRef, current: AppIdentity): Promise<AppIdentity> {
  if (current.systemAssigned) return current;
  const userIds = current.userAssigned.map((u) => u.resourceId);
  const identity = userIds.length > 0 ? { type: 'SystemAssigned, UserAssigned' as const, userAssignedIdentities: emptyMap(userIds) } : { type: 'SystemAssigned' as const };
  return patchIdentity(clients, app, identity);
}

/** Attaches a user-assigned identity; the system identity and other user-assigned ones stay. */
export async function attachUserIdentity(clients: ArmClients, app: AppRef, current: AppIdentity, resourceId: string): Promise<AppIdentity> {
  if (current.userAssigned.some((u) => sameResourceId(u.resourceId, resourceId))) return current;
  const userIds = [...current.userAssigned.map((u) => u.resourceId), resourceId];
  const type = current.systemAssigned ? ('SystemAssigned, UserAssigned' as const) : ('UserAssigned' as const);
  const after = await patchIdentity(clients, app, { type, userAssignedIdentities: emptyMap(userIds) });
  const attached = after.userAssigned.find((u) => sameResourceId(u.resourceId, resourceId));
  if (attached && attached.clientId) return after;
  // The PATCH answer may omit the new identity's ids; its own resource has them.
  const info = await readUserAssignedIdentity(clients, resourceId);
  const others = after.userAssigned.filter((u) => !sameResourceId(u.resourceId, resourceId));
  return { ...after, userAssigned: [...others, info] };
}

/** ARM wants `{ [resourceId]: {} }` for each user-assigned identity to keep or add. */
function emptyMap(ids: string[]): Record<string, Record<string, never>> {
  return Object.fromEntries(ids.map((id) => [id, {}]));
}

async function patchIdentity(clients: ArmClients, app: AppRef, identity: SiteIdentity): Promise<AppIdentity> {
  const c = clients.inSubscription(app.subscriptionId);
  let site: Site;
  try {
    site = app.slot
      ? await c.web.webApps.updateSlot(app.resourceGroup, app.name, app.slot, { identity })
      : await c.web.webApps.update(app.resourceGroup, app.name, { identity });
  } catch (error) {
    throw translateArmError(error, `the managed identity of ${describeApp(app)}`);
  }
  try {
    return await identityOf(c, app, site.identity, site.id, undefined);
  } catch (error) {
    // The PATCH worked; the new identity's client id shows up a moment later (the caller reads it again).
    if (error instanceof IdentityNotReadyError) return { identityType: site.identity?.type ?? identity.type ?? 'SystemAssigned', userAssigned: userAssignedOf(site.identity) };
    throw translateArmError(error, `the system-assigned identity of ${describeApp(app)}`);
  }
}
