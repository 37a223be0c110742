import { describe, expect, it } from 'vitest';
import { readAppSettings, writeAppSettings } from '../../src/azure/app-settings.js';
import { sqlSettingsFor } from '../../src/sql/connection-settings.js';
import { simArm } from './sim-setup.js';

describe('writeAppSettings through the real SDK', () => {
  it('PUTs every earlier key unchanged plus the new ones', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func' };
    const before = await readAppSettings(arm.clients, ref);
    expect(Object.keys(before)).toContain('AzureWebJobsStorage');
    arm.take();

    const wanted = sqlSettingsFor('python', { serverFqdn: 'contoso-sql.database.windows.net', database: 'orders' });
    const result = await writeAppSettings(arm.clients, ref, wanted);
    expect(result.changedKeys.sort()).toEqual(Object.keys(wanted).sort());
    const put = arm.take().find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-orders/providers/Microsoft.Web/sites/contoso-orders-func/config/appsettings`);
    expect(put?.body).toEqual({ properties: { ...before, ...wanted } });
    expect(await readAppSettings(arm.clients, ref)).toEqual({ ...before, ...wanted });
  });

  it('writes nothing when every value is already there', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func' };
    const wanted = { AZURE_SQL_PORT: '1433' };
    await writeAppSettings(arm.clients, ref, wanted);
    arm.take();
    expect(await writeAppSettings(arm.clients, ref, wanted)).toEqual({ changedKeys: [] });
    expect(arm.take().filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it("a slot's settings are its own", async () => {
    const arm = simArm();
    const site = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func' };
    const slot = { ...site, slot: 'staging' };
    const siteBefore = await readAppSettings(arm.clients, site);
    const slotBefore = await readAppSettings(arm.clients, slot);
    arm.take();
    await writeAppSettings(arm.clients, slot, { AZURE_SQL_DATABASE: 'orders-staging' });
    const put = arm.take().find((r) => r.method === 'PUT');
    expect(put?.path).toMatch(/\/sites\/contoso-orders-func\/slots\/staging\/config\/appsettings$/);
    expect(put?.body).toEqual({ properties: { ...slotBefore, AZURE_SQL_DATABASE: 'orders-staging' } });
    expect(await readAppSettings(arm.clients, site)).toEqual(siteBefore);
  });
});
