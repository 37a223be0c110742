// Microsoft.Web: sites and slots (list, get, PATCH of the identity) and their app settings.
import type { SimSite, SimSlot } from '../world.js';
import { applyIdentityPatch } from './identity.js';
import { findResourceGroup, findSite, findSlot, findSubscription, sameName } from './lookup.js';
import { ArmFault, jsonResponse } from './response.js';
import type { Params, Route, RouteContext } from './router.js';
import { appSettingsJson, siteId, siteJson, slotId, slotJson } from './web-json.js';

const SITES = 'subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites';
const SITE = `${SITES}/{site}`;
const SLOT = `${SITE}/slots/{slot}`;

export const webRoutes: Route[] = [
  { pattern: 'subscriptions/{sub}/providers/Microsoft.Web/sites', methods: { GET: listSitesInSubscription } },
  { pattern: SITES, methods: { GET: listSitesInGroup } },
  { pattern: SITE, methods: { GET: getSite, PATCH: patchSite } },
  { pattern: `${SITE}/slots`, methods: { GET: listSlots } },
  { pattern: SLOT, methods: { GET: getSlot, PATCH: patchSlot } },
  { pattern: `${SITE}/config/appsettings/list`, methods: { POST: listSiteSettings } },
  { pattern: `${SITE}/config/appsettings`, methods: { PUT: putSiteSettings } },
  { pattern: `${SLOT}/config/appsettings/list`, methods: { POST: listSlotSettings } },
  { pattern: `${SLOT}/config/appsettings`, methods: { PUT: putSlotSettings } },
];

function listSitesInSubscription(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  return jsonResponse(200, { value: subscription.sites.map((s) => siteJson(ctx.world, subscription.subscriptionId, s)) });
}

function listSitesInGroup(ctx: RouteContext, p: Params) {
  const subscription = findSubscription(ctx.world, p.sub!);
  const rg = findResourceGroup(subscription, p.rg!);
  const sites = subscription.sites.filter((s) => sameName(s.resourceGroup, rg));
  return jsonResponse(200, { value: sites.map((s) => siteJson(ctx.world, subscription.subscriptionId, s)) });
}

function getSite(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, siteParams(p));
  return jsonResponse(200, siteJson(ctx.world, subscriptionIdOf(ctx, p), site));
}

function patchSite(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, siteParams(p));
  const subscriptionId = subscriptionIdOf(ctx, p);
  const body = objectBody(ctx.body);
  applyIdentityPatch(ctx.world, site, { resourceId: siteId(subscriptionId, site), displayName: site.name }, body.identity);
  ctx.store.save();
  return jsonResponse(200, siteJson(ctx.world, subscriptionId, site));
}

function listSlots(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, siteParams(p), true);
  const subscriptionId = subscriptionIdOf(ctx, p);
  return jsonResponse(200, { value: site.slots.map((slot) => slotJson(ctx.world, subscriptionId, site, slot)) });
}

function getSlot(ctx: RouteContext, p: Params) {
  const { site, slot } = siteAndSlot(ctx, p);
  return jsonResponse(200, slotJson(ctx.world, subscriptionIdOf(ctx, p), site, slot));
}

function patchSlot(ctx: RouteContext, p: Params) {
  const { site, slot } = siteAndSlot(ctx, p);
  const subscriptionId = subscriptionIdOf(ctx, p);
  const body = objectBody(ctx.body);
  const context = { resourceId: slotId(subscriptionId, site, slot), displayName: `${site.name}/slots/${slot.name}` };
  applyIdentityPatch(ctx.world, slot, context, body.identity);
  ctx.store.save();
  return jsonResponse(200, slotJson(ctx.world, subscriptionId, site, slot));
}

function listSiteSettings(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, siteParams(p), true);
  const id = siteId(subscriptionIdOf(ctx, p), site);
  return jsonResponse(200, appSettingsJson(id, 'Microsoft.Web/sites', site.location, site.appSettings));
}

function putSiteSettings(ctx: RouteContext, p: Params) {
  const site = findSite(ctx.world, siteParams(p), true);
  site.appSettings = settingsFromBody(ctx.body);
  ctx.store.save();
  const id = siteId(subscriptionIdOf(ctx, p), site);
  return jsonResponse(200, appSettingsJson(id, 'Microsoft.Web/sites', site.location, site.appSettings));
}

function listSlotSettings(ctx: RouteContext, p: Params) {
  const { site, slot } = siteAndSlot(ctx, p);
  const id = slotId(subscriptionIdOf(ctx, p), site, slot);
  return jsonResponse(200, appSettingsJson(id, 'Microsoft.Web/sites/slots', site.location, slot.appSettings));
}

function putSlotSettings(ctx: RouteContext, p: Params) {
  const { site, slot } = siteAndSlot(ctx, p);
  // PUT replaces the whole set, as the real API does: keys not sent are gone.
  slot.appSettings = settingsFromBody(ctx.body);
  ctx.store.save();
  const id = slotId(subscriptionIdOf(ctx, p), site, slot);
  return jsonResponse(200, appSettingsJson(id, 'Microsoft.Web/sites/slots', site.location, slot.appSettings));
}

function siteParams(p: Params) {
  return { sub: p.sub!, rg: p.rg!, site: p.site! };
}

function siteAndSlot(ctx: RouteContext, p: Params): { site: SimSite; slot: SimSlot } {
  const slot = findSlot(ctx.world, { ...siteParams(p), slot: p.slot! });
  const site = findSite(ctx.world, siteParams(p), true);
  return { site, slot };
}

/** The subscription id as stored (the request may spell it in another case). */
function subscriptionIdOf(ctx: RouteContext, p: Params): string {
  return findSubscription(ctx.world, p.sub!).subscriptionId;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ArmFault(400, 'BadRequest', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function settingsFromBody(body: unknown): Record<string, string> {
  const properties = objectBody(body).properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ArmFault(400, 'BadRequest', "The app settings must be sent as an object in 'properties'.");
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value !== 'string') {
      throw new ArmFault(400, 'BadRequest', `The value of app setting '${key}' must be a string.`);
    }
    settings[key] = value;
  }
  return settings;
}
