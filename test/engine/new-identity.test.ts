// Right after the PATCH that enables it, a system identity may not be at identities/default yet:
// the run waits for its client id instead of failing a step that worked.
import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { createArmClients } from '../../src/azure/clients.js';
import { apply } from '../../src/engine/apply.js';
import { Cleanup } from '../../src/engine/cleanup.js';
import type { EngineContext } from '../../src/engine/context.js';
import { observe } from '../../src/engine/observe.js';
import { plan } from '../../src/engine/plan.js';
import type { Target } from '../../src/engine/target.js';
import { meFromClaims } from '../../src/azure/signed-in.js';
import { createSimArmHttpClient } from '../../src/sim/arm/index.js';
import { SimCredential, decodeJwtPayload } from '../../src/sim/credential.js';
import { createSimSqlConnector } from '../../src/sim/sql/index.js';
import { createMemoryStore } from '../../src/sim/store.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { FAST_TIMING } from '../wizard/helpers.js';
import { database, site, worldReadyForMe } from '../support/worlds.js';

/** The simulated ARM, except that identities/default answers 404 for the first `misses` reads after the identity PATCH. */
function lateIdentity(inner: HttpClient, misses: number): HttpClient & { missed: number } {
  let patched = false;
  const client = {
    missed: 0,
    async sendRequest(request: Parameters<HttpClient['sendRequest']>[0]) {
      if (request.method === 'PATCH') patched = true;
      if (patched && request.url.includes('/providers/Microsoft.ManagedIdentity/identities/default') && client.missed < misses) {
        client.missed++;
        const body = { error: { code: 'ResourceNotFound', message: 'The identity is still being created.' } };
        return { request, status: 404, headers: createHttpHeaders({ 'content-type': 'application/json' }), bodyAsText: JSON.stringify(body) };
      }
      return inner.sendRequest(request);
    },
  };
  return client;
}

describe('a system identity that appears a moment after it is enabled', () => {
  it('is waited for, and the user is created with its client id', async () => {
    const store = createMemoryStore(worldReadyForMe());
    const credential = new SimCredential(store);
    const cloud = { name: 'AzureCloud', resourceManagerEndpoint: 'https://management.azure.com', armScope: 'https://management.azure.com/.default', sqlHostSuffix: 'database.windows.net', sqlScope: 'https://database.windows.net/.default', loginEndpoint: 'https://login.microsoftonline.com' };
    const http = lateIdentity(createSimArmHttpClient(store, { pollDelayMs: 1 }), 4);
    const subscriptionId = store.world.subscriptions[0]!.subscriptionId;
    const token = (await credential.getToken('https://management.azure.com/.default'))!.token;
    const statuses: string[] = [];
    const ctx: EngineContext = {
      credential,
      cloud,
      clients: createArmClients({ credential, cloud, httpClient: http }, subscriptionId),
      connector: createSimSqlConnector(store),
      me: meFromClaims(decodeJwtPayload(token)),
      cleanup: new Cleanup(),
      events: { status: (m) => statuses.push(m) },
      timing: FAST_TIMING,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    };
    const target: Target = {
      app: { subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func' },
      identity: { kind: 'system' },
      server: { subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' },
      database: 'orders',
      rolesToAdd: [],
      rolesToRemove: [],
      createUser: 'sid',
      adminPolicy: 'keep',
      client: 'python',
    };
    try {
      const observation = await observe(ctx, target, { mayOpenFirewall: true });
      const result = await apply(ctx, target, observation, plan(target, observation.observed));
      expect([...result.outcomes.values()].map((o) => o.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
      expect(http.missed).toBe(4);
      expect(statuses.filter((s) => s.startsWith("Waiting for the new identity's client id")).length).toBeGreaterThan(0);
      const clientId = site(store.world).identity.systemAssigned!.clientId;
      expect(database(store.world).principals.find((p) => p.name === 'contoso-orders-func')!.sidHex).toBe(sidHexFromClientId(clientId));
    } finally {
      await ctx.cleanup.run();
    }
  });
});
