import { describe, expect, it } from 'vitest';
import { listApps } from '../../src/azure/discovery.js';
import { createArmClients } from '../../src/azure/clients.js';
import { resolveCloud } from '../../src/azure/cloud.js';
import { createSimArmHttpClient, handleArmRequest, SIM_CLOUD_NAME } from '../../src/sim/arm/index.js';
import { SimCredential } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore } from '../../src/sim/store.js';

describe('a custom cloud from ARM_CLOUD_METADATA_URL drives every client', () => {
  it('ARM endpoint and token audience come from the metadata document', async () => {
    const store = createMemoryStore(demoWorld());
    const origin = 'https://arm.contoso-stack.example:4443';
    // The simulator's own /metadata/endpoints answer, served in-process.
    const fetchImpl = async (url: string) => {
      const response = await handleArmRequest(store, { method: 'GET', url, headers: {}, body: undefined });
      return { ok: response.status === 200, status: response.status, json: async () => JSON.parse(response.body ?? 'null') as unknown };
    };
    const cloud = await resolveCloud(undefined, { AZURE_CONFIG_DIR: '/nonexistent', ARM_CLOUD_METADATA_URL: `${origin}/metadata/endpoints?api-version=2022-09-01` }, fetchImpl);
    expect(cloud).toMatchObject({ name: SIM_CLOUD_NAME, resourceManagerEndpoint: origin, armScope: `${origin}//.default`, sqlHostSuffix: 'database.windows.net' });

    const sim0 = createSimArmHttpClient(store);
    const userAgents: string[] = [];
    const http = {
      requests: sim0.requests,
      sendRequest: (request: Parameters<typeof sim0.sendRequest>[0]) => {
        userAgents.push(request.headers.get('user-agent') ?? '');
        return sim0.sendRequest(request);
      },
    };
    const scopes: string[] = [];
    const sim = new SimCredential(store);
    const credential = { getToken: (s: string | string[], o?: object) => (scopes.push(...[s].flat()), sim.getToken(s, o)) };
    const clients = createArmClients({ credential, cloud, httpClient: http }, store.world.subscriptions[0]!.subscriptionId);
    expect((await listApps(clients)).length).toBe(3);
    await clients.sql.servers.list().next();
    await clients.msi.userAssignedIdentities.listBySubscription().next();
    expect(new Set(http.requests.map((r) => new URL(r.url).origin))).toEqual(new Set([origin]));
    expect(http.requests.every((r) => r.status === 200)).toBe(true);
    expect(new Set(scopes)).toEqual(new Set([`${origin}//.default`]));
    expect(userAgents.length).toBeGreaterThan(2);
    for (const ua of userAgents) expect(ua).toMatch(/^azsql-mi-setup\/\d+\.\d+\.\d+ /);
  });
});
