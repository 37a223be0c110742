import { describe, expect, it } from 'vitest';
import { DEPLOYER, DEV, FUNC, ME, READERS_GROUP, TWIN_1, appToken, appdb, login, server, testStore, userToken } from './fixtures.js';
import { sqlErrorOf } from './errors.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { createUserFromExternalProvider, createUserWithSid, addRoleMember } from '../../src/sql/statements.js';

const rolesOf = (session: ReturnType<typeof login>, user: string) =>
  session
    .execute(
      `SELECT r.name FROM sys.database_role_members AS m
       INNER JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id
       INNER JOIN sys.database_principals AS u ON u.principal_id = m.member_principal_id
       WHERE u.name = @user ORDER BY r.name`,
      { user },
    )
    .recordsets[0]!.map((row) => row.name);

describe('CREATE USER WITH SID', () => {
  it('stores the SID the product computes and saves the world', () => {
    const store = testStore();
    const session = login(store);
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    const user = appdb(store).principals.find((p) => p.name === 'my-func');
    expect(user).toMatchObject({ type: 'E', sidHex: sidHexFromClientId(FUNC.appId), principalId: 5 });
    expect(store.saves).toBe(1);
    const [row] = session.execute("SELECT name, type, type_desc, sid, authentication_type_desc FROM sys.database_principals WHERE name = N'my-func'").recordsets[0]!;
    expect(row).toEqual({
      name: 'my-func',
      type: 'E',
      type_desc: 'EXTERNAL_USER',
      sid: Buffer.from(sidHexFromClientId(FUNC.appId), 'hex'),
      authentication_type_desc: 'EXTERNAL',
    });
  });

  it('lets the app log in with its token once the user exists', () => {
    const store = testStore();
    expect(sqlErrorOf(() => login(store, appToken(FUNC))).number).toBe(18456);
    login(store).execute(createUserWithSid('my-func', FUNC.appId).text);
    expect(login(store, appToken(FUNC)).execute('SELECT USER_NAME() AS u').recordsets[0]).toEqual([{ u: 'my-func' }]);
  });

  it('refuses a second user of the same name (15023), whatever its case', () => {
    const session = login(testStore());
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    const error = sqlErrorOf(() => session.execute(createUserWithSid('MY-FUNC', TWIN_1.appId).text));
    expect(error).toMatchObject({ number: 15023, class: 16, state: 1, message: "User, group, or role 'MY-FUNC' already exists in the current database." });
  });

  it('refuses the same SID under another name (15063)', () => {
    const session = login(testStore());
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    expect(sqlErrorOf(() => session.execute(createUserWithSid('other-name', FUNC.appId).text))).toMatchObject({
      number: 15063,
      message: 'The login already has an account under a different user name.',
    });
  });

  it('keeps names with ]], quotes, semicolons and unicode exactly', () => {
    const store = testStore();
    const session = login(store);
    const name = "we]rd'; DROP USER dbo; -- ü";
    session.execute(createUserWithSid(name, FUNC.appId).text);
    session.execute(addRoleMember('db_datareader', name).text);
    expect(appdb(store).principals.some((p) => p.name === 'dbo')).toBe(true);
    expect(rolesOf(session, name)).toEqual(['db_datareader']);
  });

  it('accepts TYPE = X for groups and options in either order', () => {
    const store = testStore();
    login(store).execute(`CREATE USER [readers] WITH TYPE = X, SID = 0x${sidHexFromClientId(READERS_GROUP)}`);
    expect(appdb(store).principals.find((p) => p.name === 'readers')?.type).toBe('X');
  });
});

