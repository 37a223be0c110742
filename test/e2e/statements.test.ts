// Statements the database refuses, from the built CLI: the directory lookups of FROM EXTERNAL PROVIDER
// (33130, 33131, 33134), a user or role another admin changed between this run's read and its write
// (15023, 15151), and the all-or-nothing transaction that leaves the database as it was.
import { describe, expect, it } from 'vitest';
import type { SimDatabase, World } from '../../src/sim/world.js';
import { changedAfterRead } from './backends.js';
import { firewallPuts } from './expect-run.js';
import { useE2e } from './fixture.js';
import { APP, TARGET, database, ddlSent, freshWorld, server, signedIn, temporaryRules, worldReadyForMe } from '../support/worlds.js';

const e2e = useE2e();

function userNames(db: SimDatabase): string[] {
  return db.principals.filter((p) => p.type !== 'R').map((p) => p.name);
}

describe('FROM EXTERNAL PROVIDER lookups fail: suggest the SID form (exit 1)', () => {
  it('33130: no directory object has the user name', async () => {
    const stage = await e2e.start(worldReadyForMe());
    const run = await stage.run([...TARGET, '--create-user', 'external-provider', '--user-name', 'orders-app', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The server could not look up the identity in Microsoft Entra ID (33130).');
    expect(run.stderr).toContain("Principal 'orders-app' could not be found");
    expect(run.stderr).toContain("FROM EXTERNAL PROVIDER looks the user name up as a display name; it fails for a --user-name that is not the identity's name");
    expect(run.stderr).toContain('Use the default --create-user sid, which needs no directory lookup.');
    expect(userNames(database(stage.store.world))).not.toContain('orders-app');
  });

  it('33131: two directory objects share the display name', async () => {
    const world = worldReadyForMe();
    // An app registration someone named after the Function App.
    world.directory.push({ objectId: 'd1d1d1d1-0000-4000-8000-000000000001', displayName: APP, kind: 'servicePrincipal', appId: 'd2d2d2d2-0000-4000-8000-000000000002' });
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--create-user', 'external-provider', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('More than one directory object has this display name (33131).');
    expect(run.stderr).toContain('Use the default --create-user sid, which matches the identity by its client id instead of its name.');
    expect(userNames(database(stage.store.world))).not.toContain(APP);
  });

  it('33134: signed in as an app, and the server may not read the directory', async () => {
    const world = worldReadyForMe();
    const pipeline = { objectId: 'e1e1e1e1-0000-4000-8000-000000000001', appId: 'e2e2e2e2-0000-4000-8000-000000000002' };
    world.directory.push({ ...pipeline, displayName: 'deploy-pipeline', kind: 'servicePrincipal' });
    world.signedInObjectId = pipeline.objectId;
    server(world).admin = { login: 'deploy-pipeline', sid: pipeline.appId, tenantId: world.tenantId, principalType: 'Application' };
    const stage = await e2e.start(world);
    const run = await stage.run([...TARGET, '--create-user', 'external-provider', '--yes']);
    expect(run.stdout).toContain(`Signed in as ${pipeline.appId}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The server could not look up the identity in Microsoft Entra ID (33134).');
    expect(run.stderr).toContain("Signed in as an app, FROM EXTERNAL PROVIDER needs the server's own identity to hold Directory Readers. Use the default --create-user sid");
    expect(userNames(database(stage.store.world))).not.toContain(APP);
  });
});

describe('the database changed between this run reading it and writing to it', () => {
  it('15023: a user of that name appeared: blocked (exit 3), and the rerun shows it is not this identity', async () => {
    const stranger = { principalId: 900, name: APP, type: 'E' as const, sidHex: 'AB'.repeat(16), isFixedRole: false };
    const stage = await e2e.start(worldReadyForMe(), { wrapBackend: changedAfterRead((w) => database(w).principals.push({ ...stranger })) });
    const run = await stage.run([...TARGET, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`The database user already exists (15023). contoso-sql/orders answered: User, group, or role '${APP}' already exists in the current database.`);
    expect(run.stderr).toContain("Run this again: the plan then compares the existing user's SID with the identity's");
    expect(database(stage.store.world).principals.filter((p) => p.name === APP)).toEqual([stranger]);

    const rerun = await stage.run([...TARGET, '--yes']);
    expect(rerun.code).toBe(3);
    expect(rerun.stderr).toContain(`Blocked: Database user [${APP}] in contoso-sql/orders belongs to another principal (stale user?)`);
    expect(rerun.stdout).toContain(`Found SID 0x${'AB'.repeat(16)}`);
  });

  it('15151: a role was dropped: exit 1, the user created before it in the same transaction is gone too, and the rule is removed', async () => {
    const world = freshWorld();
    const me = signedIn(world);
    server(world).admin = { login: me.userPrincipalName!, sid: me.objectId, tenantId: world.tenantId, principalType: 'User' };
    let before: SimDatabase | undefined;
    const dropRole = (w: World) => {
      const db = database(w);
      db.principals = db.principals.filter((p) => p.name !== 'app_reporting');
      before = structuredClone(db);
    };
    const stage = await e2e.start(world, { wrapBackend: changedAfterRead(dropRole) });
    const run = await stage.run([...TARGET, '--roles', 'db_datareader,app_reporting', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("A role or user could not be altered: it does not exist, or you lack permission (15151). contoso-sql/orders answered: Cannot alter the role 'app_reporting'");
    expect(run.stderr).toContain('Nothing in the database was changed. Run this again: the plan then checks --roles and --remove-roles against the database as it is now.');
    for (const summary of [`Create database user [${APP}]`, `Add [${APP}] to role db_datareader`, `Add [${APP}] to role app_reporting`]) {
      expect(run.stdout).toMatch(new RegExp(`✖ ${summary.replace(/[[\]]/g, '\\$&')}.*: rolled back, nothing in the database changed`));
    }
    // CREATE USER and the first role went through before the failing statement: all were undone.
    const sent = stage.tds.received.requests().filter((r) => /^(CREATE|ALTER)/.test(r.text));
    expect(sent.map((r) => [r.text.split(' ').slice(0, 3).join(' '), r.error])).toEqual([
      ['CREATE USER [contoso-orders-func]', undefined],
      ['ALTER ROLE [db_datareader]', undefined],
      ['ALTER ROLE [app_reporting]', 15151],
    ]);
    expect(database(stage.store.world)).toEqual(before);
    expect(userNames(database(stage.store.world))).not.toContain(APP);
    expect(ddlSent(stage.tds.received.requests())).toHaveLength(3);
    // The firewall rule opened on the way is removed on this failure too.
    expect(firewallPuts(stage)).toHaveLength(1);
    expect(temporaryRules(stage.store.world)).toEqual([]);
  });
});
