// The built CLI, spawned with flags against the simulated Azure (--demo keeps state in a file we seed).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoWorld } from '../../src/sim/seed.js';
import type { World } from '../../src/sim/world.js';
import { database, rolesOf, server } from '../support/worlds.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { demoState, runCli } from './run-cli.js';

const BASE = ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql', '--database', 'orders'];

function dev(world: World) {
  return world.subscriptions[0]!;
}
/** A world where this machine's IP is already allowed, so a run that needs nothing writes nothing. */
function worldWithOfficeRule(): World {
  const world = demoWorld();
  server(world).firewallRules.push({ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' });
  return world;
}

describe('first run, rerun, one more role, dry run', () => {
  it('a first run enables the identity, sets me as admin, creates the user by SID with the default roles and writes the settings', async () => {
    const state = demoState();
    const result = await runCli([...BASE, '--yes'], { env: state.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const world = state.read();
    const site = dev(world).sites.find((s) => s.name === 'contoso-orders-func')!;
    const clientId = site.identity.systemAssigned!.clientId;
    const user = database(world).principals.find((p) => p.name === 'contoso-orders-func')!;
    expect(user.sidHex).toBe(sidHexFromClientId(clientId));
    expect(user.type).toBe('E');
    expect(rolesOf(database(world), 'contoso-orders-func')).toEqual(['db_datareader', 'db_datawriter']);
    const me = world.directory.find((d) => d.objectId === world.signedInObjectId)!;
    expect(server(world).admin).toMatchObject({ sid: me.objectId, tenantId: world.tenantId });
    expect(site.appSettings).toMatchObject({
      AZURE_SQL_SERVER: 'contoso-sql.database.windows.net',
      AZURE_SQL_PORT: '1433',
      AZURE_SQL_DATABASE: 'orders',
      AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
      FUNCTIONS_WORKER_RUNTIME: 'python',
    });
    // The temporary firewall rule that let this machine in is gone again.
    expect(server(world).firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);
    expect(result.stdout).toMatch(/Opened temporary firewall rule azsql-mi-setup-203-0-113-7/);
    expect(result.stdout).toMatch(/Removed temporary firewall rule/);
  });

  it('a second run says nothing to do and writes nothing; one more role adds exactly one membership', async () => {
    const state = demoState(worldWithOfficeRule());
    expect((await runCli([...BASE, '--yes'], { env: state.env })).code).toBe(0);
    const afterFirst = state.raw();

    const second = await runCli([...BASE, '--yes'], { env: state.env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do');
    expect(state.raw()).toBe(afterFirst);

    const before = database(state.read()).roleMembers.length;
    const third = await runCli([...BASE, '--roles', 'db_ddladmin', '--yes'], { env: state.env });
    expect(third.code).toBe(0);
    const after = database(state.read());
    expect(after.roleMembers.length).toBe(before + 1);
    expect(rolesOf(after, 'contoso-orders-func')).toEqual(['db_datareader', 'db_datawriter', 'db_ddladmin']);
    expect(third.stdout).toMatch(/\+ Add \[contoso-orders-func\] to role db_ddladmin/);
  });

  it('--remove-roles removes just that membership', async () => {
    const state = demoState(worldWithOfficeRule());
    await runCli([...BASE, '--yes'], { env: state.env });
    const result = await runCli([...BASE, '--remove-roles', 'db_datawriter', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    expect(rolesOf(database(state.read()), 'contoso-orders-func')).toEqual(['db_datareader']);
  });

  it('--dry-run prints the plan with the exact calls and writes nothing', async () => {
    const state = demoState(demoWorld());
    const before = state.raw();
    const result = await runCli([...BASE, '--dry-run'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ Enable the system-assigned identity of contoso-orders-func');
    expect(result.stdout).toContain('PUT /subscriptions/');
    expect(result.stdout).toContain('ALTER ROLE [db_datareader] ADD MEMBER [contoso-orders-func];');
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(state.raw()).toBe(before);
  });

  it('--dry-run against a firewall that refuses this machine says a rule would be needed, and opens none', async () => {
    const state = demoState(demoWorld());
    await runCli([...BASE, '--yes'], { env: state.env });
    const before = state.raw();
    const result = await runCli([...BASE, '--roles', 'db_ddladmin', '--dry-run'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("firewall does not admit 203.0.113.7");
    expect(state.raw()).toBe(before);
  });

  it('--json prints plan, outcome and verification', async () => {
    const state = demoState(worldWithOfficeRule());
    const result = await runCli([...BASE, '--yes', '--json'], { env: state.env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.plan.map((c: { id: string; kind: string }) => `${c.kind} ${c.id}`)).toEqual([
      'create identity',
      'create admin',
      'create user',
      'create role:add:db_datareader',
      'create role:add:db_datawriter',
      'create settings',
    ]);
    expect(Object.values(report.outcomes).every((o) => o === 'done')).toBe(true);
    expect(report.verification.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(report.exitCode).toBe(0);
  });
});

describe('identities, slots and settings', () => {
  it('a slot gets its own identity, user and settings; the production app is untouched', async () => {
    const state = demoState(worldWithOfficeRule());
    const result = await runCli([...BASE, '--slot', 'staging', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    const world = state.read();
    const site = dev(world).sites.find((s) => s.name === 'contoso-orders-func')!;
    const slot = site.slots.find((s) => s.name === 'staging')!;
    expect(site.identity.systemAssigned).toBeUndefined();
    expect(slot.appSettings.AZURE_SQL_DATABASE).toBe('orders');
    expect(site.appSettings.AZURE_SQL_DATABASE).toBeUndefined();
    const user = database(world).principals.find((p) => p.name === 'contoso-orders-func/slots/staging')!;
    expect(user.sidHex).toBe(sidHexFromClientId(slot.identity.systemAssigned!.clientId));
  });

  it('attaching a user-assigned identity keeps the system one, and node settings carry its client id', async () => {
    const world = worldWithOfficeRule();
    const identity = dev(world).userAssignedIdentities.find((i) => i.name === 'id-contoso-reporting')!;
    const id = `/subscriptions/${dev(world).subscriptionId}/resourceGroups/${identity.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`;
    const site = dev(world).sites.find((s) => s.name === 'contoso-orders-func')!;
    site.identity.systemAssigned = { principalId: '99999999-0000-0000-0000-000000000001', clientId: '99999999-0000-0000-0000-000000000002' };
    const state = demoState(world);
    const result = await runCli([...BASE, '--identity', id, '--client', 'node', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    const after = dev(state.read()).sites.find((s) => s.name === 'contoso-orders-func')!;
    expect(after.identity.systemAssigned?.clientId).toBe('99999999-0000-0000-0000-000000000002');
    expect(after.identity.userAssigned).toEqual([id]);
    expect(after.appSettings).toMatchObject({ AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default', AZURE_SQL_CLIENTID: identity.clientId });
    const user = database(state.read()).principals.find((p) => p.name === 'id-contoso-reporting')!;
    expect(user.sidHex).toBe(sidHexFromClientId(identity.clientId));
  });
});

describe('decisions: someone else is admin, a stale user', () => {
  const LEGACY = ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql-legacy', '--database', 'crm'];

  it('admin is someone else and the login is refused: blocked (exit 3), naming the admin and the ways forward', async () => {
    const state = demoState(demoWorld());
    const before = state.raw();
    const result = await runCli([...LEGACY, '--yes'], { env: state.env });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('megan@contoso.onmicrosoft.com');
    expect(result.stderr).toContain('--admin me');
    expect(state.raw()).toBe(before);
  });

  it('--admin me replaces the admin, says whom it replaces, and goes on', async () => {
    const state = demoState(demoWorld());
    const result = await runCli([...LEGACY, '--admin', 'me', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/~ Replace the Microsoft Entra admin of server contoso-sql-legacy: megan@contoso.onmicrosoft.com -> you/);
    const world = state.read();
    expect(server(world, 'contoso-sql-legacy').admin!.sid).toBe(world.signedInObjectId);
    expect(rolesOf(database(world, 'crm', 'contoso-sql-legacy'), 'contoso-orders-func')).toEqual(['db_datareader', 'db_datawriter']);
  });

  it('a group admin I belong to is kept and works', async () => {
    const state = demoState(demoWorld());
    const result = await runCli(['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql-team', '--database', 'inventory', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('= The Microsoft Entra admin of server contoso-sql-team is SQL Admins');
    expect(server(state.read(), 'contoso-sql-team').admin!.login).toBe('SQL Admins');
  });

  it('a user of that name with another SID is blocked as stale (exit 3) and nothing changes', async () => {
    const world = worldWithOfficeRule();
    const db = database(world);
    db.principals.push({ principalId: 500, name: 'contoso-orders-func', type: 'E', sidHex: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', isFixedRole: false });
    const me = world.directory.find((d) => d.objectId === world.signedInObjectId)!;
    server(world).admin = { login: me.userPrincipalName!, sid: me.objectId, tenantId: world.tenantId, principalType: 'User' };
    dev(world).sites.find((s) => s.name === 'contoso-orders-func')!.identity.systemAssigned = {
      principalId: '99999999-0000-0000-0000-000000000001',
      clientId: '99999999-0000-0000-0000-000000000002',
    };
    const state = demoState(world);
    const before = state.raw();
    const result = await runCli([...BASE, '--yes'], { env: state.env });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/! Database user \[contoso-orders-func\].*stale/);
    expect(result.stdout).toContain('0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(state.raw()).toBe(before);
  });
});

describe('bad input: a clear error, exit 2, nothing changed', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', [...BASE, '--colour', 'blue'], /Unknown option '--colour'/],
    ['a malformed identity id', [...BASE, '--identity', 'my-identity'], /--identity must be 'system' or a user-assigned identity's resource id/],
    ['a malformed --sql-endpoint', [...BASE, '--sql-endpoint', 'localhost'], /--sql-endpoint must be host:port/],
    ['a bad --client', [...BASE, '--client', 'java'], /--client must be one of python, node, dotnet, none/],
    ['conflicting role flags', [...BASE, '--roles', 'db_datareader', '--remove-roles', 'db_datareader'], /in both --roles and --remove-roles/],
    ['--yes with --dry-run', [...BASE, '--yes', '--dry-run'], /contradict/],
    ['an app that does not exist', ['--demo', '--app', 'nope-func', '--server', 'contoso-sql', '--database', 'orders', '--yes'], /No Function App or App Service app named nope-func/],
    ['a slot that does not exist', [...BASE, '--slot', 'prod', '--yes'], /App contoso-orders-func slot prod in resource group rg-orders .* was not found/],
    ['a server that does not exist', ['--demo', '--app', 'contoso-orders-func', '--server', 'nope-sql', '--database', 'orders', '--yes'], /nope-sql/],
    ['a database that does not exist', ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql', '--database', 'nope', '--yes'], /Database nope was not found on server contoso-sql/],
    ['a subscription that does not exist', [...BASE, '--subscription', 'Fabrikam', '--yes'], /Subscription 'Fabrikam'.*Contoso Dev/s],
    ['a role that does not exist', [...BASE, '--roles', 'db_readall', '--yes'], /db_readall does not exist in database orders/],
    ['the master database', ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql', '--database', 'master', '--yes'], /master database/],
    ['no terminal and no --yes', BASE, /no terminal to confirm on[\s\S]*--yes/],
    ['no terminal and missing flags', ['--demo', '--app', 'contoso-orders-func', '--yes'], /Missing --server, --database/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const world = worldWithOfficeRule();
      server(world).admin = { login: 'alex@contoso.onmicrosoft.com', sid: world.signedInObjectId, tenantId: world.tenantId, principalType: 'User' };
      const state = demoState(world);
      const before = state.raw();
      const result = await runCli(args, { env: state.env });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(state.raw()).toBe(before);
    });
  }
});

describe('--scaffold', () => {
  it('writes the sample after the setup, with the server and database filled in', async () => {
    const state = demoState(worldWithOfficeRule());
    const out = join(dirname(state.path), 'sample');
    const result = await runCli([...BASE, '--scaffold', 'python', '--out', out, '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote a python sample project');
    const settings = JSON.parse(readFileSync(join(out, 'local.settings.json'), 'utf8'));
    expect(settings.Values).toMatchObject({ AZURE_SQL_SERVER: 'contoso-sql.database.windows.net', AZURE_SQL_DATABASE: 'orders' });
  });

  it('a folder that already holds the sample stops the run before anything changes (exit 2)', async () => {
    const state = demoState(worldWithOfficeRule());
    const out = join(dirname(state.path), 'sample');
    mkdirSync(out);
    writeFileSync(join(out, 'function_app.py'), '# mine\n');
    const before = state.raw();
    const result = await runCli([...BASE, '--scaffold', 'python', '--out', out, '--yes'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('function_app.py');
    expect(state.raw()).toBe(before);
    expect(readFileSync(join(out, 'function_app.py'), 'utf8')).toBe('# mine\n');
  });
});

describe('a database that could only be read after apply made me admin', () => {
  it('an existing user found then is verified against what was applied, not against the first-run defaults', async () => {
    // No Entra admin: the plan cannot read the database and assumes a first run (user + default roles).
    const world = demoWorld();
    delete server(world, 'contoso-sql-team').admin;
    const state = demoState(world);
    const result = await runCli(['--demo', '--app', 'contoso-inventory-func', '--server', 'contoso-sql-team', '--database', 'inventory', '--yes'], { env: state.env });
    expect(result.stdout).not.toContain('Verification of roles failed');
    expect(result.code).toBe(0);
    // The user that was there keeps exactly its roles: a rerun adds none unless asked.
    expect(rolesOf(database(state.read(), 'inventory', 'contoso-sql-team'), 'contoso-inventory-func')).toEqual(['db_datareader']);
  });
});

describe('app settings left by a user-assigned identity', () => {
  it('the system identity chosen: AZURE_SQL_USER (which would make the app sign in as that other identity) is removed, other keys kept', async () => {
    const world = demoWorld();
    const inventory = dev(world).sites.find((s) => s.name === 'contoso-inventory-func')!;
    const reporting = dev(world).userAssignedIdentities.find((i) => i.name === 'id-contoso-reporting')!;
    inventory.appSettings = {
      ...inventory.appSettings,
      AZURE_SQL_SERVER: 'contoso-sql-team.database.windows.net',
      AZURE_SQL_PORT: '1433',
      AZURE_SQL_DATABASE: 'inventory',
      AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
      AZURE_SQL_USER: reporting.clientId,
      MINE: 'kept',
    };
    const state = demoState(world);
    const result = await runCli(['--demo', '--app', 'contoso-inventory-func', '--server', 'contoso-sql-team', '--database', 'inventory', '--yes'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('removing AZURE_SQL_USER');
    const after = dev(state.read()).sites.find((s) => s.name === 'contoso-inventory-func')!.appSettings;
    expect(after).not.toHaveProperty('AZURE_SQL_USER');
    expect(after).toMatchObject({ MINE: 'kept', AZURE_SQL_DATABASE: 'inventory' });
  });
});

describe('a server in another subscription than the app', () => {
  it('the printed rerun line names the server by resource id, so it finds it again', async () => {
    const world = demoWorld();
    const prod = world.subscriptions.find((x) => x.displayName === 'Contoso Prod')!;
    const prodServer = `/subscriptions/${prod.subscriptionId}/resourceGroups/rg-data-prod/providers/Microsoft.Sql/servers/contoso-sql-prod`;
    const state = demoState(world);
    const first = await runCli(['--demo', '--subscription', dev(world).subscriptionId, '--app', 'contoso-orders-func', '--server', prodServer, '--database', 'orders', '--yes'], { env: state.env });
    expect(first.code).toBe(0);
    const line = first.stdout.split('\n').find((l) => l.trim().startsWith('npx azsql-mi-setup'))!;
    const argv = line.trim().split(/\s+/).slice(2).map((arg) => arg.replace(/^'(.*)'$/, '$1'));
    const rerun = await runCli(argv, { env: state.env });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('Nothing to do');
  });
});

describe('--print-sql', () => {
  const LEGACY = ['--demo', '--app', 'contoso-inventory-func', '--server', 'contoso-sql-legacy', '--database', 'crm'];

  it('someone else is admin: prints only the script on stdout, changes nothing, and lists what is left', async () => {
    const state = demoState(demoWorld());
    const before = state.raw();
    const result = await runCli([...LEGACY, '--roles', 'db_datareader', '--print-sql'], { env: state.env });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^-- Written by azsql-mi-setup/);
    expect(result.stdout).toMatch(/CREATE USER \[contoso-inventory-func\] WITH SID = 0x[0-9A-F]{32}, TYPE = E;/);
    expect(result.stdout).toContain('ALTER ROLE [db_datareader] ADD MEMBER [contoso-inventory-func];');
    expect(result.stdout).not.toContain('Plan:');
    expect(result.stderr).toContain('Still to do afterwards');
    expect(state.raw()).toBe(before);
  });

  it('an identity that is not on yet has no SID to print: exit 2 with the command that turns it on', async () => {
    const state = demoState(demoWorld());
    const result = await runCli(['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql-legacy', '--database', 'crm', '--print-sql'], { env: state.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('az webapp identity assign -g rg-orders -n contoso-orders-func');
  });
});