describe('CREATE USER FROM EXTERNAL PROVIDER', () => {
  it('stores an app by its client id and a user or group by its object id', () => {
    const store = testStore();
    const session = login(store);
    session.execute(createUserFromExternalProvider('my-func').text);
    session.execute(createUserFromExternalProvider(DEV.upn).text);
    session.execute(createUserFromExternalProvider('readers').text);
    const principal = (name: string) => appdb(store).principals.find((p) => p.name === name);
    expect(principal('my-func')).toMatchObject({ type: 'E', sidHex: sidHexFromClientId(FUNC.appId) });
    expect(principal(DEV.upn)).toMatchObject({ type: 'E', sidHex: sidHexFromClientId(DEV.oid) });
    expect(principal('readers')).toMatchObject({ type: 'X', sidHex: sidHexFromClientId(READERS_GROUP) });
  });

  it('answers 33130 for an unknown name and 33131 for a duplicate display name', () => {
    const session = login(testStore());
    expect(sqlErrorOf(() => session.execute('CREATE USER [nobody] FROM EXTERNAL PROVIDER'))).toMatchObject({
      number: 33130,
      message: "Principal 'nobody' could not be found or this principal type is not supported.",
    });
    expect(sqlErrorOf(() => session.execute('CREATE USER [twin-app] FROM EXTERNAL PROVIDER'))).toMatchObject({
      number: 33131,
      message:
        "Principal 'twin-app' has a duplicate display name. Make the display name unique in Azure Active Directory and execute this statement again.",
    });
  });

  it('resolves a duplicate display name by object id', () => {
    const store = testStore();
    login(store).execute(createUserFromExternalProvider('twin-app', TWIN_1.objectId).text);
    expect(appdb(store).principals.find((p) => p.name === 'twin-app')?.sidHex).toBe(sidHexFromClientId(TWIN_1.appId));
    expect(sqlErrorOf(() => login(store).execute(createUserFromExternalProvider('ghost', '12345678-1234-4234-8234-123456789012').text)).number).toBe(33130);
  });

  it('refuses an app caller when the server identity cannot read the directory (33134), not when it can', () => {
    const store = testStore();
    server(store).admin = { login: 'deployer', sid: DEPLOYER.appId, tenantId: store.world.tenantId, principalType: 'Application' };
    const session = login(store, appToken(DEPLOYER));
    expect(sqlErrorOf(() => session.execute('CREATE USER [my-func] FROM EXTERNAL PROVIDER'))).toMatchObject({
      number: 33134,
      message: expect.stringMatching(/^Principal 'my-func' could not be resolved\. Error message: 'Server identity does not have Azure Active Directory Readers permission/),
    });
    server(store).directoryReaders = true;
    session.execute('CREATE USER [my-func] FROM EXTERNAL PROVIDER');
    expect(appdb(store).principals.some((p) => p.name === 'my-func')).toBe(true);
  });

  it('checks the name before the directory: an existing name is 15023 even when the lookup would fail', () => {
    const session = login(testStore());
    session.execute(createUserWithSid('twin-app', TWIN_1.appId).text);
    expect(sqlErrorOf(() => session.execute('CREATE USER [twin-app] FROM EXTERNAL PROVIDER')).number).toBe(15023);
  });
});

describe('ALTER ROLE', () => {
  it('adds and drops members; adding twice and dropping a non-member are no-ops', () => {
    const store = testStore();
    const session = login(store);
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    session.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]; ALTER ROLE [db_datawriter] ADD MEMBER [my-func];');
    session.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]');
    expect(rolesOf(session, 'my-func')).toEqual(['db_datareader', 'db_datawriter']);
    session.execute('ALTER ROLE [db_datawriter] DROP MEMBER [my-func]; ALTER ROLE [db_ddladmin] DROP MEMBER [my-func]');
    expect(rolesOf(session, 'my-func')).toEqual(['db_datareader']);
    expect(store.saves).toBe(6);
  });

  it('answers 15151 for a missing role, a missing member and public', () => {
    const session = login(testStore());
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    expect(sqlErrorOf(() => session.execute('ALTER ROLE [db_nothing] ADD MEMBER [my-func]'))).toMatchObject({
      number: 15151,
      class: 16,
      message: "Cannot alter the role 'db_nothing', because it does not exist or you do not have permission.",
    });
    expect(sqlErrorOf(() => session.execute('ALTER ROLE [my-func] ADD MEMBER [my-func]')).number).toBe(15151);
    expect(sqlErrorOf(() => session.execute('ALTER ROLE [db_datareader] ADD MEMBER [ghost]')).message).toBe(
      "Cannot add the principal 'ghost', because it does not exist or you do not have permission.",
    );
    expect(sqlErrorOf(() => session.execute('ALTER ROLE [db_datareader] DROP MEMBER [ghost]')).message).toBe(
      "Cannot drop the principal 'ghost', because it does not exist or you do not have permission.",
    );
    expect(sqlErrorOf(() => session.execute('ALTER ROLE [public] ADD MEMBER [my-func]')).number).toBe(15081);
  });
});

