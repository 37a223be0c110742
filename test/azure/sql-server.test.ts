import { describe, expect, it } from 'vitest';
import { findSqlServer, listDatabases, listSqlServers } from '../../src/azure/discovery.js';
import { closeFirewallRule, openFirewallRule } from '../../src/azure/firewall.js';
import { readSignedInUser } from '../../src/azure/signed-in.js';
import { readDatabaseExists, readServer, setEntraAdmin } from '../../src/azure/sql-server.js';
import { UsageError } from '../../src/errors.js';
import { simArm } from './sim-setup.js';

describe('the SQL server through the real SDK', () => {
  it('readServer: properties, the Entra admin, Entra-only setting and firewall rules', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql-team' };
    const server = await readServer(arm.clients, ref);
    const sqlAdmins = arm.store.world.directory.find((o) => o.displayName === 'SQL Admins')!;
    expect(server).toMatchObject({
      name: 'contoso-sql-team',
      resourceGroup: 'rg-data',
      subscriptionId: arm.dev.subscriptionId,
      fullyQualifiedDomainName: 'contoso-sql-team.database.windows.net',
      publicNetworkAccess: 'Enabled',
      admin: { login: 'SQL Admins', sid: sqlAdmins.objectId, tenantId: arm.store.world.tenantId },
      azureADOnlyAuthentication: false,
    });
    expect(server.firewallRules.map((r) => r.name).sort()).toEqual(['AllowAllWindowsAzureIps', 'office']);
    const noAdmin = await readServer(arm.clients, { ...ref, name: 'contoso-sql' });
    expect(noAdmin.admin).toBeUndefined();
  });

  it('readServer: a missing server is a usage error naming it', async () => {
    const arm = simArm();
    const error = await readServer(arm.clients, { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`SQL server nope in resource group rg-data (subscription ${arm.dev.subscriptionId}) was not found.`);
  });

  it('setEntraAdmin sends my object id and tenant, waits for the operation, and the server then reports me', async () => {
    const arm = simArm();
    const me = await readSignedInUser(arm.ctx.credential, arm.ctx.cloud);
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' };
    arm.take();
    const admin = await setEntraAdmin(arm.clients, ref, { login: me.name, sid: me.objectId, tenantId: me.tenantId, principalType: 'User' }, { updateIntervalInMs: 1 });
    expect(admin).toMatchObject({ login: 'alex@contoso.onmicrosoft.com', sid: me.objectId, tenantId: me.tenantId });
    const put = arm.take().find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/subscriptions/${arm.dev.subscriptionId}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/contoso-sql/administrators/ActiveDirectory`);
    expect(put?.body).toEqual({ properties: { administratorType: 'ActiveDirectory', login: 'alex@contoso.onmicrosoft.com', sid: me.objectId, tenantId: me.tenantId } });
    expect((await readServer(arm.clients, ref)).admin).toMatchObject({ sid: me.objectId, tenantId: me.tenantId });
  });

  it('databases: master is never listed; existence is a yes or no, a missing server an error', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' };
    expect((await listDatabases(arm.clients, 'rg-data', 'contoso-sql')).map((d) => d.name)).toEqual(['orders', 'orders-archive']);
    expect(await readDatabaseExists(arm.clients, ref, 'orders')).toBe(true);
    expect(await readDatabaseExists(arm.clients, ref, 'nope')).toBe(false);
    await expect(readDatabaseExists(arm.clients, { ...ref, name: 'gone' }, 'orders')).rejects.toBeInstanceOf(UsageError);
  });
});

describe('the temporary firewall rule', () => {
  it('opens a rule for exactly one IP and removes it; removing it twice is fine', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' };
    const rule = await openFirewallRule(arm.clients, ref, '203.0.113.7');
    expect(rule.name).toMatch(/^azsql-mi-setup-203-0-113-7-[0-9a-f]{6}$/);
    const put = arm.take().find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ properties: { startIpAddress: '203.0.113.7', endIpAddress: '203.0.113.7' } });
    expect((await readServer(arm.clients, ref)).firewallRules).toContainEqual({ name: rule.name, startIpAddress: '203.0.113.7', endIpAddress: '203.0.113.7' });

    await closeFirewallRule(arm.clients, ref, rule.name);
    await closeFirewallRule(arm.clients, ref, rule.name);
    expect((await readServer(arm.clients, ref)).firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);
  });

  it('refuses "Allow Azure services" and anything that is not one IPv4 address', async () => {
    const arm = simArm();
    const ref = { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' };
    for (const ip of ['0.0.0.0', '203.0.113.0/24', '2001:db8::1', 'x']) {
      await expect(openFirewallRule(arm.clients, ref, ip)).rejects.toThrow('refusing');
    }
    expect(arm.take().filter((r) => r.method === 'PUT')).toEqual([]);
  });
});

describe('finding the server', () => {
  it('by name across resource groups, by host name, and by resource id', async () => {
    const arm = simArm();
    const legacy = await findSqlServer(arm.clients, 'Contoso-SQL-Legacy');
    expect(legacy).toMatchObject({ name: 'contoso-sql-legacy', resourceGroup: 'rg-legacy', subscriptionId: arm.dev.subscriptionId });
    expect(legacy.admin?.login).toBe('megan@contoso.onmicrosoft.com');
    expect((await findSqlServer(arm.clients, 'contoso-sql.database.windows.net')).name).toBe('contoso-sql');
    // A resource id may point into another subscription.
    const prodId = `/subscriptions/${arm.prod.subscriptionId}/resourceGroups/rg-data-prod/providers/Microsoft.Sql/servers/contoso-sql-prod`;
    expect(await findSqlServer(arm.clients, prodId)).toMatchObject({ subscriptionId: arm.prod.subscriptionId, resourceGroup: 'rg-data-prod', name: 'contoso-sql-prod' });
  });

  it('not found: names the server and subscription, and suggests near names', async () => {
    const arm = simArm();
    const error = await findSqlServer(arm.clients, 'contoso-sql-legacyy').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`SQL server 'contoso-sql-legacyy' was not found in subscription ${arm.dev.subscriptionId}.`);
    expect((error as UsageError).suggestion).toContain('Did you mean contoso-sql-legacy');
    const far = await findSqlServer(arm.clients, 'zzz').catch((e: unknown) => e);
    expect((far as UsageError).suggestion).toContain('Servers there: contoso-sql, contoso-sql-legacy, contoso-sql-team');
  });

  it('lists servers with their admins in one request', async () => {
    const arm = simArm();
    arm.take();
    const servers = await listSqlServers(arm.clients);
    expect(servers.map((s) => [s.name, s.resourceGroup, s.admin?.login])).toEqual([
      ['contoso-sql', 'rg-data', undefined],
      ['contoso-sql-legacy', 'rg-legacy', 'megan@contoso.onmicrosoft.com'],
      ['contoso-sql-team', 'rg-data', 'SQL Admins'],
    ]);
    expect(arm.take()).toHaveLength(1);
  });
});

describe('ARM failures carry no token', () => {
  it('the translated error and its cause hold neither the Authorization header nor the token', async () => {
    const arm = simArm();
    const token = (await arm.ctx.credential.getToken(arm.ctx.cloud.armScope))!.token;
    const error = await readServer(arm.clients, { subscriptionId: arm.dev.subscriptionId, resourceGroup: 'rg-data', name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const cause = (error as Error).cause as { statusCode?: number; requestId?: string; request?: string };
    expect(cause.statusCode).toBe(404);
    expect(cause.request).toMatch(/^GET https:\/\/management\.azure\.com\/subscriptions\//);
    const { inspect } = await import('node:util');
    const everything = inspect(error, { depth: 20, showHidden: true }) + JSON.stringify(error) + JSON.stringify(cause);
    expect(everything).not.toContain(token);
    expect(everything.toLowerCase()).not.toContain('bearer');
  });
});
