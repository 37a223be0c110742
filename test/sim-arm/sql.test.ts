// Microsoft.Sql through the real SqlManagementClient: servers, the admin PUT as a long-running
// operation, firewall rules, databases.
import { describe, expect, it } from 'vitest';
import { simAzure } from './helpers.js';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('servers', () => {
  it('lists servers across resource groups and shows each one\'s Entra admin', async () => {
    const azure = simAzure();
    const servers = await all(azure.sql.servers.list());
    expect(servers.map((s) => s.name)).toEqual(['contoso-sql', 'contoso-sql-team', 'contoso-sql-legacy']);
    expect(servers[0]!.administrators).toBeUndefined();
    expect(servers[1]!.administrators).toMatchObject({ login: 'SQL Admins', principalType: 'Group' });
    const server = await azure.sql.servers.get('rg-data', 'contoso-sql');
    expect(server).toMatchObject({ fullyQualifiedDomainName: 'contoso-sql.database.windows.net', state: 'Ready', publicNetworkAccess: 'Enabled' });
    expect(new URL(azure.requests.at(-1)!.url).searchParams.get('api-version')).toBe('2022-08-01-preview');
  });

  it('a server that does not exist is ResourceNotFound, its children ParentResourceNotFound', async () => {
    const azure = simAzure();
    await expect(azure.sql.servers.get('rg-data', 'nope')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(azure.sql.databases.get('rg-data', 'nope', 'orders')).rejects.toMatchObject({ code: 'ParentResourceNotFound' });
    await expect(azure.sql.databases.get('rg-data', 'contoso-sql', 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message: "The requested resource of type 'Microsoft.Sql/servers/databases' with name 'nope' was not found.",
    });
  });
});

describe('Entra admin', () => {
  it('the PUT is long-running: 202, InProgress, Succeeded, then the final GET; the admin appears only at the end', async () => {
    const azure = simAzure();
    const me = azure.store.world.directory.find((o) => o.objectId === azure.store.world.signedInObjectId)!;
    await expect(azure.sql.serverAzureADAdministrators.get('rg-data', 'contoso-sql', 'ActiveDirectory')).rejects.toMatchObject({
      statusCode: 404,
    });
    const poller = await azure.sql.serverAzureADAdministrators.beginCreateOrUpdate('rg-data', 'contoso-sql', 'ActiveDirectory', {
      administratorType: 'ActiveDirectory',
      login: me.userPrincipalName,
      sid: me.objectId,
      tenantId: azure.store.world.tenantId,
    });
    const server = azure.dev.sqlServers.find((s) => s.name === 'contoso-sql')!;
    expect(server.admin).toBeUndefined();

    const result = await poller.pollUntilDone();
    expect(result).toMatchObject({ login: me.userPrincipalName, sid: me.objectId, tenantId: azure.store.world.tenantId });
    expect(server.admin).toMatchObject({ sid: me.objectId, principalType: 'User' });

    const wire = azure.requests.slice(1).map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')} ${r.status}`);
    expect(wire).toEqual([
      'PUT administrators/ActiveDirectory 202',
      expect.stringMatching(/^GET administratorAzureAsyncOperation\/[0-9a-f-]{36} 200$/),
      expect.stringMatching(/^GET administratorAzureAsyncOperation\/[0-9a-f-]{36} 200$/),
      'GET administrators/ActiveDirectory 200',
    ]);
    expect(azure.requests[1]!.body).toEqual({
      properties: { administratorType: 'ActiveDirectory', login: me.userPrincipalName, sid: me.objectId, tenantId: azure.store.world.tenantId },
    });
  });

  it('beginCreateOrUpdateAndWait with a short interval replaces the group admin with me', async () => {
    const azure = simAzure();
    const me = azure.store.world.directory.find((o) => o.objectId === azure.store.world.signedInObjectId)!;
    const started = Date.now();
    await azure.sql.serverAzureADAdministrators.beginCreateOrUpdateAndWait(
      'rg-data',
      'contoso-sql-team',
      'ActiveDirectory',
      { administratorType: 'ActiveDirectory', login: me.displayName, sid: me.objectId, tenantId: azure.store.world.tenantId },
      { updateIntervalInMs: 1 },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    const admins = await all(azure.sql.serverAzureADAdministrators.listByServer('rg-data', 'contoso-sql-team'));
    expect(admins.map((a) => a.sid)).toEqual([me.objectId]);
  });

  it('a sid that is nobody in the tenant, or another tenant, is refused before anything starts', async () => {
    const azure = simAzure();
    const me = azure.store.world.directory.find((o) => o.objectId === azure.store.world.signedInObjectId)!;
    const put = (sid: string, tenantId: string) =>
      azure.sql.serverAzureADAdministrators.beginCreateOrUpdate('rg-data', 'contoso-sql', 'ActiveDirectory', {
        administratorType: 'ActiveDirectory',
        login: 'someone',
        sid,
        tenantId,
      });
    await expect(put('00000000-0000-4000-8000-000000000000', azure.store.world.tenantId)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameterValue',
    });
    await expect(put(me.objectId, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ statusCode: 400 });
    // A managed identity's principal (object) id is not how an application admin is named.
    const principalId = azure.dev.sites.find((s) => s.name === 'contoso-inventory-func')!.identity.systemAssigned!.principalId;
    await expect(put(principalId, azure.store.world.tenantId)).rejects.toThrow(/client id/);
    expect(azure.dev.sqlServers[0]!.admin).toBeUndefined();
  });

  it('with pollDelayMs the operation stays InProgress until that time has passed', async () => {
    const azure = simAzure({ pollDelayMs: 1500 });
    const me = azure.store.world.directory.find((o) => o.objectId === azure.store.world.signedInObjectId)!;
    const poller = await azure.sql.serverAzureADAdministrators.beginCreateOrUpdate('rg-data', 'contoso-sql', 'ActiveDirectory', {
      administratorType: 'ActiveDirectory',
      login: me.displayName,
      sid: me.objectId,
      tenantId: azure.store.world.tenantId,
    });
    expect(poller.isDone()).toBe(false);
    expect(azure.requests.at(-1)!.status).toBe(200);
    expect(poller.getOperationState().status).toBe('running');
  });
});

describe('firewall rules', () => {
  it('create answers 201, update 200, delete 200 then 204; none is long-running', async () => {
    const azure = simAzure();
    const rule = { startIpAddress: '203.0.113.7', endIpAddress: '203.0.113.7' };
    await azure.sql.firewallRules.createOrUpdate('rg-data', 'contoso-sql', 'azsql-mi-setup-temp', rule);
    expect(azure.requests.at(-1)).toMatchObject({ method: 'PUT', status: 201, body: { properties: rule } });
    await azure.sql.firewallRules.createOrUpdate('rg-data', 'contoso-sql', 'azsql-mi-setup-temp', rule);
    expect(azure.requests.at(-1)!.status).toBe(200);
    const rules = await all(azure.sql.firewallRules.listByServer('rg-data', 'contoso-sql'));
    expect(rules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps', 'azsql-mi-setup-temp']);

    await azure.sql.firewallRules.delete('rg-data', 'contoso-sql', 'azsql-mi-setup-temp');
    expect(azure.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
    await azure.sql.firewallRules.delete('rg-data', 'contoso-sql', 'azsql-mi-setup-temp');
    expect(azure.requests.at(-1)!.status).toBe(204);
    expect(azure.dev.sqlServers[0]!.firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);
    expect(azure.store.saves).toBe(3);
  });

  it('refuses a rule that is not an IPv4 range', async () => {
    const azure = simAzure();
    await expect(
      azure.sql.firewallRules.createOrUpdate('rg-data', 'contoso-sql', 'bad', { startIpAddress: '10.0.0.9', endIpAddress: '10.0.0.1' }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      azure.sql.firewallRules.createOrUpdate('rg-data', 'contoso-sql', 'bad', { startIpAddress: 'nope', endIpAddress: '10.0.0.1' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('databases and Entra-only authentication', () => {
  it('lists databases with status and sku; master is a system database', async () => {
    const azure = simAzure();
    const databases = await all(azure.sql.databases.listByServer('rg-data', 'contoso-sql'));
    expect(databases.map((d) => [d.name, d.status])).toEqual([
      ['master', 'Online'],
      ['orders', 'Online'],
      ['orders-archive', 'Paused'],
    ]);
    expect(databases[0]!.kind).toBe('v12.0,system');
    expect(databases[1]!.sku).toMatchObject({ name: 'GP_S_Gen5', tier: 'GeneralPurpose' });
  });

  it('reads azureADOnlyAuthentication', async () => {
    const azure = simAzure();
    const setting = await azure.sql.serverAzureADOnlyAuthentications.get('rg-data', 'contoso-sql', 'Default');
    expect(setting.azureADOnlyAuthentication).toBe(false);
  });
});
