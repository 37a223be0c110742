// The real SDK clients wired to the simulated ARM, over a fresh demo world.
import { WebSiteManagementClient } from '@azure/arm-appservice';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SqlManagementClient } from '@azure/arm-sql';
import { createSimArmHttpClient } from '../../src/sim/arm/http-client.js';
import type { ArmSimOptions } from '../../src/sim/arm/router.js';
import { SimCredential } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore, type WorldStore } from '../../src/sim/store.js';
import type { SimSubscription } from '../../src/sim/world.js';

export const ARM = 'https://management.azure.com';

export function simAzure(options: ArmSimOptions = {}) {
  const store = countingSaves(createMemoryStore(demoWorld()));
  const httpClient = createSimArmHttpClient(store, options);
  const credential = new SimCredential(store);
  const dev = subscriptionNamed(store, 'Contoso Dev');
  const classic = { endpoint: ARM, credentialScopes: [`${ARM}/.default`], httpClient };
  return {
    store,
    httpClient,
    requests: httpClient.requests,
    dev,
    web: new WebSiteManagementClient(credential, dev.subscriptionId, {
      endpoint: ARM,
      credentials: { scopes: [`${ARM}/.default`] },
      httpClient,
    }),
    sql: new SqlManagementClient(credential, dev.subscriptionId, classic),
    msi: new ManagedServiceIdentityClient(credential, dev.subscriptionId, classic),
    subscriptions: new SubscriptionClient(credential, classic),
  };
}

export function subscriptionNamed(store: WorldStore, name: string): SimSubscription {
  const found = store.world.subscriptions.find((s) => s.displayName === name);
  if (!found) throw new Error(`no subscription ${name}`);
  return found;
}

/** A store that counts save() calls, so tests can tell that writes persist. */
function countingSaves(store: WorldStore): WorldStore & { saves: number } {
  const counted = { world: store.world, saves: 0, save() { counted.saves += 1; } };
  return counted;
}
