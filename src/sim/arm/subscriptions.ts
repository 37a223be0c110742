// Microsoft.Resources subscriptions: the list a signed-in user sees, and one by id.
import type { SimSubscription, World } from '../world.js';
import { findSubscription } from './lookup.js';
import { jsonResponse } from './response.js';
import type { Params, Route, RouteContext } from './router.js';

export const subscriptionRoutes: Route[] = [
  { pattern: 'subscriptions', methods: { GET: listSubscriptions } },
  { pattern: 'subscriptions/{sub}', methods: { GET: getSubscription } },
];

function listSubscriptions(ctx: RouteContext) {
  return jsonResponse(200, {
    value: ctx.world.subscriptions.map((s) => subscriptionJson(ctx.world, s)),
    count: { type: 'Total', value: ctx.world.subscriptions.length },
  });
}

function getSubscription(ctx: RouteContext, p: Params) {
  return jsonResponse(200, subscriptionJson(ctx.world, findSubscription(ctx.world, p.sub!)));
}

function subscriptionJson(world: World, subscription: SimSubscription) {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    subscriptionId: subscription.subscriptionId,
    tenantId: world.tenantId,
    displayName: subscription.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags: {},
  };
}
