// The built CLI, without --demo, through a custom cloud, `az` sign-in and --sql-endpoint, against an
// ARM and a SQL server it cannot tell from Azure's: first run, rerun, one more role, --debug.
import { describe, expect, it } from 'vitest';
import { SIM_CLOUD_NAME } from '../../src/sim/arm/index.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { armWrites, expectNoTokenIn, firewallDeletes, firewallPuts } from './expect-run.js';
import { useE2e } from './fixture.js';
import { APP, TARGET, admitted, database, ddlSent, freshWorld, rolesOf, server, signedIn, site, temporaryRules } from '../support/worlds.js';

const e2e = useE2e();
const FQDN = 'contoso-sql.database.windows.net';

describe('a first run', () => {
  it('enables the identity, makes me admin, creates the user by SID with the default roles, writes the settings, and leaves no rule', async () => {
    const stage = await e2e.start(freshWorld());
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const world = stage.store.world;
    const me = signedIn(world);
    const clientId = site(world).identity.systemAssigned!.clientId;
    expect(server(world).admin).toMatchObject({ sid: me.objectId, tenantId: world.tenantId, login: me.userPrincipalName });
    const user = database(world).principals.find((p) => p.name === APP)!;
    expect(user).toMatchObject({ type: 'E', sidHex: sidHexFromClientId(clientId) });
    expect(rolesOf(database(world), APP)).toEqual(['db_datareader', 'db_datawriter']);
    expect(site(world).appSettings).toMatchObject({
      AZURE_SQL_SERVER: FQDN, AZURE_SQL_PORT: '1433', AZURE_SQL_DATABASE: 'orders', AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
      FUNCTIONS_WORKER_RUNTIME: 'python',
    });
    expect(run.stdout).toContain(`Signed in as ${me.userPrincipalName} (tenant ${world.tenantId}) through the Azure CLI`);
    expect(run.stdout).toContain('Verified database user: [contoso-orders-func] has SID 0x');
    expect(run.stdout).toContain(`Done: ${APP} can now sign in to orders with its managed identity.`);

    // The firewall refused this machine once: one rule for exactly its IP, removed at the end.
    expect(firewallPuts(stage).map((r) => r.body.properties)).toEqual([{ startIpAddress: world.callerIp, endIpAddress: world.callerIp }]);
    expect(firewallDeletes(stage)).toEqual([firewallPuts(stage)[0]!.path.split('/').pop()]);
    expect(temporaryRules(world)).toEqual([]);
    expect(run.stdout).toMatch(/Removed temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ on contoso-sql/);
    expectNoTokenIn(run);
  });

  it('goes to the endpoints the custom cloud and the server name it, over TLS checked against the real name', async () => {
    const stage = await e2e.start(admitted(freshWorld()));
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(0);
    // ARM's audience from the metadata; SQL's resource from the server's FEDAUTHINFO.
    expect(new Set(run.issued.map((i) => i.resource))).toEqual(new Set([`${stage.arm.url}/`, 'https://database.windows.net']));
    const logins = stage.tds.received.connections.filter((c) => c.login);
    expect(logins.length).toBeGreaterThan(0);
    for (const connection of logins) {
      expect(connection.tlsServerName).toBe(FQDN);
      expect(connection.login).toMatchObject({ serverName: FQDN, database: 'orders', appName: 'azsql-mi-setup' });
      expect(connection.token).toMatchObject({ via: 'fedauth-token', layer: 'tls', claims: { aud: 'https://database.windows.net' } });
    }
    expect(stage.arm.requests.some((r) => r.path === '/metadata/endpoints')).toBe(true);
    expect(run.stdout).toContain(`--sql-endpoint ${stage.endpoint}`);
  });
});

