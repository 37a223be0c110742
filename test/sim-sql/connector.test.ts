import { describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { CALLER_IP, FUNC, ME, SERVER, TWIN_1, appdb, server, testStore, userToken } from './fixtures.js';
import { createSimSqlConnector, tokenScopeFor } from '../../src/sim/sql/connector.js';
import { SqlFailure, type SqlStatement } from '../../src/sql/connection.js';
import { readDatabase } from '../../src/sql/read-database.js';
import { addRoleMember, createUserWithSid } from '../../src/sql/statements.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';

function credentialFor(token: string) {
  const scopes: string[] = [];
  const credential: TokenCredential = {
    async getToken(scope): Promise<AccessToken> {
      scopes.push(...[scope].flat());
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return { credential, scopes };
}

async function connect(store = testStore(), options: Parameters<typeof createSimSqlConnector>[1] = {}) {
  const { credential, scopes } = credentialFor(userToken(ME));
  const statements: SqlStatement[] = [];
  const connection = await createSimSqlConnector(store, options)({
    serverName: SERVER,
    database: 'appdb',
    credential,
    onStatement: (s) => statements.push(s),
  });
  return { store, connection, statements, scopes };
}

const FIXED_ROLE_NAMES = [
  'db_accessadmin', 'db_backupoperator', 'db_datareader', 'db_datawriter', 'db_ddladmin',
  'db_denydatareader', 'db_denydatawriter', 'db_owner', 'db_securityadmin',
];
const funcSid = sidHexFromClientId(FUNC.appId);

describe('the simulated connector', () => {
  it('logs in with a token for the SQL audience and reads an empty database', async () => {
    const { connection, scopes } = await connect();
    expect(scopes).toEqual(['https://database.windows.net/.default']);
    const observed = await readDatabase(connection, { userName: 'my-func', sidHex: funcSid });
    expect(observed).toEqual({ reachable: true, roles: FIXED_ROLE_NAMES.map((name) => ({ name, isFixedRole: true })) });
  });

  it('creates the user and its roles in one transaction, then reads them back by name and by SID', async () => {
    const { connection, statements, store } = await connect();
    const planned = [createUserWithSid('my-func', FUNC.appId), addRoleMember('db_datawriter', 'my-func'), addRoleMember('db_datareader', 'my-func')];
    await connection.runInTransaction(planned);
    expect(statements).toEqual([{ text: 'SET XACT_ABORT ON;' }, ...planned]);
    expect(store.saves).toBe(1);
    const user = { name: 'my-func', type: 'E', sidHex: funcSid, roles: ['db_datareader', 'db_datawriter'] };
    expect(await readDatabase(connection, { userName: 'MY-FUNC', sidHex: funcSid })).toMatchObject({ userByName: user, userBySid: user });
    expect(await readDatabase(connection, { userName: 'my-func' })).toMatchObject({ userByName: user });
  });

  it('shows a stale user: the name with another SID, and the SID under another name', async () => {
    const { connection } = await connect();
    await connection.runInTransaction([createUserWithSid('my-func', TWIN_1.appId), createUserWithSid('renamed', FUNC.appId)]);
    const observed = await readDatabase(connection, { userName: 'my-func', sidHex: funcSid });
    expect(observed.userByName).toEqual({ name: 'my-func', type: 'E', sidHex: sidHexFromClientId(TWIN_1.appId), roles: [] });
    expect(observed.userBySid).toEqual({ name: 'renamed', type: 'E', sidHex: funcSid, roles: [] });
  });

  it('rolls the whole transaction back when a statement fails, and stays usable', async () => {
    const { connection, store } = await connect();
    const before = structuredClone(appdb(store));
    const failure = await connection
      .runInTransaction([createUserWithSid('my-func', FUNC.appId), addRoleMember('db_datareader', 'my-func'), addRoleMember('db_nothing', 'my-func')])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SqlFailure);
    expect(failure).toMatchObject({ number: 15151, phase: 'query' });
    expect(appdb(store)).toEqual(before);
    expect(store.saves).toBe(0);
    expect(await connection.query({ text: 'SELECT @@TRANCOUNT AS n' })).toEqual([{ n: 0 }]);
  });

  it('turns login refusals into SqlFailure with the number, and an unknown host into a connect failure', async () => {
    const store = testStore();
    const refused = await connect(store, { clientIp: '198.51.100.1' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'SqlFailure', number: 40615, phase: 'login' });
    expect((refused as Error).message).toContain("'198.51.100.1'");
    server(store).fullyQualifiedDomainName = 'elsewhere.database.windows.net';
    expect(await connect(store).catch((e: unknown) => e)).toMatchObject({ phase: 'connect', number: undefined });
  });

  it("defaults the client IP to the world's callerIp", async () => {
    const store = testStore();
    store.world.callerIp = '198.51.100.9';
    expect(await connect(store).catch((e: unknown) => (e as Error).message)).toContain("'198.51.100.9'");
    store.world.callerIp = CALLER_IP;
    expect((await connect(store)).connection).toBeDefined();
  });

  it('refuses queries after close, and closing rolls back an open transaction', async () => {
    const { connection, store } = await connect();
    await connection.query({ text: `BEGIN TRAN; ${createUserWithSid('my-func', FUNC.appId).text}` });
    await connection.close();
    expect(appdb(store).principals.some((p) => p.name === 'my-func')).toBe(false);
    await expect(connection.query({ text: 'SELECT 1' })).rejects.toThrow(/closed/);
  });

  it('asks for the token audience of the server name suffix', () => {
    expect(tokenScopeFor('x.database.usgovcloudapi.net')).toBe('https://database.usgovcloudapi.net/.default');
    expect(tokenScopeFor('x.database.chinacloudapi.cn')).toBe('https://database.chinacloudapi.cn/.default');
  });
});
