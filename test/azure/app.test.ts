import { describe, expect, it } from 'vitest';
import { attachUserIdentity, enableSystemIdentity, readApp } from '../../src/azure/app.js';
import { readUserAssignedIdentity } from '../../src/azure/identity.js';
import { UsageError } from '../../src/errors.js';
import { simArm } from './sim-setup.js';

function site(arm: ReturnType<typeof simArm>, name: string) {
  const found = arm.dev.sites.find((s) => s.name === name);
  if (!found) throw new Error(`no site ${name} in the demo world`);
  return found;
}

describe('readApp', () => {
  it("reads a site's system identity with the client id from the identity resource, not the principal id", async () => {
    const arm = simArm();
    const inventory = site(arm, 'contoso-inventory-func');
    const app = await readApp(arm.clients, { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-inventory', name: 'contoso-inventory-func' });
    expect(app).toMatchObject({
      name: 'contoso-inventory-func',
      resourceGroup: 'rg-inventory',
      kind: 'functionapp,linux',
      identityType: 'SystemAssigned',
      systemAssigned: { principalId: inventory.identity.systemAssigned!.principalId, clientId: inventory.identity.systemAssigned!.clientId },
      userAssigned: [],
    });
    expect(app.systemAssigned!.tenantId).toBe(arm.store.world.tenantId);
    expect(app.possibleOutboundIpAddresses).toHaveLength(8);
    const byScope = arm.take().filter((r) => r.path.endsWith('/providers/Microsoft.ManagedIdentity/identities/default'));
    expect(byScope.length).toBeGreaterThan(0);
    for (const r of byScope) {
      expect(r.path).not.toContain('//');
      expect(r.path).toBe(`/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-inventory/providers/Microsoft.Web/sites/contoso-inventory-func/providers/Microsoft.ManagedIdentity/identities/default`);
    }
  });

  it("reads a slot's own identity, after enabling it on the slot only", async () => {
    const arm = simArm();
    const slotRef = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func', slot: 'staging' };
    const before = await readApp(arm.clients, slotRef);
    expect(before).toMatchObject({ slot: 'staging', identityType: 'None', userAssigned: [] });
    expect(before.systemAssigned).toBeUndefined();

    const enabled = await enableSystemIdentity(arm.clients, slotRef, before);
    const slotIdentity = site(arm, 'contoso-orders-func').slots[0]!.identity.systemAssigned!;
    expect(enabled.systemAssigned).toMatchObject({ principalId: slotIdentity.principalId, clientId: slotIdentity.clientId });
    arm.take();

    const after = await readApp(arm.clients, slotRef);
    expect(after.systemAssigned?.clientId).toBe(slotIdentity.clientId);
    const scopes = arm.take().filter((r) => r.path.includes('/identities/default'));
    expect(scopes.map((r) => r.path)).toContain(
      `/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-orders/providers/Microsoft.Web/sites/contoso-orders-func/slots/staging/providers/Microsoft.ManagedIdentity/identities/default`,
    );
    // The production site keeps having no identity of its own.
    expect(site(arm, 'contoso-orders-func').identity.systemAssigned).toBeUndefined();
  });

  it('names the app, resource group and subscription when it does not exist', async () => {
    const arm = simArm();
    const error = await readApp(arm.clients, { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'no-such-func' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`App no-such-func in resource group rg-orders (subscription ${arm.dev.subscriptionId}) was not found.`);
  });
});

describe('changing identities keeps the ones already there', () => {
  it('enableSystemIdentity on an app with a user-assigned identity PATCHes both, keeping the user-assigned one', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-portal', name: 'contoso-portal' };
    const current = await readApp(arm.clients, ref);
    const shared = current.userAssigned[0]!;
    expect(shared.name).toBe('id-contoso-shared');
    arm.take();

    const after = await enableSystemIdentity(arm.clients, ref, current);
    const patch = arm.take().find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(`/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-portal/providers/Microsoft.Web/sites/contoso-portal`);
    expect(patch?.body).toEqual({ identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [shared.resourceId]: {} } } });
    expect(after.identityType).toBe('SystemAssigned, UserAssigned');
    expect(after.userAssigned.map((u) => u.clientId)).toEqual([shared.clientId]);
    expect(after.systemAssigned?.clientId).toBe(site(arm, 'contoso-portal').identity.systemAssigned!.clientId);
  });

  it('attachUserIdentity keeps the system identity and sends every user-assigned id', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-inventory', name: 'contoso-inventory-func' };
    const current = await readApp(arm.clients, ref);
    const reportingId = `/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-reporting`;
    const reporting = await readUserAssignedIdentity(arm.clients, reportingId);
    arm.take();

    const after = await attachUserIdentity(arm.clients, ref, current, reportingId);
    const patch = arm.take().find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [reportingId]: {} } } });
    expect(after.systemAssigned?.clientId).toBe(current.systemAssigned?.clientId);
    expect(after.userAssigned).toEqual([{ resourceId: expect.stringMatching(/id-contoso-reporting$/), name: 'id-contoso-reporting', clientId: reporting.clientId, principalId: reporting.principalId }]);

    // Attached already: no second PATCH.
    await attachUserIdentity(arm.clients, ref, after, reportingId.toUpperCase());
    expect(arm.take().filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('readUserAssignedIdentity: a missing identity is a usage error naming it', async () => {
    const arm = simArm();
    const id = `/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone`;
    const error = await readUserAssignedIdentity(arm.clients, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('User-assigned identity id-gone in resource group rg-identities');
  });
});
