// Real SDK clients over the in-process simulated ARM (the SDKs' httpClient seam).
import { createArmClients, type ArmClients, type ArmContext } from '../../src/azure/clients.js';
import { BUILT_IN_CLOUDS } from '../../src/azure/cloud.js';
import { createSimArmHttpClient, type SimArmHttpClient } from '../../src/sim/arm/index.js';
import { SimCredential } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore, type WorldStore } from '../../src/sim/store.js';
import type { SimSubscription } from '../../src/sim/world.js';

export interface SimArm {
  store: WorldStore;
  http: SimArmHttpClient;
  ctx: ArmContext;
  clients: ArmClients;
  dev: SimSubscription;
  prod: SimSubscription;
  /** Requests recorded since the last call, then forgotten. */
  take(): SimArmHttpClient['requests'];
}

export function simArm(): SimArm {
  const store = createMemoryStore(demoWorld());
  const http = createSimArmHttpClient(store, { pollDelayMs: 1 });
  const ctx: ArmContext = { credential: new SimCredential(store), cloud: BUILT_IN_CLOUDS.AzureCloud, httpClient: http };
  const [dev, prod] = store.world.subscriptions as [SimSubscription, SimSubscription];
  return {
    store,
    http,
    ctx,
    clients: createArmClients(ctx, dev.subscriptionId),
    dev,
    prod,
    take() {
      return http.requests.splice(0);
    },
  };
}