describe('--json', () => {
  it('prints plan, outcome and verification as one document on stdout, and no token', async () => {
    const stage = await e2e.start(freshWorld());
    const run = await stage.run([...TARGET, '--yes', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { plan: { id: string; kind: string }[]; outcomes: Record<string, string>; verification: { ok: boolean }[] };
    expect(report.plan.filter((c) => c.kind === 'create').map((c) => c.id)).toEqual(['identity', 'admin', 'user', 'role:add:db_datareader', 'role:add:db_datawriter', 'settings']);
    expect(Object.values(report.outcomes).every((o) => o === 'done')).toBe(true);
    expect(report.verification.every((c) => c.ok)).toBe(true);
    // The human lines, the temporary rule's included, went to stderr.
    expect(run.stderr).toMatch(/Removed temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ on contoso-sql/);
    expectNoTokenIn(run);
  });
});

describe('reruns', () => {
  it('a second run sends no DDL, writes nothing and says so; one more role sends exactly one ALTER ROLE', async () => {
    const stage = await e2e.start(admitted(freshWorld()));
    expect((await stage.run([...TARGET, '--yes'])).code).toBe(0);
    const armMark = stage.arm.requests.length;
    const sqlMark = stage.tds.received.requests().length;

    const second = await stage.run([...TARGET, '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do: everything is already in place.');
    expect(ddlSent(stage.tds.received.requests().slice(sqlMark))).toEqual([]);
    expect(stage.tds.received.requests().slice(sqlMark).filter((r) => r.kind === 'begin')).toEqual([]);
    expect(armWrites(stage, armMark)).toEqual([]);

    const sqlMark2 = stage.tds.received.requests().length;
    const third = await stage.run([...TARGET, '--roles', 'db_ddladmin', '--yes']);
    expect(third.code).toBe(0);
    expect(ddlSent(stage.tds.received.requests().slice(sqlMark2))).toEqual([`ALTER ROLE [db_ddladmin] ADD MEMBER [${APP}];`]);
    expect(rolesOf(database(stage.store.world), APP)).toEqual(['db_datareader', 'db_datawriter', 'db_ddladmin']);
    expect(third.stdout).toContain(`+ Add [${APP}] to role db_ddladmin`);
    expect(third.stdout).toContain('Verified roles: member of db_datareader, db_datawriter, db_ddladmin');
  });

  it("without --subscription, the Azure CLI profile's default subscription is used", async () => {
    const stage = await e2e.start(admitted(freshWorld()));
    const run = await stage.run([...TARGET, '--dry-run'], { noSubscription: true });
    expect(run.code).toBe(0);
    const subscription = stage.store.world.subscriptions[0]!;
    expect(run.stdout).toContain(`Subscription ${subscription.displayName} (${subscription.subscriptionId})`);
  });
});

describe('sign-in', () => {
  it('nobody signed in to the Azure CLI: one message saying what to run, exit 2, nothing touched', async () => {
    const stage = await e2e.start(freshWorld());
    const run = await stage.run([...TARGET, '--yes'], { signedIn: null });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Not signed in to Azure.');
    expect(run.stderr).toContain('Run `az login`, then run this again.');
    expect(armWrites(stage)).toEqual([]);
    expect(stage.tds.received.connections).toEqual([]);
  });

  it('a cloud the metadata does not list is refused, naming the ones it does', async () => {
    const stage = await e2e.start(freshWorld());
    const run = await stage.run([...TARGET, '--cloud', 'AzureCloud', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown cloud 'AzureCloud'");
    expect(run.stderr).toContain(`Use --cloud with one of: ${SIM_CLOUD_NAME}.`);
  });
});

describe('--debug', () => {
  it('shows each T-SQL statement as sent, with its parameters, and never a token', async () => {
    const stage = await e2e.start(freshWorld());
    const run = await stage.run([...TARGET, '--yes', '--debug']);
    expect(run.code).toBe(0);
    const clientId = site(stage.store.world).identity.systemAssigned!.clientId;
    const sid = sidHexFromClientId(clientId);
    const statements = run.stderr.split('\n').filter((l) => l.startsWith('[debug] T-SQL: '));
    // Every statement the TDS server received from the product (not the driver's own SET options) was shown.
    const sent = stage.tds.received.requests().filter((r) => r.kind === 'rpc').map((r) => r.text.split('\n')[0]!);
    expect(sent.length).toBeGreaterThan(4);
    for (const text of sent) expect(statements.some((l) => l.includes(text))).toBe(true);
    expect(run.stderr).toContain(`[debug] T-SQL: CREATE USER [${APP}] WITH SID = 0x${sid}, TYPE = E;`);
    expect(run.stderr).toContain(`params: {"name":"${APP}","sid":"0x${sid}"}`);
    expectNoTokenIn(run);
  });
});
