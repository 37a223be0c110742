// Microsoft.Web through the real WebSiteManagementClient: what it sends and what the world becomes.
import { describe, expect, it } from 'vitest';
import { simAzure } from './helpers.js';

const SHARED_ID_SUFFIX = '/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-shared';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('sites', () => {
  it('lists the subscription\'s apps and one resource group\'s, with kind, identity and outbound IPs', async () => {
    const azure = simAzure();
    const sites = await all(azure.web.webApps.list());
    expect(sites.map((s) => s.name)).toEqual(['contoso-orders-func', 'contoso-inventory-func', 'contoso-portal']);
    const inGroup = await all(azure.web.webApps.listByResourceGroup('RG-ORDERS'));
    expect(inGroup.map((s) => s.name)).toEqual(['contoso-orders-func']);

    const orders = await azure.web.webApps.get('rg-orders', 'contoso-orders-func');
    expect(orders.kind).toBe('functionapp,linux');
    expect(orders.identity).toBeUndefined();
    expect(orders.defaultHostName).toBe('contoso-orders-func.azurewebsites.net');
    expect(orders.possibleOutboundIpAddresses?.split(',')).toHaveLength(8);
    expect(azure.requests[2]).toMatchObject({ method: 'GET', status: 200 });
    expect(new URL(azure.requests[2]!.url).searchParams.get('api-version')).toBe('2025-05-01');
  });

  it('enabling the system identity keeps the user-assigned one: the PATCH carries both, the world gets a new principal', async () => {
    const azure = simAzure();
    const portal = await azure.web.webApps.get('rg-portal', 'contoso-portal');
    const existing = portal.identity!.userAssignedIdentities!;
    expect(Object.keys(existing)).toHaveLength(1);

    const updated = await azure.web.webApps.update('rg-portal', 'contoso-portal', {
      identity: {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: Object.fromEntries(Object.keys(existing).map((id) => [id, {}])),
      },
    });

    const patch = azure.requests.at(-1)!;
    expect(patch.method).toBe('PATCH');
    expect(patch.body).toEqual({
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [Object.keys(existing)[0]!]: {} } },
    });
    expect(updated.identity?.type).toBe('SystemAssigned, UserAssigned');
    expect(updated.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(updated.identity?.tenantId).toBe(azure.store.world.tenantId);
    expect(Object.values(updated.identity!.userAssignedIdentities!)[0]!.clientId).toBe(Object.values(existing)[0]!.clientId);

    const site = azure.dev.sites.find((s) => s.name === 'contoso-portal')!;
    expect(site.identity.userAssigned).toHaveLength(1);
    const principal = azure.store.world.directory.find((o) => o.objectId === updated.identity!.principalId);
    expect(principal).toMatchObject({ kind: 'servicePrincipal', displayName: 'contoso-portal', appId: site.identity.systemAssigned!.clientId });
    expect(azure.store.saves).toBe(1);
  });

  it('a PATCH that names only the system identity drops user-assigned ones (the type decides)', async () => {
    const azure = simAzure();
    const updated = await azure.web.webApps.update('rg-portal', 'contoso-portal', { identity: { type: 'SystemAssigned' } });
    expect(updated.identity?.type).toBe('SystemAssigned');
    expect(updated.identity?.userAssignedIdentities).toBeUndefined();
  });

  it('disabling and re-enabling the identity makes a new principal with a new client id', async () => {
    const azure = simAzure();
    const site = azure.dev.sites.find((s) => s.name === 'contoso-inventory-func')!;
    const before = site.identity.systemAssigned!;
    await azure.web.webApps.update('rg-inventory', 'contoso-inventory-func', { identity: { type: 'None' } });
    expect(site.identity.systemAssigned).toBeUndefined();
    expect(azure.store.world.directory.some((o) => o.objectId === before.principalId)).toBe(false);

    await azure.web.webApps.update('rg-inventory', 'contoso-inventory-func', { identity: { type: 'SystemAssigned' } });
    expect(site.identity.systemAssigned!.clientId).not.toBe(before.clientId);
    expect(site.identity.systemAssigned!.principalId).not.toBe(before.principalId);
  });

  it('attaching a user-assigned identity that does not exist fails with 400 and changes nothing', async () => {
    const azure = simAzure();
    const missing = `/subscriptions/${azure.dev.subscriptionId}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope`;
    const error = await azure.web.webApps
      .update('rg-orders', 'contoso-orders-func', { identity: { type: 'UserAssigned', userAssignedIdentities: { [missing]: {} } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 400, code: 'FailedIdentityOperation' });
    expect(azure.dev.sites[0]!.identity).toEqual({ userAssigned: [] });
    expect(azure.store.saves).toBe(0);
  });

  it('attaching another user-assigned identity by id (any case) stores its canonical id', async () => {
    const azure = simAzure();
    const id = `/subscriptions/${azure.dev.subscriptionId}/resourcegroups/RG-IDENTITIES/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-reporting`;
    const updated = await azure.web.webApps.update('rg-orders', 'contoso-orders-func', {
      identity: { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } },
    });
    const [key] = Object.keys(updated.identity!.userAssignedIdentities!);
    expect(key).toBe(`/subscriptions/${azure.dev.subscriptionId}${SHARED_ID_SUFFIX.replace('id-contoso-shared', 'id-contoso-reporting')}`);
  });

  it('a missing app or resource group surfaces as RestError with ARM\'s code and wording', async () => {
    const azure = simAzure();
    const missingApp = await azure.web.webApps.get('rg-orders', 'nope').catch((e: unknown) => e);
    expect(missingApp).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect((missingApp as Error).message).toContain(
      "The Resource 'Microsoft.Web/sites/nope' under resource group 'rg-orders' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    const missingGroup = await azure.web.webApps.get('rg-nope', 'contoso-orders-func').catch((e: unknown) => e);
    expect(missingGroup).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    const missingParent = await azure.web.webApps.getSlot('rg-orders', 'nope', 'staging').catch((e: unknown) => e);
    expect(missingParent).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });
});

