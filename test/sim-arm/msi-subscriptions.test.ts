// Microsoft.ManagedIdentity and subscriptions through the real ManagedServiceIdentityClient and
// SubscriptionClient.
import { describe, expect, it } from 'vitest';
import { simAzure } from './helpers.js';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('system-assigned identity by scope', () => {
  it('gives the client id the site resource does not show (scope passed without its leading /)', async () => {
    const azure = simAzure();
    const site = azure.dev.sites.find((s) => s.name === 'contoso-inventory-func')!;
    const scope = `subscriptions/${azure.dev.subscriptionId}/resourceGroups/rg-inventory/providers/Microsoft.Web/sites/contoso-inventory-func`;
    const identity = await azure.msi.systemAssignedIdentities.getByScope(scope);
    expect(identity).toMatchObject({
      clientId: site.identity.systemAssigned!.clientId,
      principalId: site.identity.systemAssigned!.principalId,
      tenantId: azure.store.world.tenantId,
    });
    expect(azure.requests.at(-1)!.path).toBe(`/${scope}/providers/Microsoft.ManagedIdentity/identities/default`);
    expect(new URL(azure.requests.at(-1)!.url).searchParams.get('api-version')).toBe('2024-11-30');
  });

  it('a slot has its own; an app or slot without one answers 404', async () => {
    const azure = simAzure();
    const base = `subscriptions/${azure.dev.subscriptionId}/resourceGroups/rg-orders/providers/Microsoft.Web/sites/contoso-orders-func`;
    await expect(azure.msi.systemAssignedIdentities.getByScope(base)).rejects.toMatchObject({ statusCode: 404 });
    await expect(azure.msi.systemAssignedIdentities.getByScope(`${base}/slots/staging`)).rejects.toMatchObject({ statusCode: 404 });

    const slot = await azure.web.webApps.updateSlot('rg-orders', 'contoso-orders-func', 'staging', { identity: { type: 'SystemAssigned' } });
    const identity = await azure.msi.systemAssignedIdentities.getByScope(`${base}/slots/staging`);
    expect(identity.principalId).toBe(slot.identity!.principalId);
    const app = azure.store.world.directory.find((o) => o.objectId === identity.principalId)!;
    expect(identity.clientId).toBe(app.appId);
  });
});

describe('user-assigned identities', () => {
  it('lists by subscription and resource group and gets one with its client id', async () => {
    const azure = simAzure();
    const inSubscription = await all(azure.msi.userAssignedIdentities.listBySubscription());
    expect(inSubscription.map((i) => i.name)).toEqual(['id-contoso-shared', 'id-contoso-reporting']);
    const inGroup = await all(azure.msi.userAssignedIdentities.listByResourceGroup('rg-identities'));
    expect(inGroup).toHaveLength(2);
    const shared = await azure.msi.userAssignedIdentities.get('rg-identities', 'id-contoso-shared');
    const stored = azure.dev.userAssignedIdentities[0]!;
    expect(shared).toMatchObject({ clientId: stored.clientId, principalId: stored.principalId, type: 'Microsoft.ManagedIdentity/userAssignedIdentities' });
    await expect(azure.msi.userAssignedIdentities.get('rg-identities', 'nope')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });
});

describe('subscriptions', () => {
  it('lists the tenant\'s subscriptions and gets one; an unknown one is SubscriptionNotFound', async () => {
    const azure = simAzure();
    const subscriptions = await all(azure.subscriptions.subscriptions.list());
    expect(subscriptions.map((s) => s.displayName)).toEqual(['Contoso Dev', 'Contoso Prod']);
    expect(subscriptions[0]).toMatchObject({ state: 'Enabled', tenantId: azure.store.world.tenantId });
    const dev = await azure.subscriptions.subscriptions.get(azure.dev.subscriptionId);
    expect(dev.id).toBe(`/subscriptions/${azure.dev.subscriptionId}`);
    await expect(azure.subscriptions.subscriptions.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SubscriptionNotFound',
    });
  });
});
