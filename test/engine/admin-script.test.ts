// --print-sql: the script a DBA runs must do exactly the plan's database part, and do nothing the second time.
import { describe, expect, it } from 'vitest';
import { adminScript } from '../../src/engine/admin-script.js';
import type { Change } from '../../src/engine/change.js';
import type { Observed } from '../../src/engine/observed.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import { FUNC, appdb, login, testStore } from '../sim-sql/fixtures.js';

const observed = {
  identity: { kind: 'system', enabled: true, attached: true, clientId: FUNC.appId, principalId: FUNC.objectId, displayName: 'my-func' },
  server: { fullyQualifiedDomainName: 'sqlsrv.database.windows.net' },
} as unknown as Pick<Observed, 'identity' | 'server'>;

function change(id: string, action: Change['action']): Change {
  return { id, kind: 'create', summary: id, detail: '', dependsOn: [], action };
}

const FIRST_RUN = [
  change('user', { type: 'create-user', userName: 'my-func', method: 'sid' }),
  change('role:add:db_datareader', { type: 'add-role', userName: 'my-func', role: 'db_datareader' }),
  change('role:add:db_datawriter', { type: 'add-role', userName: 'my-func', role: 'db_datawriter' }),
];

function rolesOf(store: ReturnType<typeof testStore>, user: string): string[] {
  const db = appdb(store);
  const member = db.principals.find((p) => p.name === user)!;
  return db.roleMembers.filter(([, m]) => m === member.principalId).map(([r]) => db.principals.find((p) => p.principalId === r)!.name).sort();
}

describe('the --print-sql script', () => {
  it('creates the user by SID with its roles, in one transaction, and changes nothing when run again', () => {
    const script = adminScript(FIRST_RUN, observed, 'appdb');
    expect(script).toContain(`IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE sid = 0x${sidHexFromClientId(FUNC.appId)})`);
    expect(script).toMatch(/^SET XACT_ABORT ON;\nBEGIN TRANSACTION;$/m);
    const store = testStore();
    login(store).execute(script);
    expect(appdb(store).principals.find((p) => p.name === 'my-func')!.sidHex).toBe(sidHexFromClientId(FUNC.appId));
    expect(rolesOf(store, 'my-func')).toEqual(['db_datareader', 'db_datawriter']);
    const before = JSON.stringify(appdb(store));
    login(store).execute(script);
    expect(JSON.stringify(appdb(store))).toBe(before);
  });

  it('removes a role only where the user has it, so it also runs twice', () => {
    const store = testStore();
    login(store).execute(adminScript(FIRST_RUN, observed, 'appdb'));
    const removal = adminScript([change('role:remove:db_datawriter', { type: 'remove-role', userName: 'my-func', role: 'db_datawriter' })], observed, 'appdb');
    expect(removal).toContain("IF IS_ROLEMEMBER(N'db_datawriter', N'my-func') = 1");
    login(store).execute(removal);
    login(store).execute(removal);
    expect(rolesOf(store, 'my-func')).toEqual(['db_datareader']);
  });

  it('a failing step keeps nothing: a role that does not exist rolls the new user back', () => {
    const store = testStore();
    const script = adminScript([...FIRST_RUN, change('role:add:nope', { type: 'add-role', userName: 'my-func', role: 'nope' })], observed, 'appdb');
    expect(() => login(store).execute(script)).toThrow(/nope/);
    expect(appdb(store).principals.some((p) => p.name === 'my-func')).toBe(false);
  });
});
