// ARM's front door as the handler answers it: tokens, api-version, unknown paths, the metadata
// document, and the long-running operation's headers.
import { describe, expect, it } from 'vitest';
import { handleArmRequest } from '../../src/sim/arm/handler.js';
import { SimCredential, encodeUnsignedJwt } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore } from '../../src/sim/store.js';

const ARM = 'https://management.azure.com';

async function setup() {
  const store = createMemoryStore(demoWorld());
  const { token } = await new SimCredential(store).getToken(`${ARM}/.default`);
  const sub = store.world.subscriptions[0]!.subscriptionId;
  const get = (path: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
    handleArmRequest(store, { method: 'GET', url: `${ARM}${path}`, headers });
  return { store, token, sub, get };
}

function errorOf(response: { body?: string }) {
  return (JSON.parse(response.body!) as { error: { code: string; message: string } }).error;
}

describe('authentication', () => {
  it('no Authorization header: 401 AuthenticationFailed, as ARM words it', async () => {
    const { get } = await setup();
    const response = await get('/subscriptions?api-version=2022-12-01', {});
    expect(response.status).toBe(401);
    expect(errorOf(response)).toEqual({
      code: 'AuthenticationFailed',
      message: "Authentication failed. The 'Authorization' header is missing.",
    });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('a token for another audience, an expired one, or not a JWT at all is refused, and never echoed', async () => {
    const { store, get } = await setup();
    const other = await new SimCredential(store).getToken('https://database.windows.net/.default');
    const wrong = await get('/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${other.token}` });
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong).code).toBe('InvalidAuthenticationTokenAudience');
    expect(wrong.body).not.toContain(other.token);

    const expired = encodeUnsignedJwt({ aud: ARM, exp: Math.floor(Date.now() / 1000) - 10, tid: store.world.tenantId });
    expect(errorOf(await get('/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${expired}` })).code).toBe(
      'ExpiredAuthenticationToken',
    );
    expect(errorOf(await get('/subscriptions?api-version=2022-12-01', { authorization: 'Bearer opaque' })).code).toBe(
      'InvalidAuthenticationToken',
    );
  });

  it('the classic management audience is accepted too', async () => {
    const { store, sub, get } = await setup();
    const classic = await new SimCredential(store).getToken('https://management.core.windows.net//.default');
    const response = await get(`/subscriptions/${sub}?api-version=2022-12-01`, { authorization: `Bearer ${classic.token}` });
    expect(response.status).toBe(200);
  });

  it('a token from another tenant sees no subscriptions and cannot read one', async () => {
    const { store, sub, get } = await setup();
    const foreign = encodeUnsignedJwt({ aud: ARM, exp: Math.floor(Date.now() / 1000) + 600, tid: '11111111-1111-4111-8111-111111111111' });
    const list = await get('/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${foreign}` });
    expect(JSON.parse(list.body!)).toEqual({ value: [] });
    const one = await get(`/subscriptions/${sub}?api-version=2022-12-01`, { authorization: `Bearer ${foreign}` });
    expect(errorOf(one).code).toBe('InvalidAuthenticationTokenTenant');
    expect(store.world.subscriptions).toHaveLength(2);
  });
});

describe('requests ARM rejects before any provider sees them', () => {
  it('no api-version: 400 MissingApiVersionParameter', async () => {
    const { sub, get } = await setup();
    const response = await get(`/subscriptions/${sub}/providers/Microsoft.Web/sites`);
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('MissingApiVersionParameter');
  });

  it('an unknown or malformed subscription, an unknown resource type, a path with //', async () => {
    const { sub, get } = await setup();
    const unknown = await get('/subscriptions/00000000-0000-4000-8000-000000000000/providers/Microsoft.Web/sites?api-version=2025-05-01');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toEqual({
      code: 'SubscriptionNotFound',
      message: "The subscription '00000000-0000-4000-8000-000000000000' could not be found.",
    });
    expect(errorOf(await get('/subscriptions/Contoso%20Dev?api-version=2022-12-01')).code).toBe('InvalidSubscriptionId');
    const type = await get(`/subscriptions/${sub}/resourceGroups/rg-data/providers/Microsoft.Sql/nonsense?api-version=2022-08-01-preview`);
    expect([type.status, errorOf(type).code]).toEqual([400, 'InvalidResourceType']);
    const group = await get(`/subscriptions/${sub}/resourceGroups/rg-nope/providers/Microsoft.Sql/nonsense?api-version=2022-08-01-preview`);
    expect(errorOf(group).code).toBe('ResourceGroupNotFound');
    const doubled = await get(
      `//subscriptions/${sub}/resourceGroups/rg-inventory/providers/Microsoft.Web/sites/contoso-inventory-func/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`,
    );
    expect(doubled.status).toBe(400);
  });

  it('a method the simulator does not implement is 405, not a silent success', async () => {
    const { store, token, sub } = await setup();
    const response = await handleArmRequest(store, {
      method: 'DELETE',
      url: `${ARM}/subscriptions/${sub}/resourceGroups/rg-orders/providers/Microsoft.Web/sites/contoso-orders-func?api-version=2025-05-01`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(405);
    expect(store.world.subscriptions[0]!.sites).toHaveLength(3);
  });
});

describe('cloud metadata', () => {
  it('serves the custom cloud document without a token, naming itself as ARM and audience', async () => {
    const { get } = await setup();
    const response = await get('/metadata/endpoints?api-version=2022-09-01', {});
    expect(response.status).toBe(200);
    const [cloud] = JSON.parse(response.body!) as Array<Record<string, any>>;
    expect(cloud).toMatchObject({
      name: 'SimCloud',
      resourceManager: `${ARM}/`,
      authentication: { audiences: [`${ARM}/`] },
      suffixes: { sqlServerHostname: 'database.windows.net' },
    });
  });
});

describe('the admin operation', () => {
  it('advertises Retry-After in whole seconds when it is meant to take time, and none otherwise', async () => {
    for (const [pollDelayMs, expected] of [[1500, '2'], [0, undefined]] as const) {
      const { store, token, sub } = await setup();
      const me = store.world.directory.find((o) => o.objectId === store.world.signedInObjectId)!;
      const response = await handleArmRequest(
        store,
        {
          method: 'PUT',
          url: `${ARM}/subscriptions/${sub}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/contoso-sql/administrators/ActiveDirectory?api-version=2020-11-01-preview`,
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({
            properties: { administratorType: 'ActiveDirectory', login: me.displayName, sid: me.objectId, tenantId: store.world.tenantId },
          }),
        },
        { pollDelayMs },
      );
      expect(response.status).toBe(202);
      expect(response.headers['azure-asyncoperation']).toMatch(
        /^https:\/\/management\.azure\.com\/subscriptions\/[0-9a-f-]+\/providers\/Microsoft\.Sql\/locations\/westeurope\/administratorAzureAsyncOperation\/[0-9a-f-]+\?api-version=2020-11-01-preview$/,
      );
      expect(response.headers.location).toContain('/administratorOperationResults/');
      expect(response.headers['retry-after']).toBe(expected);

      const result = await handleArmRequest(store, { method: 'GET', url: response.headers.location!, headers: { authorization: `Bearer ${token}` } }, { pollDelayMs });
      expect(result.status).toBe(202);
    }
  });
});
