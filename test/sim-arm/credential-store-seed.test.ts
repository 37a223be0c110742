// The simulated sign-in's token claims, the file store, and the demo tenant's situations.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimCredential, decodeJwtPayload } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore, openFileStore } from '../../src/sim/store.js';

describe('SimCredential', () => {
  it('gives a user token for the scope\'s audience with oid, tid, upn and an hour\'s life', async () => {
    const store = createMemoryStore(demoWorld());
    const token = await new SimCredential(store).getToken(['https://management.azure.com/.default']);
    const [header, , signature] = token.token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'none', typ: 'JWT' });
    expect(signature).toBe('');
    const claims = decodeJwtPayload(token.token);
    expect(claims).toMatchObject({
      aud: 'https://management.azure.com',
      oid: store.world.signedInObjectId,
      tid: store.world.tenantId,
      upn: 'alex@contoso.onmicrosoft.com',
      unique_name: 'alex@contoso.onmicrosoft.com',
      name: 'Alex Wilber',
      idtyp: 'user',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(token.expiresOnTimestamp).toBe((claims.exp as number) * 1000);
  });

  it('signed in as a service principal, the token says app with its application id', async () => {
    const world = demoWorld();
    const app = world.directory.find((o) => o.kind === 'servicePrincipal')!;
    world.signedInObjectId = app.objectId;
    const { token } = await new SimCredential(createMemoryStore(world)).getToken('https://database.windows.net//.default');
    expect(decodeJwtPayload(token)).toMatchObject({ aud: 'https://database.windows.net/', appid: app.appId, azp: app.appId, idtyp: 'app', oid: app.objectId });
    expect(decodeJwtPayload(token)).not.toHaveProperty('upn');
  });

  it('nobody signed in: CredentialUnavailableError', async () => {
    const world = demoWorld();
    world.signedInObjectId = 'nobody';
    await expect(new SimCredential(createMemoryStore(world)).getToken('x/.default')).rejects.toMatchObject({ name: 'CredentialUnavailableError' });
  });
});

describe('openFileStore', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('seeds when the file is missing, saves atomically, and reads the saved world back', () => {
    dir = mkdtempSync(join(tmpdir(), 'sim-store-'));
    const path = join(dir, 'world.json');
    const store = openFileStore(path, demoWorld);
    expect(existsSync(path)).toBe(false);
    store.world.callerIp = '198.51.100.99';
    store.save();
    expect(readdirSync(dir)).toEqual(['world.json']);
    expect(JSON.parse(readFileSync(path, 'utf8')).callerIp).toBe('198.51.100.99');

    const again = openFileStore(path, () => {
      throw new Error('must not seed when the file exists');
    });
    expect(again.world.callerIp).toBe('198.51.100.99');
  });
});

describe('demoWorld', () => {
  it('is the same on every run', () => {
    expect(JSON.stringify(demoWorld())).toBe(JSON.stringify(demoWorld()));
  });

  it('holds the situations the demo walks through', () => {
    const world = demoWorld();
    const me = world.directory.find((o) => o.objectId === world.signedInObjectId)!;
    const dev = world.subscriptions.find((s) => s.displayName === 'Contoso Dev')!;
    const server = (name: string) => dev.sqlServers.find((s) => s.name === name)!;
    const app = dev.sites.find((s) => s.name === 'contoso-orders-func')!;

    expect(app.identity).toEqual({ userAssigned: [] });
    expect(app.slots.map((s) => s.name)).toEqual(['staging']);
    expect(app.resourceGroup).not.toBe(server('contoso-sql').resourceGroup);
    expect(server('contoso-sql').admin).toBeUndefined();
    expect(server('contoso-sql').firewallRules).toEqual([{ name: 'AllowAllWindowsAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }]);
    const groupAdmin = world.directory.find((o) => o.objectId === server('contoso-sql-team').admin!.sid)!;
    expect(groupAdmin).toMatchObject({ kind: 'group', displayName: 'SQL Admins', members: [me.objectId] });
    expect(server('contoso-sql-legacy').admin!.sid).not.toBe(me.objectId);
    const orders = server('contoso-sql').databases.find((d) => d.name === 'orders')!;
    expect(orders.principals.filter((p) => p.type === 'R' && !p.isFixedRole).map((p) => p.name)).toEqual(['public', 'app_reporting']);
    expect(dev.sqlServers.every((s) => s.databases[0]!.name === 'master')).toBe(true);
    expect(world.callerIp).toBe('203.0.113.7');
  });

  it('every directory object and identity has a distinct GUID', () => {
    const world = demoWorld();
    const ids = [
      world.tenantId,
      ...world.directory.flatMap((o) => [o.objectId, ...(o.appId ? [o.appId] : [])]),
      ...world.subscriptions.map((s) => s.subscriptionId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
  });
});