describe('slots', () => {
  it('lists and gets a slot; its identity is its own', async () => {
    const azure = simAzure();
    const slots = await all(azure.web.webApps.listSlots('rg-orders', 'contoso-orders-func'));
    expect(slots.map((s) => s.name)).toEqual(['contoso-orders-func/staging']);
    const updated = await azure.web.webApps.updateSlot('rg-orders', 'contoso-orders-func', 'staging', {
      identity: { type: 'SystemAssigned' },
    });
    expect(updated.identity?.type).toBe('SystemAssigned');
    const site = await azure.web.webApps.get('rg-orders', 'contoso-orders-func');
    expect(site.identity).toBeUndefined();
    const principal = azure.store.world.directory.find((o) => o.objectId === updated.identity!.principalId);
    expect(principal?.displayName).toBe('contoso-orders-func/slots/staging');
  });
});

describe('app settings', () => {
  it('list returns every setting; PUT replaces the whole set, as the real API does', async () => {
    const azure = simAzure();
    const current = await azure.web.webApps.listApplicationSettings('rg-orders', 'contoso-orders-func');
    expect(Object.keys(current.properties!)).toContain('AzureWebJobsStorage');
    expect(azure.requests.at(-1)).toMatchObject({ method: 'POST', status: 200 });
    expect(azure.requests.at(-1)!.path).toMatch(/\/sites\/contoso-orders-func\/config\/appsettings\/list$/);

    await azure.web.webApps.updateApplicationSettings('rg-orders', 'contoso-orders-func', {
      properties: { ...current.properties, AZURE_SQL_SERVER: 'contoso-sql.database.windows.net' },
    });
    const put = azure.requests.at(-1)!;
    expect(put.method).toBe('PUT');
    expect(put.body).toEqual({ properties: { ...current.properties, AZURE_SQL_SERVER: 'contoso-sql.database.windows.net' } });

    await azure.web.webApps.updateApplicationSettings('rg-orders', 'contoso-orders-func', { properties: { ONLY: 'this' } });
    const after = await azure.web.webApps.listApplicationSettings('rg-orders', 'contoso-orders-func');
    expect(after.properties).toEqual({ ONLY: 'this' });
  });

  it('slot settings are separate from the app\'s', async () => {
    const azure = simAzure();
    await azure.web.webApps.updateApplicationSettingsSlot('rg-orders', 'contoso-orders-func', 'staging', {
      properties: { AZURE_SQL_DATABASE: 'orders' },
    });
    const slot = await azure.web.webApps.listApplicationSettingsSlot('rg-orders', 'contoso-orders-func', 'staging');
    const site = await azure.web.webApps.listApplicationSettings('rg-orders', 'contoso-orders-func');
    expect(slot.properties).toEqual({ AZURE_SQL_DATABASE: 'orders' });
    expect(site.properties).not.toHaveProperty('AZURE_SQL_DATABASE');
  });
});