describe('permissions', () => {
  function withDevUser(roles: string[]) {
    const store = testStore();
    const admin = login(store);
    admin.execute(createUserWithSid('dev', DEV.oid).text);
    admin.execute(createUserWithSid('my-func', FUNC.appId).text);
    for (const role of roles) admin.execute(addRoleMember(role, 'dev').text);
    return { store, dev: login(store, userToken(DEV)) };
  }

  it('refuses CREATE USER without ALTER ANY USER (15247) and role changes without rights (15151)', () => {
    const { dev } = withDevUser(['db_datareader']);
    expect(sqlErrorOf(() => dev.execute(createUserWithSid('x', TWIN_1.appId).text))).toMatchObject({
      number: 15247,
      message: 'User does not have permission to perform this action.',
    });
    expect(sqlErrorOf(() => dev.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]')).number).toBe(15151);
    expect(sqlErrorOf(() => dev.execute('DROP USER [my-func]')).number).toBe(15151);
  });

  it('lets db_accessadmin create users and db_securityadmin change roles other than db_owner', () => {
    const { dev } = withDevUser(['db_accessadmin', 'db_securityadmin']);
    dev.execute(createUserWithSid('x', TWIN_1.appId).text);
    dev.execute('ALTER ROLE db_datawriter ADD MEMBER [x]');
    expect(sqlErrorOf(() => dev.execute('ALTER ROLE db_owner ADD MEMBER [x]')).number).toBe(15151);
  });

  it('lets db_owner do everything, also through a group user', () => {
    const store = testStore();
    const admin = login(store);
    admin.execute(`CREATE USER [sql-admins] WITH SID = 0x${sidHexFromClientId('33333333-3333-4333-8333-333333333333')}, TYPE = X`);
    admin.execute('ALTER ROLE db_owner ADD MEMBER [sql-admins]');
    const dev = login(store, userToken(DEV));
    dev.execute(createUserWithSid('my-func', FUNC.appId).text);
    dev.execute('ALTER ROLE db_owner ADD MEMBER [my-func]');
    expect(dev.execute("SELECT IS_ROLEMEMBER('db_owner') AS o, USER_NAME() AS u").recordsets[0]).toEqual([{ o: 1, u: 'sql-admins' }]);
  });

  it('refuses Entra users to a SQL-authenticated session (33159)', () => {
    const store = testStore();
    const admin = login(store);
    Object.assign(admin.caller, { entra: false });
    expect(sqlErrorOf(() => admin.execute('CREATE USER [my-func] FROM EXTERNAL PROVIDER')).number).toBe(33159);
  });
});

describe('DROP USER', () => {
  it('drops a user with its memberships, and refuses special users and schema owners', () => {
    const store = testStore();
    const session = login(store);
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    session.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]');
    session.execute('DROP USER [my-func]');
    expect(appdb(store).principals.some((p) => p.name === 'my-func')).toBe(false);
    expect(appdb(store).roleMembers).toEqual([[16384, 1]]);
    expect(sqlErrorOf(() => session.execute('DROP USER [my-func]')).message).toBe(
      "Cannot drop the user 'my-func', because it does not exist or you do not have permission.",
    );
    session.execute('DROP USER IF EXISTS [my-func]');
    expect(sqlErrorOf(() => session.execute('DROP USER dbo')).number).toBe(15150);
    session.execute(createUserWithSid('owner', ME.oid).text);
    appdb(store).principals.find((p) => p.name === 'owner')!.ownsSchema = 'sales';
    expect(sqlErrorOf(() => session.execute('DROP USER [owner]'))).toMatchObject({
      number: 15138,
      message: 'The database principal owns a schema in the database, and cannot be dropped.',
    });
  });
});
