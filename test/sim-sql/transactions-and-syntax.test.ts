import { describe, expect, it } from 'vitest';
import { FUNC, TWIN_1, appdb, login, testStore } from './fixtures.js';
import { sqlErrorOf } from './errors.js';
import { createUserWithSid } from '../../src/sql/statements.js';

const names = (store: ReturnType<typeof testStore>) => appdb(store).principals.map((p) => p.name);

describe('transactions', () => {
  it('with XACT_ABORT ON, an error rolls the whole transaction back and ends the batch', () => {
    const store = testStore();
    const session = login(store);
    const before = structuredClone(appdb(store));
    const error = sqlErrorOf(() =>
      session.execute(
        `SET XACT_ABORT ON;
         BEGIN TRANSACTION;
         ${createUserWithSid('my-func', FUNC.appId).text}
         ALTER ROLE [db_datareader] ADD MEMBER [my-func];
         ALTER ROLE [db_nothing] ADD MEMBER [my-func];
         ALTER ROLE [db_datawriter] ADD MEMBER [my-func];
         COMMIT TRANSACTION;`,
      ),
    );
    expect(error).toMatchObject({ number: 15151, lineNumber: 5 });
    expect(appdb(store)).toEqual(before);
    expect(session.transactionCount).toBe(0);
    expect(store.saves).toBe(0);
    expect(session.executed.at(-1)).toBe('ALTER ROLE [db_nothing] ADD MEMBER [my-func]');
  });

  it('keeps a transaction open across batches and saves once at COMMIT', () => {
    const store = testStore();
    const session = login(store);
    session.execute('BEGIN TRAN');
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    session.execute('ALTER ROLE db_datareader ADD MEMBER [my-func]');
    expect(session.execute('SELECT @@TRANCOUNT AS n').recordsets[0]).toEqual([{ n: 1 }]);
    expect(store.saves).toBe(0);
    session.execute('COMMIT');
    expect(store.saves).toBe(1);
    expect(names(store)).toContain('my-func');
  });

  it('ROLLBACK restores the state from BEGIN, also after nested BEGINs', () => {
    const store = testStore();
    const session = login(store);
    session.execute('BEGIN TRANSACTION outer_tx; BEGIN TRAN');
    session.execute(createUserWithSid('my-func', FUNC.appId).text);
    session.execute('COMMIT TRAN; ROLLBACK TRANSACTION outer_tx');
    expect(names(store)).not.toContain('my-func');
    expect(session.transactionCount).toBe(0);
  });

  it('closing a session with an open transaction rolls it back', () => {
    const store = testStore();
    const session = login(store);
    session.execute(`BEGIN TRAN; ${createUserWithSid('my-func', FUNC.appId).text}`);
    session.close();
    expect(names(store)).not.toContain('my-func');
  });

  it('with XACT_ABORT OFF, a failing statement does not stop the batch; the first error is reported', () => {
    const store = testStore();
    const session = login(store);
    const error = sqlErrorOf(() =>
      session.execute(`ALTER ROLE [db_nothing] ADD MEMBER [dbo];\n${createUserWithSid('my-func', FUNC.appId).text}`),
    );
    expect(error).toMatchObject({ number: 15151, lineNumber: 1 });
    expect(names(store)).toContain('my-func');
  });

  it('answers 3902 and 3903 without a transaction', () => {
    const session = login(testStore());
    expect(sqlErrorOf(() => session.execute('COMMIT')).number).toBe(3902);
    expect(sqlErrorOf(() => session.execute('ROLLBACK')).number).toBe(3903);
  });
});

describe('syntax', () => {
  it('runs nothing from a batch with a syntax error anywhere', () => {
    const store = testStore();
    const session = login(store);
    const error = sqlErrorOf(() => session.execute(`${createUserWithSid('my-func', FUNC.appId).text}\nGO`));
    expect(error).toMatchObject({ number: 102, class: 15, message: "Incorrect syntax near 'GO'.", lineNumber: 2 });
    expect(names(store)).not.toContain('my-func');
  });

  it('refuses what it does not simulate instead of pretending', () => {
    const session = login(testStore());
    const error = (sql: string) => sqlErrorOf(() => session.execute(sql));
    expect(error('CREATE USER [x] WITHOUT LOGIN')).toMatchObject({ number: 102, message: "Incorrect syntax near 'WITHOUT'." });
    expect(error('CREATE TABLE t (id int)')).toMatchObject({ number: 156, message: "Incorrect syntax near the keyword 'TABLE'." });
    expect(error('CREATE USER [x] WITH SID = 0x01')).toMatchObject({ number: 102 });
    expect(error('CREATE USER [x] WITH SID = 0x01, TYPE = S')).toMatchObject({ message: "Incorrect syntax near 'S'." });
    expect(error("CREATE USER [x] WITH SID = '0x01', TYPE = E")).toMatchObject({ number: 102 });
    expect(error('ALTER ROLE [r] WITH NAME = [s]')).toMatchObject({ number: 156 });
    expect(error('EXEC sp_addrolemember N\'db_datareader\', N\'x\'')).toMatchObject({ number: 156 });
    expect(error('SET IMPLICIT_TRANSACTIONS ON')).toMatchObject({ number: 156 });
    expect(error('CREATE USER select WITH SID = 0x01, TYPE = E')).toMatchObject({ number: 156 });
    expect(error('SELECT name FROM')).toMatchObject({ message: "Incorrect syntax near the keyword 'FROM'." });
    expect(error("CREATE USER [x] FROM EXTERNAL PROVIDER WITH OBJECT_ID = 'not-a-guid'")).toMatchObject({ number: 8169 });
  });

  it("accepts the session settings tedious sends after login, and tedious's BEGIN TRAN batch", () => {
    const session = login(testStore());
    session.execute(
      'set textsize 2147483647\nset quoted_identifier on\nset arithabort off\nset numeric_roundabort off\nset ansi_warnings on\nset ansi_padding on\nset ansi_nulls on\nset concat_null_yields_null on\nset cursor_close_on_commit off\nset implicit_transactions off\nset language us_english\nset dateformat mdy\nset datefirst 7\nset transaction isolation level read committed',
    );
    session.execute('SET TRANSACTION ISOLATION LEVEL READ COMMITTED;BEGIN TRAN _tx1');
    expect(session.transactionCount).toBe(1);
    session.execute('SET XACT_ABORT ON');
    expect(session.xactAbortOn).toBe(true);
  });

  it('reads comments, quoted names and N strings in DDL', () => {
    const store = testStore();
    const session = login(store);
    session.execute(`/* set up */ CREATE USER "a""b" -- the app
      WITH SID = 0x${'AB'.repeat(16)}, TYPE = E;;
      ALTER ROLE [db_datareader] ADD MEMBER [a"b]`);
    session.execute(`CREATE USER [twin] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'${TWIN_1.objectId}'`);
    expect(names(store)).toEqual(expect.arrayContaining(['a"b', 'twin']));
    expect(session.executed).toEqual([
      `CREATE USER "a""b" -- the app\n      WITH SID = 0x${'AB'.repeat(16)}, TYPE = E`,
      'ALTER ROLE [db_datareader] ADD MEMBER [a"b]',
      `CREATE USER [twin] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'${TWIN_1.objectId}'`,
    ]);
  });
});
