// Managed identities of sites and slots: the `identity` envelope ARM shows, and how a PATCH of it
// changes the world (a new service principal when the system identity is enabled, none when off).
import type { SimSiteIdentity, SimUserAssignedIdentity, World } from '../world.js';
import { nextGuid } from './ids.js';
import { sameName } from './lookup.js';
import { ArmFault } from './response.js';

const UAI_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i;

export function userAssignedIdentityId(subscriptionId: string, identity: SimUserAssignedIdentity): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${identity.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`;
}

/** The user-assigned identity a resource id names, with its canonical id; undefined if none. */
export function findUserAssignedIdentity(
  world: World,
  resourceId: string,
): { id: string; identity: SimUserAssignedIdentity } | undefined {
  const m = UAI_ID.exec(resourceId);
  if (!m) return undefined;
  const [, sub, rg, name] = m as unknown as [string, string, string, string];
  const subscription = world.subscriptions.find((s) => sameName(s.subscriptionId, sub));
  const identity = subscription?.userAssignedIdentities.find((i) => sameName(i.resourceGroup, rg) && sameName(i.name, name));
  return subscription && identity ? { id: userAssignedIdentityId(subscription.subscriptionId, identity), identity } : undefined;
}

/** The `identity` property of a site or slot, or undefined when it has none (ARM then omits it). */
export function identityJson(world: World, identity: SimSiteIdentity): Record<string, unknown> | undefined {
  const system = identity.systemAssigned;
  const users = identity.userAssigned;
  if (!system && users.length === 0) return undefined;
  const type = system && users.length > 0 ? 'SystemAssigned, UserAssigned' : system ? 'SystemAssigned' : 'UserAssigned';
  const json: Record<string, unknown> = { type };
  if (system) {
    json.tenantId = world.tenantId;
    json.principalId = system.principalId;
  }
  if (users.length > 0) {
    json.userAssignedIdentities = Object.fromEntries(
      users.map((id) => {
        const found = findUserAssignedIdentity(world, id);
        return [id, found ? { principalId: found.identity.principalId, clientId: found.identity.clientId } : {}];
      }),
    );
  }
  return json;
}

interface IdentityPatch {
  system: boolean;
  userAssigned: string[];
}

/**
 * Applies a PATCH's `identity` to a site or slot. A userAssignedIdentities map given with the
 * patch is taken as the whole set (null values remove), the conservative reading of ARM's contract:
 * a caller that wants to keep identities sends them, as Microsoft's REST guidance says to.
 */
export function applyIdentityPatch(
  world: World,
  owner: { identity: SimSiteIdentity },
  context: { resourceId: string; displayName: string },
  patch: unknown,
): void {
  if (patch === undefined || patch === null) return;
  const wanted = parseIdentityPatch(world, owner.identity, context.resourceId, patch);
  const current = owner.identity;
  if (wanted.system && !current.systemAssigned) {
    current.systemAssigned = newServicePrincipal(world, context.displayName);
  } else if (!wanted.system && current.systemAssigned) {
    const principalId = current.systemAssigned.principalId;
    world.directory = world.directory.filter((o) => o.objectId !== principalId);
    delete current.systemAssigned;
  }
  current.userAssigned = wanted.userAssigned;
}

function parseIdentityPatch(world: World, current: SimSiteIdentity, resourceId: string, patch: unknown): IdentityPatch {
  if (typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('The identity property must be an object.');
  const { type, userAssignedIdentities: map } = patch as { type?: unknown; userAssignedIdentities?: unknown };
  const kinds = parseIdentityType(type);
  const wantsUser = kinds.has('userassigned');
  if (map !== undefined && map !== null && (typeof map !== 'object' || Array.isArray(map))) {
    throw badRequest('The userAssignedIdentities property must be an object keyed by identity resource id.');
  }
  const entries = Object.entries((map ?? {}) as Record<string, unknown>);
  if (!wantsUser && entries.some(([, v]) => v !== null)) {
    throw badRequest(`'userAssignedIdentities' can only be given when the identity type includes 'UserAssigned'.`);
  }
  let userAssigned: string[] = [];
  if (wantsUser) {
    userAssigned = map === undefined || map === null ? [...current.userAssigned] : [];
    for (const [id, value] of entries) {
      if (value === null) continue;
      const found = findUserAssignedIdentity(world, id);
      if (!found) throw identityNotFound(resourceId, id);
      if (!userAssigned.some((u) => sameName(u, found.id))) userAssigned.push(found.id);
    }
    if (userAssigned.length === 0) {
      throw badRequest(`The identity ids must not be null or empty for 'UserAssigned' identity type.`);
    }
  }
  return { system: kinds.has('systemassigned'), userAssigned };
}

function parseIdentityType(type: unknown): Set<string> {
  const allowed = ['none', 'systemassigned', 'userassigned'];
  const parts = typeof type === 'string' ? type.split(',').map((p) => p.trim().toLowerCase()) : [];
  const kinds = new Set(parts);
  const valid =
    parts.length > 0 &&
    parts.every((p) => allowed.includes(p)) &&
    kinds.size === parts.length &&
    !(kinds.has('none') && kinds.size > 1);
  if (!valid) {
    throw badRequest(
      `The identity type '${String(type)}' is not valid. The supported types are 'None', 'SystemAssigned', 'UserAssigned' and 'SystemAssigned, UserAssigned'.`,
    );
  }
  return kinds;
}

function newServicePrincipal(world: World, displayName: string): { principalId: string; clientId: string } {
  const principalId = nextGuid(world);
  const clientId = nextGuid(world);
  world.directory.push({ objectId: principalId, displayName, kind: 'servicePrincipal', appId: clientId });
  return { principalId, clientId };
}

function badRequest(message: string): ArmFault {
  return new ArmFault(400, 'BadRequest', message);
}

function identityNotFound(resourceId: string, identityId: string): ArmFault {
  const inner = JSON.stringify({ error: { code: 'NotFound', message: `Resource '${identityId}' was not found.` } });
  return new ArmFault(
    400,
    'FailedIdentityOperation',
    `Identity operation for resource '${resourceId}' failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. Response: '${inner}'.'.`,
  );
}
