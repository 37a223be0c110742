import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listApps, listSlots, listUserAssignedIdentities } from '../../src/azure/discovery.js';
import { listSubscriptions, resolveSubscription } from '../../src/azure/subscriptions.js';
import { UsageError } from '../../src/errors.js';
import { simArm } from './sim-setup.js';

function cliProfile(defaultId: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'azprofile-'));
  const profile = { subscriptions: [{ id: defaultId, name: 'whatever', isDefault: true }] };
  writeFileSync(join(dir, 'azureProfile.json'), '\uFEFF' + JSON.stringify(profile), 'utf8');
  return { AZURE_CONFIG_DIR: dir };
}

describe('lists for choosing', () => {
  it('apps with resource group, kind, region and identity status; slots by their short name', async () => {
    const arm = simArm();
    const apps = await listApps(arm.clients);
    expect(apps.map((a) => [a.name, a.resourceGroup, a.isFunctionApp, a.identityType])).toEqual([
      ['contoso-inventory-func', 'rg-inventory', true, 'SystemAssigned'],
      ['contoso-orders-func', 'rg-orders', true, 'None'],
      ['contoso-portal', 'rg-portal', false, 'UserAssigned'],
    ]);
    expect(apps.find((a) => a.name === 'contoso-portal')).toMatchObject({ kind: 'app,linux', location: 'West Europe', userAssignedCount: 1, systemAssigned: false });
    expect(await listSlots(arm.clients, 'rg-orders', 'contoso-orders-func')).toEqual(['staging']);
    expect(await listSlots(arm.clients, 'rg-portal', 'contoso-portal')).toEqual([]);
  });

  it("user-assigned identities with their client ids", async () => {
    const arm = simArm();
    const ids = await listUserAssignedIdentities(arm.clients);
    expect(ids.map((i) => [i.name, i.resourceGroup])).toEqual([
      ['id-contoso-reporting', 'rg-identities'],
      ['id-contoso-shared', 'rg-identities'],
    ]);
    const shared = arm.dev.userAssignedIdentities.find((i) => i.name === 'id-contoso-shared')!;
    expect(ids[1]).toMatchObject({ clientId: shared.clientId, principalId: shared.principalId });
  });

  it('a slot list for a missing app names it', async () => {
    const arm = simArm();
    await expect(listSlots(arm.clients, 'rg-orders', 'nope')).rejects.toThrow(`App nope in resource group rg-orders (subscription ${arm.dev.subscriptionId}) was not found.`);
  });
});

describe('resolveSubscription', () => {
  it('by id or by name in any case', async () => {
    const arm = simArm();
    const empty = cliProfile('none');
    expect((await resolveSubscription(arm.ctx, 'contoso PROD', empty)).subscriptionId).toBe(arm.prod.subscriptionId);
    const byId = await resolveSubscription(arm.ctx, arm.dev.subscriptionId.toUpperCase(), empty);
    expect(byId).toMatchObject({ subscriptionId: arm.dev.subscriptionId, displayName: 'Contoso Dev', tenantId: arm.store.world.tenantId });
  });

  it("defaults to AZURE_SUBSCRIPTION_ID, else the Azure CLI's default subscription from its profile", async () => {
    const arm = simArm();
    const env = cliProfile(arm.prod.subscriptionId);
    expect((await resolveSubscription(arm.ctx, undefined, env)).displayName).toBe('Contoso Prod');
    expect((await resolveSubscription(arm.ctx, undefined, { ...env, AZURE_SUBSCRIPTION_ID: arm.dev.subscriptionId })).displayName).toBe('Contoso Dev');
  });

  it('with nothing chosen and several visible, lists them', async () => {
    const arm = simArm();
    const error = await resolveSubscription(arm.ctx, undefined, { AZURE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'azempty-')) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`Contoso Dev (${arm.dev.subscriptionId})`);
    expect((error as UsageError).suggestion).toContain('--subscription');
  });

  it('not found: names what was searched and where it came from, and lists what is visible', async () => {
    const arm = simArm();
    const error = await resolveSubscription(arm.ctx, undefined, cliProfile('99999999-0000-0000-0000-000000000000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `Subscription '99999999-0000-0000-0000-000000000000' (the Azure CLI's default subscription) is not among the subscriptions this sign-in can see: Contoso Dev (${arm.dev.subscriptionId}), Contoso Prod (${arm.prod.subscriptionId}).`,
    );
    expect((await listSubscriptions(arm.ctx)).map((s) => s.displayName)).toEqual(['Contoso Dev', 'Contoso Prod']);
  });
});
