// The server's firewall from the CLI's side: a temporary rule for exactly the refused IP, removed on
// success (setup.test.ts), on failure and on Ctrl+C; none with --dry-run; none when public access is off.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { firewallRuleTakesAMoment } from './backends.js';
import { armWrites, expectNoTokenIn, firewallDeletes, firewallPuts } from './expect-run.js';
import { useE2e } from './fixture.js';
import { TARGET, database, ddlSent, freshWorld, person, server, signedIn, temporaryRules } from '../support/worlds.js';

const e2e = useE2e();

/** The demo world with me as admin already: the first thing the run does is connect. */
function refusingWorldWithMeAsAdmin() {
  const world = freshWorld();
  const me = signedIn(world);
  server(world).admin = { login: me.userPrincipalName!, sid: me.objectId, tenantId: world.tenantId, principalType: 'User' };
  return world;
}

describe('40615: the firewall refuses this machine', () => {
  it('a rule that takes a moment to apply: a visible wait, a retry, then success, and the rule removed', async () => {
    const stage = await e2e.start(refusingWorldWithMeAsAdmin(), { wrapBackend: firewallRuleTakesAMoment('contoso-sql') });
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('… Waiting for the firewall rule to take effect on contoso-sql (retrying in 1s)');
    expect(run.stdout).toContain('Done: contoso-orders-func can now sign in to orders');
    expect(firewallPuts(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
  });

  it('a run that then fails (someone else is admin) still removes the rule it opened', async () => {
    const world = freshWorld();
    const megan = person(world, 'Megan Bowen');
    server(world).admin = { login: megan.userPrincipalName!, sid: megan.objectId, tenantId: world.tenantId, principalType: 'User' };
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/Opened temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ for 203\.0\.113\.7 on contoso-sql/);
    expect(run.stderr).toContain(`Server contoso-sql's Microsoft Entra admin is ${megan.userPrincipalName}`);
    expect(firewallPuts(stage).map((r) => r.body.properties)).toEqual([{ startIpAddress: '203.0.113.7', endIpAddress: '203.0.113.7' }]);
    expect(firewallDeletes(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
    expect(run.output).toMatch(/Removed temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ on contoso-sql/);
    // The retry after the rule went in was refused by the login check, not the firewall.
    expect(stage.tds.received.connections.map((c) => c.loginError?.number)).toEqual([40615, 18456]);
  });

  it('Ctrl+C while a database resumes behind the rule: the rule is removed and the run exits 130', async () => {
    const world = refusingWorldWithMeAsAdmin();
    database(world).status = 'Paused';
    database(world).resumeMs = 60_000;
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes'], { interruptWhen: (output) => /resuming/.test(output) });
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('Database orders is resuming (serverless) or failing over; retrying in 1s');
    expect(run.stderr).toContain('Cancelled; cleaning up');
    expect(firewallDeletes(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
    expect(run.output).toMatch(/Removed temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ on contoso-sql/);
    expect(armWrites(stage).filter((w) => !/firewallRules/.test(w))).toEqual([]);
  });

  it('SIGTERM (a pipeline cancelling the job) cleans up the same way: rule removed, exit 130', async () => {
    const world = refusingWorldWithMeAsAdmin();
    database(world).status = 'Paused';
    database(world).resumeMs = 60_000;
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes'], { interruptWhen: (output) => /resuming/.test(output), interruptSignal: 'SIGTERM' });
    expect(run.code).toBe(130);
    expect(temporaryRules(stage.store.world)).toEqual([]);
    expect(run.output).toMatch(/Removed temporary firewall rule azsql-mi-setup-203-0-113-7-\w+ on contoso-sql/);
  });

  it('Ctrl+C while the rule is being created: the rule is removed once ARM has made it', async () => {
    const stage = await e2e.start(refusingWorldWithMeAsAdmin());
    let child: ChildProcess | undefined;
    const save = stage.store.save.bind(stage.store);
    // ARM has stored the rule but not yet answered: the CLI is waiting for the PUT when Ctrl+C comes.
    stage.store.save = () => {
      save();
      if (temporaryRules(stage.store.world).length > 0 && child?.exitCode === null && !child.killed) {
        child.kill('SIGINT');
        // ARM answers only after the CLI has had its Ctrl+C (a synchronous pause of this process).
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      }
    };
    const run = await stage.run([...TARGET, '--yes'], { started: (c) => (child = c) });
    expect(run.code).toBe(130);
    expect(firewallPuts(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
    expect(run.stderr).toContain('Removed temporary firewall rule for 203.0.113.7 on contoso-sql');
  });

  it('--dry-run says a rule would be needed and creates none', async () => {
    const stage = await e2e.start(refusingWorldWithMeAsAdmin());
    const run = await stage.run([...TARGET, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("The server's firewall does not admit 203.0.113.7: applying opens a temporary rule for that IP and removes it afterwards.");
    expect(run.stdout).toContain('The database was not read (the firewall refused this machine');
    expect(run.stdout).toContain('Dry run: nothing was changed.');
    expect(armWrites(stage)).toEqual([]);
    expect(ddlSent(stage.tds.received.requests())).toEqual([]);
    expectNoTokenIn(run);
  });
});

describe('47073: public network access is disabled', () => {
  it('opens no rule (exit 1) and explains reaching the private endpoint through --sql-endpoint', async () => {
    const world = refusingWorldWithMeAsAdmin();
    server(world).publicNetworkAccess = 'Disabled';
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(1);
    // This run already came through --sql-endpoint, so the path it took ends at the public gateway.
    expect(run.stderr).toContain(`Server contoso-sql has public network access disabled (47073), and ${stage.endpoint} (--sql-endpoint) reached its public gateway, not its private endpoint.`);
    expect(run.stderr).toContain("Point the tunnel behind --sql-endpoint at the private endpoint's address");
    expect(run.stderr).toContain('never turns public access on');
    expect(armWrites(stage)).toEqual([]);
    expect(server(stage.store.world).publicNetworkAccess).toBe('Disabled');
  });
});
