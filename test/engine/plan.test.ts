import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import type { Observed, DatabaseUser } from '../../src/engine/observed.js';
import type { Target } from '../../src/engine/target.js';
import { UsageError } from '../../src/errors.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';

const ME = { objectId: '11111111-1111-1111-1111-111111111111', tenantId: 'tttttttt-0000-0000-0000-000000000000', kind: 'user' as const, name: 'alex@contoso.com' };
const CLIENT_ID = '01234567-89ab-cdef-0123-456789abcdef';
const SID = sidHexFromClientId(CLIENT_ID);
const ROLES = ['db_owner', 'db_datareader', 'db_datawriter', 'db_ddladmin', 'app_reporting'].map((name) => ({ name, isFixedRole: name.startsWith('db_') }));

function target(overrides: Partial<Target> = {}): Target {
  return {
    app: { subscriptionId: 'sub', resourceGroup: 'rg-app', name: 'orders-func' },
    identity: { kind: 'system' },
    server: { subscriptionId: 'sub', resourceGroup: 'rg-data', name: 'contoso-sql' },
    database: 'orders',
    rolesToAdd: [],
    rolesToRemove: [],
    createUser: 'sid',
    adminPolicy: 'keep',
    client: 'python',
    ...overrides,
  };
}

const SETTINGS_IN_PLACE = {
  AZURE_SQL_SERVER: 'contoso-sql.database.windows.net',
  AZURE_SQL_PORT: '1433',
  AZURE_SQL_DATABASE: 'orders',
  AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi',
};

function observed(overrides: {
  identityEnabled?: boolean;
  admin?: 'none' | 'me' | 'other';
  database?: Observed['database'];
  settings?: Record<string, string>;
} = {}): Observed {
  const enabled = overrides.identityEnabled ?? true;
  const admin = overrides.admin ?? 'me';
  return {
    me: ME,
    app: {
      id: '/subscriptions/sub/resourceGroups/rg-app/providers/Microsoft.Web/sites/orders-func',
      name: 'orders-func',
      resourceGroup: 'rg-app',
      kind: 'functionapp,linux',
      location: 'westeurope',
      identityType: enabled ? 'SystemAssigned' : 'None',
      ...(enabled ? { systemAssigned: { principalId: 'pppppppp-0000-0000-0000-000000000000', tenantId: ME.tenantId, clientId: CLIENT_ID } } : {}),
      userAssigned: [],
      possibleOutboundIpAddresses: [],
      settings: overrides.settings ?? { FUNCTIONS_WORKER_RUNTIME: 'python' },
    },
    identity: enabled
      ? { kind: 'system', enabled: true, attached: true, clientId: CLIENT_ID, principalId: 'p', displayName: 'orders-func' }
      : { kind: 'system', enabled: false, attached: false, displayName: 'orders-func' },
    server: {
      id: '/subscriptions/sub/resourceGroups/rg-data/providers/Microsoft.Sql/servers/contoso-sql',
      name: 'contoso-sql',
      resourceGroup: 'rg-data',
      subscriptionId: 'sub',
      location: 'westeurope',
      fullyQualifiedDomainName: 'contoso-sql.database.windows.net',
      publicNetworkAccess: 'Enabled',
      ...(admin === 'me' ? { admin: { login: ME.name, sid: ME.objectId, tenantId: ME.tenantId } } : {}),
      ...(admin === 'other' ? { admin: { login: 'SQL Admins', sid: '22222222-2222-2222-2222-222222222222', tenantId: ME.tenantId, principalType: 'Group' } } : {}),
      firewallRules: [],
    },
    database: overrides.database ?? { reachable: true, roles: ROLES },
  };
}

function user(roles: string[], sidHex = SID, name = 'orders-func'): DatabaseUser {
  return { name, type: 'E', sidHex, roles };
}

const kinds = (changes: ReturnType<typeof plan>) => Object.fromEntries(changes.map((c) => [c.id, c.kind]));

