// The simulated Azure Resource Manager: one pure request handler over the world. It checks what
// ARM's front door checks (token, api-version), routes to the resource providers, and answers with
// ARM's status codes and error bodies.
import type { WorldStore } from '../store.js';
import { authenticate, wrongTenant } from './auth.js';
import { findResourceGroup, findSubscription } from './lookup.js';
import { cloudMetadataResponse } from './metadata.js';
import { msiRoutes } from './msi.js';
import { ArmFault, faultResponse, jsonResponse, type ArmRequest, type ArmResponse } from './response.js';
import { matchRoute, pathSegments, type ArmSimOptions, type Route, type RouteContext } from './router.js';
import { sqlRoutes } from './sql.js';
import { sqlAdminRoutes } from './sql-admin.js';
import { subscriptionRoutes } from './subscriptions.js';
import { webRoutes } from './web.js';

const ROUTES: Route[] = [...subscriptionRoutes, ...webRoutes, ...msiRoutes, ...sqlRoutes, ...sqlAdminRoutes];
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha|-privatepreview)?$/i;

export async function handleArmRequest(
  store: WorldStore,
  request: ArmRequest,
  options: ArmSimOptions = {},
): Promise<ArmResponse> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  if (method === 'GET' && url.pathname.replace(/\/$/, '').toLowerCase() === '/metadata/endpoints') {
    return cloudMetadataResponse(store.world, url.origin);
  }
  try {
    const caller = authenticate(store.world, request.headers, url.origin);
    checkApiVersion(url);
    const segments = pathSegments(url.pathname);
    if (segments.some((s) => s === '')) {
      throw new ArmFault(400, 'InvalidRequestUri', `The request URI path '${url.pathname}' has an empty segment.`);
    }
    if (!caller.tenantMatches) {
      // Another tenant's token sees no subscriptions here and may not touch them.
      if (segments.length === 1) return jsonResponse(200, { value: [] });
      throw wrongTenant(store.world);
    }
    const ctx: RouteContext = { store, world: store.world, method, origin: url.origin, url, body: parseBody(request.body), options };
    return await route(ctx, segments);
  } catch (error) {
    if (error instanceof ArmFault) return faultResponse(error);
    throw error;
  }
}

async function route(ctx: RouteContext, segments: string[]): Promise<ArmResponse> {
  for (const { pattern, methods } of ROUTES) {
    const params = matchRoute(pattern, segments);
    if (!params) continue;
    const handler = methods[ctx.method as keyof typeof methods];
    if (!handler) {
      throw new ArmFault(405, 'MethodNotAllowed', `The simulated Azure does not support ${ctx.method} on '${ctx.url.pathname}'.`);
    }
    return handler(ctx, params);
  }
  throw unknownPath(ctx, segments);
}

/** No route: fail on the first part ARM would reject (subscription, resource group, type). */
function unknownPath(ctx: RouteContext, segments: string[]): ArmFault {
  const lower = segments.map((s) => s.toLowerCase());
  if (lower[0] === 'subscriptions' && segments[1]) {
    const subscription = findSubscription(ctx.world, segments[1]);
    if (lower[2] === 'resourcegroups' && segments[3]) findResourceGroup(subscription, segments[3]);
    const at = lower.lastIndexOf('providers');
    if (at >= 0 && segments[at + 1] && segments[at + 2]) {
      return new ArmFault(
        400,
        'InvalidResourceType',
        `The resource type '${segments[at + 2]}' could not be found in the namespace '${segments[at + 1]}' for api version '${ctx.url.searchParams.get('api-version')}'.`,
      );
    }
  }
  return new ArmFault(404, 'NotFound', `The simulated Azure has nothing at '${ctx.url.pathname}'.`);
}

function checkApiVersion(url: URL): void {
  const version = url.searchParams.get('api-version');
  if (version === null || version === '') {
    throw new ArmFault(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (!API_VERSION.test(version)) {
    throw new ArmFault(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are dates such as '2024-11-30'.`);
  }
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ArmFault(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(error as Error).message}'.`);
  }
}
