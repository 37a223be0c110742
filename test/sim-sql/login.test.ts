import { describe, expect, it } from 'vitest';
import { ADMINS_GROUP, CALLER_IP, DEV, FUNC, ME, SERVER, TENANT, appToken, appdb, login, server, testStore, tokenFor, userToken } from './fixtures.js';
import { sqlErrorOf } from './errors.js';
import { SimSqlHostNotFound } from '../../src/sim/sql/errors.js';
import { loginToSimSql } from '../../src/sim/sql/login.js';
import { createUserWithSid } from '../../src/sql/statements.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';

describe('login to the simulated server', () => {
  it('admits the server admin as dbo', () => {
    const session = login(testStore());
    expect(session.caller).toMatchObject({ isAdmin: true, isApp: false, loginName: ME.upn });
    expect(session.execute('SELECT USER_NAME() AS u').recordsets[0]).toEqual([{ u: 'dbo' }]);
  });

  it('fails DNS for a server that does not exist', () => {
    expect(() => login(testStore(), undefined, { serverName: 'nope.database.windows.net' })).toThrow(SimSqlHostNotFound);
  });

  it('answers 47073 when public network access is disabled, unless the client comes through a private endpoint', () => {
    const store = testStore();
    server(store).publicNetworkAccess = 'Disabled';
    expect(sqlErrorOf(() => login(store))).toMatchObject({
      number: 47073,
      message: expect.stringContaining('Connection was denied because Deny Public Network Access is set to Yes'),
    });
    expect(login(store, undefined, { viaPrivateEndpoint: true, clientIp: '10.0.0.4' }).caller.isAdmin).toBe(true);
  });

  it('answers 40615 naming the client IP when no rule covers it; "Allow Azure services" does not admit it', () => {
    const store = testStore();
    server(store).firewallRules = [{ name: 'AllowAllWindowsAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }];
    const error = sqlErrorOf(() => login(store));
    expect(error).toMatchObject({ number: 40615, class: 14, state: 1 });
    expect(error.message).toBe(
      `Cannot open server 'sqlsrv' requested by the login. Client with IP address '${CALLER_IP}' is not allowed to access the server.  ` +
        'To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  ' +
        'It may take up to five minutes for this change to take effect.',
    );
    // An Azure address (an app's outbound IP) is what that rule admits.
    expect(login(store, undefined, { clientIp: '20.0.0.1' }).caller.isAdmin).toBe(true);
    server(store).firewallRules.push({ name: 'me', startIpAddress: CALLER_IP, endIpAddress: CALLER_IP });
    expect(login(store).caller.isAdmin).toBe(true);
    expect(sqlErrorOf(() => login(store, undefined, { clientIp: '203.0.113.8' })).message).toContain("'203.0.113.8'");
  });

  it('answers 4060 for a database that does not exist', () => {
    expect(sqlErrorOf(() => login(testStore(), undefined, { database: 'nodb' }))).toMatchObject({
      number: 4060,
      class: 11,
      message: 'Cannot open database "nodb" requested by the login. The login failed.',
    });
  });

  it('resumes a paused database: 40613 until resumeMs has passed, then online', () => {
    const store = testStore();
    const db = appdb(store);
    db.status = 'Paused';
    db.resumeMs = 500;
    let now = 1_000;
    const loginAtNow = () =>
      loginToSimSql(store, { serverName: SERVER, database: 'appdb', accessToken: userToken(ME), clientIp: CALLER_IP }, { now: () => now });

    expect(sqlErrorOf(loginAtNow)).toMatchObject({
      number: 40613,
      class: 17,
      message: expect.stringMatching(
        /^Database 'appdb' on server 'sqlsrv' is not currently available\. {2}Please retry the connection later\. {2}If the problem persists, contact customer support, and provide them the session tracing ID of '[0-9A-F-]{36}'\.$/,
      ),
    });
    expect(db).toMatchObject({ status: 'Resuming', resumeStartedAt: 1_000 });
    now = 1_499;
    expect(sqlErrorOf(loginAtNow).number).toBe(40613);
    now = 1_500;
    expect(loginAtNow().caller.isAdmin).toBe(true);
    expect(db.status).toBe('Online');
    expect(store.saves).toBe(2);
  });

  it('admits members of an admin group as dbo', () => {
    const store = testStore();
    server(store).admin = { login: 'sql-admins', sid: ADMINS_GROUP, tenantId: TENANT, principalType: 'Group' };
    expect(login(store, userToken(DEV)).caller.isAdmin).toBe(true);
    expect(sqlErrorOf(() => login(store, userToken(ME))).number).toBe(18456);
  });

  it("uses an app's client id, not its object id, as its SID", () => {
    const store = testStore();
    const admin = login(store);
    admin.execute(`CREATE USER [wrong] WITH SID = 0x${sidHexFromClientId(FUNC.objectId)}, TYPE = E`);
    expect(sqlErrorOf(() => login(store, appToken(FUNC))).number).toBe(18456);
    admin.execute(createUserWithSid('my-func', FUNC.appId).text);
    expect(login(store, appToken(FUNC)).caller).toMatchObject({ isApp: true, isAdmin: false, sidGuid: FUNC.appId });
  });

  it('admits a user through a group user (type X), including nested groups', () => {
    const store = testStore();
    login(store).execute(`CREATE USER [readers] WITH SID = 0x${sidHexFromClientId('3a3a3a3a-3333-4333-8333-333333333333')}, TYPE = X`);
    expect(login(store, userToken(DEV)).execute('SELECT USER_NAME() AS u').recordsets[0]).toEqual([{ u: 'readers' }]);
  });

  it('answers 18456 for unknown principals, another tenant, a server without an Entra admin and garbage tokens', () => {
    const store = testStore();
    const expected = { number: 18456, class: 14, state: 1, message: "Login failed for user '<token-identified principal>'." };
    expect(sqlErrorOf(() => login(store, userToken(DEV)))).toMatchObject(expected);
    expect(sqlErrorOf(() => login(store, userToken(ME, 'cccccccc-0000-4000-8000-000000000003')))).toMatchObject(expected);
    expect(sqlErrorOf(() => login(store, 'not-a-jwt'))).toMatchObject(expected);
    expect(sqlErrorOf(() => login(store, tokenFor({ tid: TENANT })))).toMatchObject(expected);
    delete server(store).admin;
    expect(sqlErrorOf(() => login(store))).toMatchObject(expected);
  });

  it('never puts the token in an error', () => {
    const token = userToken(DEV);
    const error = sqlErrorOf(() => login(testStore(), token));
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(token.split('.')[1]);
  });
});