describe('plan', () => {
  it('first run from nothing: identity, admin, user, default roles and settings are all created', () => {
    const changes = plan(target(), observed({ identityEnabled: false, admin: 'none', database: { reachable: false, reason: 'no-admin' } }));
    expect(kinds(changes)).toEqual({
      identity: 'create',
      admin: 'create',
      user: 'create',
      'role:add:db_datareader': 'create',
      'role:add:db_datawriter': 'create',
      settings: 'create',
    });
    const admin = changes.find((c) => c.id === 'admin')!;
    expect(admin.action).toMatchObject({ type: 'set-admin', sid: ME.objectId, tenantId: ME.tenantId, login: ME.name });
    expect(changes.find((c) => c.id === 'user')!.detail).toContain("SID of the new identity's client id");
    expect(changes.find((c) => c.id === 'user')!.dependsOn).toEqual(['identity', 'admin']);
  });

  it('creates the user with the SID of the client id, never the principal id', () => {
    const changes = plan(target(), observed());
    const createUser = changes.find((c) => c.id === 'user')!;
    expect(createUser.kind).toBe('create');
    expect(createUser.detail).toBe(`CREATE USER [orders-func] WITH SID = 0x${SID}, TYPE = E;`);
    expect(SID).toBe('67452301AB89EFCD0123456789ABCDEF');
  });

  it('a rerun with everything in place is all no-ops', () => {
    const changes = plan(target(), observed({ database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader', 'db_datawriter']) }, settings: SETTINGS_IN_PLACE }));
    expect(changes.every((c) => c.kind === 'no-op')).toBe(true);
  });

  it('a rerun with one more role adds exactly that role', () => {
    const changes = plan(
      target({ rolesToAdd: ['db_ddladmin'] }),
      observed({ database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader', 'db_datawriter']) }, settings: SETTINGS_IN_PLACE }),
    );
    const pending = changes.filter((c) => c.kind !== 'no-op');
    expect(pending.map((c) => c.id)).toEqual(['role:add:db_ddladmin']);
    expect(pending[0]!.detail).toBe('ALTER ROLE [db_ddladmin] ADD MEMBER [orders-func];');
  });

  it('removing a role the user has deletes the membership; one it lacks plans nothing', () => {
    const changes = plan(
      target({ rolesToRemove: ['db_datawriter', 'db_ddladmin'] }),
      observed({ database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader', 'db_datawriter']) }, settings: SETTINGS_IN_PLACE }),
    );
    expect(changes.filter((c) => c.kind !== 'no-op').map((c) => [c.id, c.kind])).toEqual([['role:remove:db_datawriter', 'delete']]);
  });

  it('role names compare case-insensitively, as the database does', () => {
    const changes = plan(
      target({ rolesToAdd: ['DB_DataReader'] }),
      observed({ database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader']) }, settings: SETTINGS_IN_PLACE }),
    );
    expect(changes.every((c) => c.kind === 'no-op')).toBe(true);
  });

  it('a role that does not exist is an error before anything changes', () => {
    expect(() => plan(target({ rolesToAdd: ['db_readall'] }), observed())).toThrow(UsageError);
    expect(() => plan(target({ rolesToAdd: ['db_readall'] }), observed())).toThrow(/db_readall does not exist in database orders/);
  });

  it('custom roles that exist can be granted', () => {
    const changes = plan(target({ rolesToAdd: ['app_reporting'] }), observed());
    expect(kinds(changes)['role:add:app_reporting']).toBe('create');
  });

  it('a user of that name with another SID is blocked as stale, and nothing else is planned in the database', () => {
    const stale = user(['db_datareader'], 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const changes = plan(target(), observed({ database: { reachable: true, roles: ROLES, userByName: stale } }));
    const blocked = changes.find((c) => c.id === 'user')!;
    expect(blocked.kind).toBe('blocked');
    expect(blocked.detail).toContain('0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(blocked.detail).toContain(`0x${SID}`);
    expect(changes.some((c) => c.id.startsWith('role:'))).toBe(false);
  });

  it('a user of that name when the identity is not enabled yet is stale too (the new identity gets a new id)', () => {
    const changes = plan(target(), observed({ identityEnabled: false, database: { reachable: true, roles: ROLES, userByName: user([]) } }));
    expect(kinds(changes).user).toBe('blocked');
  });

  it('the identity already has a user under another name: that user gets the roles', () => {
    const changes = plan(
      target({ rolesToAdd: ['db_ddladmin'] }),
      observed({ database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader'], SID, 'legacy-name') }, settings: SETTINGS_IN_PLACE }),
    );
    expect(kinds(changes).user).toBe('no-op');
    expect(changes.find((c) => c.id === 'role:add:db_ddladmin')!.detail).toBe('ALTER ROLE [db_ddladmin] ADD MEMBER [legacy-name];');
  });

  it('admin is someone else and the login was refused: blocked, naming the admin and both ways forward', () => {
    const changes = plan(target(), observed({ admin: 'other', database: { reachable: false, reason: 'login-refused', detail: 'Login failed' } }));
    const admin = changes.find((c) => c.id === 'admin')!;
    expect(admin.kind).toBe('blocked');
    expect(admin.summary).toContain('SQL Admins');
    expect(admin.blocked!.options.join('\n')).toMatch(/--admin me/);
    expect(changes.some((c) => c.id === 'user' || c.id.startsWith('role:'))).toBe(false);
  });

  it('admin is someone else (a group I am in) and the login worked: kept, nothing to do', () => {
    const changes = plan(target(), observed({ admin: 'other', database: { reachable: true, roles: ROLES, userBySid: user(['db_datareader', 'db_datawriter']) }, settings: SETTINGS_IN_PLACE }));
    expect(changes.every((c) => c.kind === 'no-op')).toBe(true);
  });

  it('--admin me replaces someone else and says whom it replaces', () => {
    const changes = plan(target({ adminPolicy: 'me' }), observed({ admin: 'other', database: { reachable: false, reason: 'admin-replaced-by-plan' } }));
    const admin = changes.find((c) => c.id === 'admin')!;
    expect(admin.kind).toBe('update');
    expect(admin.summary).toContain('SQL Admins -> you');
    expect(admin.action).toMatchObject({ type: 'set-admin', replaces: 'SQL Admins' });
  });

  it('--admin me when I already am admin changes nothing', () => {
    expect(kinds(plan(target({ adminPolicy: 'me' }), observed())).admin).toBe('no-op');
  });

  it('an app signed in is matched as admin by its client id', () => {
    const app = { objectId: 'o', tenantId: ME.tenantId, kind: 'app' as const, name: 'ci-app', appId: '33333333-3333-3333-3333-333333333333' };
    const o = observed({ admin: 'none', database: { reachable: false, reason: 'no-admin' } });
    const changes = plan(target(), { ...o, me: app });
    expect(changes.find((c) => c.id === 'admin')!.action).toMatchObject({ sid: app.appId, principalType: 'Application' });
  });

  it('settings merge: only missing or different AZURE_SQL_* keys are written', () => {
    const changes = plan(target(), observed({ settings: { ...SETTINGS_IN_PLACE, AZURE_SQL_DATABASE: 'old-db', OTHER: 'x' } }));
    const settings = changes.find((c) => c.id === 'settings')!;
    expect(settings.kind).toBe('update');
    expect(settings.action).toEqual({ type: 'write-settings', settings: { AZURE_SQL_DATABASE: 'orders' } });
  });

  it('--client none writes no settings', () => {
    expect(kinds(plan(target({ client: 'none' }), observed())).settings).toBe('no-op');
  });

  it('a user-assigned identity not attached yet is attached, and the python settings carry its client id', () => {
    const resourceId = '/subscriptions/sub/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id';
    const o = observed();
    const withUser: Observed = { ...o, identity: { kind: 'user', enabled: true, attached: false, resourceId, clientId: CLIENT_ID, principalId: 'p', displayName: 'orders-id' } };
    const changes = plan(target({ identity: { kind: 'user', resourceId } }), withUser);
    expect(changes.find((c) => c.id === 'identity')).toMatchObject({ kind: 'create', action: { type: 'attach-user-identity', resourceId } });
    expect(changes.find((c) => c.id === 'user')!.detail).toContain('CREATE USER [orders-id]');
    expect(changes.find((c) => c.id === 'settings')!.action).toMatchObject({ settings: { AZURE_SQL_USER: CLIENT_ID } });
  });

  it('FROM EXTERNAL PROVIDER when asked', () => {
    const changes = plan(target({ createUser: 'external-provider' }), observed());
    expect(changes.find((c) => c.id === 'user')!.detail).toBe('CREATE USER [orders-func] FROM EXTERNAL PROVIDER;');
  });

  it('a slot is named <app>/slots/<slot>', () => {
    const o = observed();
    const slot: Observed = { ...o, app: { ...o.app, slot: 'staging' }, identity: { ...o.identity, displayName: 'orders-func/slots/staging' } };
    const changes = plan(target({ app: { subscriptionId: 'sub', resourceGroup: 'rg-app', name: 'orders-func', slot: 'staging' } }), slot);
    expect(changes.find((c) => c.id === 'user')!.detail).toContain('[orders-func/slots/staging]');
  });
});

describe('plan: the server refuses me although ARM lists me as admin', () => {
  it('is blocked, blaming the tenant when the token is from another one', () => {
    const o = observed({ admin: 'me', database: { reachable: false, reason: 'login-refused', detail: "Login failed for user '<token-identified principal>'." } });
    const otherTenant = { ...o, server: { ...o.server, admin: { ...o.server.admin!, tenantId: 'ffffffff-0000-0000-0000-000000000000' } } };
    const admin = plan(target(), otherTenant).find((c) => c.id === 'admin')!;
    expect(admin.kind).toBe('blocked');
    expect(admin.blocked!.reason).toContain('ffffffff-0000-0000-0000-000000000000');
    expect(admin.blocked!.options[0]).toContain('az login --tenant ffffffff-0000-0000-0000-000000000000');
  });

  it('with --admin me, sets the admin again', () => {
    const o = observed({ admin: 'me', database: { reachable: false, reason: 'login-refused' } });
    const admin = plan(target({ adminPolicy: 'me' }), o).find((c) => c.id === 'admin')!;
    expect(admin.kind).toBe('update');
    expect(admin.action).toMatchObject({ type: 'set-admin', sid: ME.objectId });
  });
});
