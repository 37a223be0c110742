// Microsoft.ManagedIdentity: a site's or slot's system-assigned identity read by scope (where its
// client id is), and user-assigned identities (api-version 2024-11-30 shapes).
import type { SimIdentityRef, SimUserAssignedIdentity, World } from '../world.js';
import { userAssignedIdentityId } from './identity.js';
import { findResourceGroup, findSite, findSlot, findSubscription, resourceNotFound, sameName } from './lookup.js';
import { ArmFault, jsonResponse } from './response.js';
import type { Params, Route, RouteContext } from './router.js';
import { siteId, slotId } from './web-json.js';

const SITE = 'subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{site}';
const DEFAULT_IDENTITY = 'providers/Microsoft.ManagedIdentity/identities/default';
const UAIS = 'providers/Microsoft.ManagedIdentity/userAssignedIdentities';

export const msiRoutes: Route[] = [
  { pattern: `${SITE}/${DEFAULT_IDENTITY}`, methods: { GET: getSiteSystemIdentity } },
  { pattern: `${SITE}/slots/{slot}/${DEFAULT_IDENTITY}`, methods: { GET: getSlotSystemIdentity } },
  { pattern: `subscriptions/{sub}/${UAIS}`, methods: { GET: listIdentitiesInSubscription } },
  { pattern: `subscriptions/{sub}/resourceGroups/{rg}/${UAIS}`, methods: { GET: listIdentitiesInGroup } },
  { pattern: `subscriptions/{sub}/resourceGroups/{rg}/${UAIS}/{name}`, methods: { GET: getIdentity } },
];

function getSiteSystemIdentity(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, { sub: p.sub!, rg: p.rg!, site: p.site! });
  const scope = siteId(findSubscription(ctx.world, p.sub!).subscriptionId, site);
  return systemIdentityResponse(ctx.world, scope, site.name, site.location, site.identity.systemAssigned);
}

function getSlotSystemIdentity(ctx: RouteContext, p: Params) {
  const slot = findSlot(ctx.world, { sub: p.sub!, rg: p.rg!, site: p.site!, slot: p.slot! });
  const site = findSite(ctx.world, { sub: p.sub!, rg: p.rg!, site: p.site! });
  const scope = slotId(findSubscription(ctx.world, p.sub!).subscriptionId, site, slot);
  return systemIdentityResponse(ctx.world, scope, slot.name, site.location, slot.identity.systemAssigned);
}

function systemIdentityResponse(world: World, scope: string, name: string, location: string, ref: SimIdentityRef | undefined) {
  if (!ref) {
    // Unverified wording: only the 404 status is relied on, as no public example shows this body.
    throw new ArmFault(404, 'NotFound', `The system-assigned identity of '${scope}' was not found: it is not enabled.`);
  }
  const id = `${scope}/${DEFAULT_IDENTITY}`;
  return jsonResponse(200, {
    id,
    name,
    type: 'Microsoft.ManagedIdentity/identities',
    location: location.toLowerCase().replace(/\s/g, ''),
    tags: {},
    properties: {
      tenantId: world.tenantId,
      principalId: ref.principalId,
      clientId: ref.clientId,
      clientSecretUrl: `https://control-${location}.identity.azure.net${id}/credentials?tid=${world.tenantId}&oid=${ref.principalId}&aid=${ref.clientId}`,
    },
  });
}

function listIdentitiesInSubscription(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  const value = subscription.userAssignedIdentities.map((i) => identityJson(ctx.world, subscription.subscriptionId, i));
  return jsonResponse(200, { value });
}

function listIdentitiesInGroup(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  const rg = findResourceGroup(subscription, p.rg!);
  const value = subscription.userAssignedIdentities
    .filter((i) => sameName(i.resourceGroup, rg))
    .map((i) => identityJson(ctx.world, subscription.subscriptionId, i));
  return jsonResponse(200, { value });
}

function getIdentity(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  const rg = findResourceGroup(subscription, p.rg!);
  const identity = subscription.userAssignedIdentities.find((i) => sameName(i.resourceGroup, rg) && sameName(i.name, p.name!));
  if (!identity) throw resourceNotFound('Microsoft.ManagedIdentity/userAssignedIdentities', p.name!, p.rg!);
  return jsonResponse(200, identityJson(ctx.world, subscription.subscriptionId, identity));
}

function identityJson(world: World, subscriptionId: string, identity: SimUserAssignedIdentity) {
  return {
    id: userAssignedIdentityId(subscriptionId, identity),
    name: identity.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: identity.location,
    tags: {},
    properties: {
      tenantId: world.tenantId,
      principalId: identity.principalId,
      clientId: identity.clientId,
      isolationScope: 'None',
    },
  };
}
