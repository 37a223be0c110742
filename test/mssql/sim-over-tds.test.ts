// The product's connector, through the real driver and the TDS test server, against the simulated
// Azure SQL database that --demo uses: state carries across statements and connections.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SimCredential } from '../../src/sim/credential.js';
import { createMemoryStore } from '../../src/sim/store.js';
import type { World } from '../../src/sim/world.js';
import { SqlFailure } from '../../src/sql/connection.js';
import { createMssqlConnector } from '../../src/sql/mssql-connector.js';
import { readDatabase } from '../../src/sql/read-database.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { addRoleMember, createUserWithSid } from '../../src/sql/statements.js';
import { CALLER_IP, DEV, FUNC, SERVER, testWorld } from '../sim-sql/fixtures.js';
import { useTdsFixture } from '../tds/fixture.js';
import { databaseSideOfWorldFile, simSqlBackend, type SimBackendOptions } from '../tds/sim-backend.js';
import type { TdsServerOptions } from '../tds/server.js';

const UNKNOWN_SERVER = 'unknown-sql.database.windows.net';
const fixture = useTdsFixture([SERVER, UNKNOWN_SERVER]);

async function simServer(change: (world: World) => void = () => {}, options: SimBackendOptions & Pick<TdsServerOptions, 'clientIpSeenAs'> = {}) {
  const world = testWorld();
  change(world);
  const store = createMemoryStore(world);
  const server = await fixture.start({ backend: simSqlBackend(store, options), clientIpSeenAs: options.clientIpSeenAs ?? CALLER_IP });
  const connect = (serverName = SERVER) =>
    createMssqlConnector({ trustedCa: fixture.certs().ca, connectTimeoutMs: 5_000 })({
      serverName,
      endpoint: { host: '127.0.0.1', port: server.port },
      database: 'appdb',
      credential: new SimCredential(store),
    });
  const database = () => world.subscriptions[0]!.sqlServers[0]!.databases[0]!;
  return { server, connect, database, world };
}

const app = { userName: 'my-func', sidHex: sidHexFromClientId(FUNC.appId) };

describe('the simulated database over TDS', () => {
  test('creates the user and its roles in one transaction and reads them back, also from a new connection', async () => {
    const { connect, database } = await simServer();
    const first = await connect();
    expect((await readDatabase(first, app)).userByName).toBeUndefined();
    await first.runInTransaction([createUserWithSid(app.userName, FUNC.appId), addRoleMember('db_datareader', app.userName)]);
    await first.close();

    const second = await connect();
    const seen = await readDatabase(second, app);
    await second.close();
    expect(seen.userByName).toEqual({ name: 'my-func', type: 'E', sidHex: app.sidHex, roles: ['db_datareader'] });
    expect(seen.userBySid?.name).toBe('my-func');
    expect(seen.roles.map((r) => r.name)).toContain('db_datawriter');
    expect(database().principals.some((p) => p.name === 'my-func')).toBe(true);
  });

  test('a failure in the middle of the transaction leaves the database as it was', async () => {
    const { connect, database } = await simServer();
    const before = structuredClone(database());
    const connection = await connect();
    const failure = await connection
      .runInTransaction([createUserWithSid(app.userName, FUNC.appId), addRoleMember('db_no_such_role', app.userName)])
      .catch((e: unknown) => e);
    // the connection is still usable and sees no trace of the user
    expect((await readDatabase(connection, app)).userByName).toBeUndefined();
    await connection.close();

    expect(failure).toBeInstanceOf(SqlFailure);
    expect(failure).toMatchObject({ number: 15151, phase: 'query', message: expect.stringContaining("Cannot alter the role 'db_no_such_role'") });
    expect(database()).toEqual(before);
  });

  test('a statement error carries the number the simulator gives', async () => {
    const { connect } = await simServer();
    const connection = await connect();
    await connection.runInTransaction([createUserWithSid(app.userName, FUNC.appId)]);
    const failure = await connection.runInTransaction([createUserWithSid(app.userName, FUNC.appId)]).catch((e: unknown) => e);
    await connection.close();
    expect(failure).toMatchObject({ number: 15023, phase: 'query' });
  });
});

describe('logins the simulator refuses', () => {
  test('40615: the firewall names the IP the server saw', async () => {
    const { connect } = await simServer(() => {}, { clientIpSeenAs: '198.51.100.40' });
    const failure = await connect().catch((e: unknown) => e);
    expect(failure).toMatchObject({ number: 40615, phase: 'login', message: expect.stringContaining("Client with IP address '198.51.100.40'") });
  });

  test('47073: public network access is disabled', async () => {
    const { connect } = await simServer((w) => { w.subscriptions[0]!.sqlServers[0]!.publicNetworkAccess = 'Disabled'; });
    expect(await connect().catch((e: unknown) => e)).toMatchObject({ number: 47073, phase: 'login' });
  });

  test('through a private endpoint the same server lets me in', async () => {
    const { connect } = await simServer((w) => { w.subscriptions[0]!.sqlServers[0]!.publicNetworkAccess = 'Disabled'; }, { viaPrivateEndpoint: true });
    const connection = await connect();
    await connection.close();
  });

  test('18456: signed in as someone who is neither admin nor a user of the database', async () => {
    const { connect } = await simServer((w) => { w.signedInObjectId = DEV.oid; });
    expect(await connect().catch((e: unknown) => e)).toMatchObject({ number: 18456, phase: 'login' });
  });

  test('40613: a paused serverless database answers "not currently available"', async () => {
    const { connect } = await simServer((w) => { w.subscriptions[0]!.sqlServers[0]!.databases[0]!.status = 'Paused'; });
    expect(await connect().catch((e: unknown) => e)).toMatchObject({ number: 40613, phase: 'login' });
  });

  test('40532: a server name the gateway does not host', async () => {
    const { connect } = await simServer();
    expect(await connect(UNKNOWN_SERVER).catch((e: unknown) => e)).toMatchObject({ number: 40532, phase: 'login' });
  });
});

test('a world file another process also writes keeps that process\'s changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tds-world-'));
  const path = join(dir, 'world.json');
  const readWorld = async () => JSON.parse(await readFile(path, 'utf8')) as World;
  try {
    await writeFile(path, JSON.stringify(testWorld()));
    const server = await fixture.start({ backend: simSqlBackend(databaseSideOfWorldFile(path)), clientIpSeenAs: CALLER_IP });
    const connection = await createMssqlConnector({ trustedCa: fixture.certs().ca })({
      serverName: SERVER, endpoint: { host: '127.0.0.1', port: server.port }, database: 'appdb',
      credential: new SimCredential(createMemoryStore(await readWorld())),
    });
    // the CLI writes an app setting while the SQL session is open
    const changed = await readWorld();
    changed.subscriptions[0]!.sites[0]!.appSettings.AZURE_SQL_SERVER = SERVER;
    await writeFile(path, JSON.stringify(changed));
    await connection.runInTransaction([createUserWithSid(app.userName, FUNC.appId)]);
    await connection.close();

    const after = await readWorld();
    expect(after.subscriptions[0]!.sites[0]!.appSettings.AZURE_SQL_SERVER).toBe(SERVER);
    expect(after.subscriptions[0]!.sqlServers[0]!.databases[0]!.principals.map((p) => p.name)).toContain('my-func');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
