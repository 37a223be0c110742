import { describe, expect, it } from 'vitest';
import { FUNC, ME, appdb, login, testStore } from './fixtures.js';
import { sqlErrorOf } from './errors.js';
import { createUserWithSid } from '../../src/sql/statements.js';
import { SIM_SQL_VERSION } from '../../src/sim/sql/session.js';

function sessionWithUser() {
  const store = testStore();
  const session = login(store);
  session.execute(createUserWithSid('my-func', FUNC.appId).text);
  session.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]; ALTER ROLE db_datawriter ADD MEMBER [my-func]');
  return { store, session };
}

describe('SELECT', () => {
  it('answers the scalar functions the tools use', () => {
    const { session } = sessionWithUser();
    const result = session.execute(
      "SELECT 1; SELECT @@VERSION AS v, DB_NAME() AS db, SUSER_SNAME() AS login, USER_NAME() AS u, IS_ROLEMEMBER('db_owner') AS owner, IS_ROLEMEMBER('db_datareader', 'my-func') AS reader, IS_ROLEMEMBER('db_ddladmin', 'my-func') AS ddl, IS_ROLEMEMBER('nope') AS missing",
    );
    expect(result.recordsets).toEqual([
      [{ '': 1 }],
      [{ v: SIM_SQL_VERSION, db: 'appdb', login: ME.upn, u: 'dbo', owner: 1, reader: 1, ddl: 0, missing: null }],
    ]);
    expect(result.rowsAffected).toEqual([1, 1]);
    expect(result.resultSets[0]!.columns).toEqual([{ name: '', type: 'int' }]);
  });

  it('lists the fixed roles with is_fixed_role and public without', () => {
    const { session } = sessionWithUser();
    const rows = session.execute("SELECT name, principal_id, is_fixed_role FROM sys.database_principals WHERE type = 'R' ORDER BY principal_id").recordsets[0]!;
    expect(rows.map((r) => r.name)).toEqual([
      'public', 'db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin', 'db_backupoperator',
      'db_datareader', 'db_datawriter', 'db_denydatareader', 'db_denydatawriter',
    ]);
    expect(rows[0]).toEqual({ name: 'public', principal_id: 0, is_fixed_role: false });
    expect(rows[1]).toEqual({ name: 'db_owner', principal_id: 16384, is_fixed_role: true });
  });

  it('joins with aliases, filters with AND, OR, IN, <> and parentheses, and compares names case-insensitively', () => {
    const { session } = sessionWithUser();
    const rows = session.execute(
      `SELECT u.name AS member, r.name AS role
       FROM sys.database_role_members m
       JOIN sys.database_principals AS u ON u.principal_id = m.member_principal_id
       INNER JOIN sys.database_principals AS r ON m.role_principal_id = r.principal_id
       WHERE (u.name = N'MY-FUNC' OR u.name = 'dbo') AND r.name IN ('db_datareader', 'db_owner') AND r.name <> 'db_datawriter'
       ORDER BY member DESC, role`,
    ).recordsets[0];
    expect(rows).toEqual([
      { member: 'my-func', role: 'db_datareader' },
      { member: 'dbo', role: 'db_owner' },
    ]);
  });

  it('keeps a principal without roles in a LEFT JOIN, with NULLs', () => {
    const { session } = sessionWithUser();
    session.execute('ALTER ROLE db_datareader DROP MEMBER [my-func]; ALTER ROLE db_datawriter DROP MEMBER [my-func]');
    const rows = session.execute(
      `SELECT p.name, r.name AS role_name FROM sys.database_principals AS p
       LEFT OUTER JOIN sys.database_role_members AS m ON m.member_principal_id = p.principal_id
       LEFT JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id
       WHERE p.name = 'my-func'`,
    ).recordsets[0];
    expect(rows).toEqual([{ name: 'my-func', role_name: null }]);
  });

  it('matches a varbinary parameter against sid; a NULL never equals', () => {
    const { session, store } = sessionWithUser();
    const sid = Buffer.from(appdb(store).principals.find((p) => p.name === 'my-func')!.sidHex!, 'hex');
    const byParam = (value: Buffer | null) =>
      session.execute('SELECT name FROM sys.database_principals WHERE sid = @sid', { sid: value }).recordsets[0];
    expect(byParam(sid)).toEqual([{ name: 'my-func' }]);
    expect(byParam(null)).toEqual([]);
    expect(session.execute('SELECT name FROM sys.database_principals WHERE sid IS NULL AND NOT type = @t ORDER BY name', { '@t': 'R' }).recordsets[0]).toEqual([
      { name: 'dbo' },
      { name: 'INFORMATION_SCHEMA' },
      { name: 'sys' },
    ]);
  });

  it('expands * and alias.* with column names in catalog order', () => {
    const { session } = sessionWithUser();
    const result = session.execute('SELECT m.* FROM sys.database_role_members AS m WHERE m.member_principal_id = 1');
    expect(result.recordsets[0]).toEqual([{ role_principal_id: 16384, member_principal_id: 1 }]);
    expect(result.resultSets[0]!.columns.map((c) => c.name)).toEqual(['role_principal_id', 'member_principal_id']);
  });

  it('reports binding errors as SQL Server does, before reading any row', () => {
    const { session } = sessionWithUser();
    const error = (sql: string) => sqlErrorOf(() => session.execute(sql));
    expect(error('SELECT name FROM sys.tables')).toMatchObject({ number: 208, message: "Invalid object name 'sys.tables'." });
    expect(error('SELECT nme FROM sys.database_principals')).toMatchObject({ number: 207, message: "Invalid column name 'nme'." });
    expect(error('SELECT name FROM sys.database_principals p JOIN sys.database_principals r ON 1 = 1')).toMatchObject({
      number: 209,
      message: "Ambiguous column name 'name'.",
    });
    expect(error('SELECT x.name FROM sys.database_principals p')).toMatchObject({
      number: 4104,
      message: 'The multi-part identifier "x.name" could not be bound.',
    });
    expect(error('SELECT name FROM sys.database_principals WHERE name')).toMatchObject({ number: 4145 });
    expect(error('SELECT name FROM sys.database_principals WHERE sid = N\'abc\'')).toMatchObject({
      number: 402,
      message: 'The data types varbinary and nvarchar are incompatible in the equal to operator.',
    });
    expect(error("SELECT name FROM sys.database_principals WHERE principal_id = 'one'")).toMatchObject({ number: 245 });
    expect(error('SELECT name FROM sys.database_principals WHERE name = @missing')).toMatchObject({
      number: 137,
      message: 'Must declare the scalar variable "@missing".',
    });
    expect(error('SELECT OBJECT_ID(1)')).toMatchObject({ number: 195 });
    expect(error('SELECT *')).toMatchObject({ number: 263 });
  });
});
