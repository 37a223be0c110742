// Logins the SQL server refuses or delays, seen from the built CLI: a resuming serverless database
// (40613), a refused token (18456) when I am not the admin and when I am but from another tenant,
// and a database the server cannot open (4060).
import { describe, expect, it } from 'vitest';
import type { WorldStore } from '../../src/sim/store.js';
import { adminTakesAMoment } from './backends.js';
import { armWrites, expectNoTokenIn, firewallPuts } from './expect-run.js';
import { useE2e } from './fixture.js';
import { APP, DATABASE, TARGET, admitted, database, ddlSent, freshWorld, person, rolesOf, server, signedIn, temporaryRules, worldReadyForMe } from '../support/worlds.js';

const e2e = useE2e();

describe('40613: a paused serverless database', () => {
  it('shows a visible "resuming" wait, then finishes the setup', async () => {
    const world = freshWorld();
    database(world).status = 'Paused';
    // Resumed by the engine's first retry (1 s), so the real wait stays short.
    database(world).resumeMs = 300;
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('… Database orders is resuming (serverless) or failing over; retrying in 1s');
    expect(run.stdout).toContain(`Done: ${APP} can now sign in to orders with its managed identity.`);
    expect(database(stage.store.world).status).toBe('Online');
    expect(rolesOf(database(stage.store.world), APP)).toEqual(['db_datareader', 'db_datawriter']);
    expect(stage.tds.received.connections.map((c) => c.loginError?.number).filter(Boolean)).toEqual([40615, 40613]);
    expect(temporaryRules(stage.store.world)).toEqual([]);
  });
});

describe('18456: the server refuses my token', () => {
  it('right after this run made me admin: retried with a visible wait while the change reaches the database', async () => {
    const world = admitted(freshWorld());
    const stage = await e2e.start(world, { wrapBackend: adminTakesAMoment('contoso-sql', signedIn(world).objectId) });
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('… Waiting for the new Entra admin of contoso-sql to take effect (retrying in 2s)');
    expect(run.stdout).toContain(`Done: ${APP} can now sign in to orders with its managed identity.`);
  });

  it('when someone else is the admin: blocked (exit 3), naming the admin and the ways forward, nothing changed', async () => {
    const world = admitted(freshWorld());
    const megan = person(world, 'Megan Bowen');
    server(world).admin = { login: megan.userPrincipalName!, sid: megan.objectId, tenantId: world.tenantId, principalType: 'User' };
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Blocked: Server contoso-sql's Microsoft Entra admin is ${megan.userPrincipalName}, and the server refused your sign-in (${signedIn(world).userPrincipalName})`);
    expect(run.stderr).toContain(`Ask ${megan.userPrincipalName} to run this command, or rerun with --print-sql > grant.sql`);
    expect(run.stderr).toContain(`Rerun with --admin me to make yourself the admin. This replaces ${megan.userPrincipalName}`);
    expect(run.stdout).toContain('! Server contoso-sql');
    expect(armWrites(stage)).toEqual([]);
    expect(ddlSent(stage.tds.received.requests())).toEqual([]);
    expect(server(stage.store.world).admin?.sid).toBe(megan.objectId);
  });

  it('when ARM lists me as admin but for another tenant: blocked (exit 3) with the tenant to sign in to', async () => {
    const world = admitted(freshWorld());
    const me = signedIn(world);
    const otherTenant = '0a0a0a0a-1111-4222-8333-444444444444';
    server(world).admin = { login: me.userPrincipalName!, sid: me.objectId, tenantId: otherTenant, principalType: 'User' };
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes', '--debug']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Blocked: Server contoso-sql refused your sign-in (${me.userPrincipalName}) although ARM lists you as its Microsoft Entra admin`);
    expect(run.stdout).toContain(`Your token is from tenant ${world.tenantId}, but the admin was set in tenant ${otherTenant}.`);
    expect(run.stderr).toContain(`Sign in to tenant ${otherTenant} (az login --tenant ${otherTenant}) and run this again.`);
    expect(run.stderr).toContain('Rerun with --admin me to set the admin again from your current sign-in.');
    expect(armWrites(stage)).toEqual([]);
    // A refused login under --debug still shows no token.
    expectNoTokenIn(run);
  });
});

describe('4060: the server cannot open the database', () => {
  it('fails (exit 1) saying the database is not ready although Azure lists it, and removes the rule it opened', async () => {
    // ARM lists the database; the SQL server does not have it online yet (being created, restored or copied).
    const notYetOnline = (store: WorldStore) => () => {
      const view = structuredClone(store.world);
      server(view).databases = server(view).databases.filter((d) => d.name !== DATABASE);
      return { world: view, save() {} };
    };
    const stage = await e2e.start(worldReadyForMe(), { sqlStore: notYetOnline });
    server(stage.store.world).firewallRules = server(stage.store.world).firewallRules.filter((r) => r.name !== 'office');
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Server contoso-sql could not open database orders for your login (4060), although Azure lists it.');
    expect(run.stderr).toContain('wait a minute and run this again');
    expect(firewallPuts(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
    expect(armWrites(stage).filter((w) => !/firewallRules/.test(w))).toEqual([]);
  });
});
