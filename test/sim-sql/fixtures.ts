// A small tenant with one SQL server and database, tokens for its principals, and a store that counts saves.
import type { WorldStore } from '../../src/sim/store.js';
import type { World } from '../../src/sim/world.js';
import { newSimDatabase } from '../../src/sim/sql/database.js';
import { loginToSimSql, type SimSqlLoginRequest } from '../../src/sim/sql/login.js';

export const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
export const ME = { oid: '11111111-1111-4111-8111-111111111111', upn: 'me@contoso.com' };
export const DEV = { oid: '22222222-2222-4222-8222-222222222222', upn: 'dev@contoso.com' };
export const ADMINS_GROUP = '33333333-3333-4333-8333-333333333333';
export const READERS_GROUP = '3a3a3a3a-3333-4333-8333-333333333333';
export const FUNC = { objectId: '44444444-4444-4444-8444-444444444444', appId: '55555555-5555-4555-8555-555555555555' };
export const TWIN_1 = { objectId: '66666666-6666-4666-8666-666666666666', appId: '67676767-6666-4666-8666-666666666666' };
export const TWIN_2 = { objectId: '77777777-7777-4777-8777-777777777777', appId: '78787878-7777-4777-8777-777777777777' };
export const DEPLOYER = { objectId: '88888888-8888-4888-8888-888888888888', appId: '99999999-9999-4999-8999-999999999999' };
export const SERVER = 'sqlsrv.database.windows.net';
export const CALLER_IP = '203.0.113.7';

export function testWorld(): World {
  return {
    tenantId: TENANT,
    signedInObjectId: ME.oid,
    callerIp: CALLER_IP,
    nextId: 1,
    directory: [
      { objectId: ME.oid, displayName: 'Me', kind: 'user', userPrincipalName: ME.upn },
      { objectId: DEV.oid, displayName: 'Dev', kind: 'user', userPrincipalName: DEV.upn },
      { objectId: ADMINS_GROUP, displayName: 'sql-admins', kind: 'group', members: [DEV.oid] },
      { objectId: READERS_GROUP, displayName: 'readers', kind: 'group', members: [ADMINS_GROUP] },
      { objectId: FUNC.objectId, displayName: 'my-func', kind: 'servicePrincipal', appId: FUNC.appId },
      { objectId: TWIN_1.objectId, displayName: 'twin-app', kind: 'servicePrincipal', appId: TWIN_1.appId },
      { objectId: TWIN_2.objectId, displayName: 'twin-app', kind: 'servicePrincipal', appId: TWIN_2.appId },
      { objectId: DEPLOYER.objectId, displayName: 'deployer', kind: 'servicePrincipal', appId: DEPLOYER.appId },
    ],
    subscriptions: [
      {
        subscriptionId: 'bbbbbbbb-0000-4000-8000-000000000002',
        displayName: 'Test',
        resourceGroups: ['rg'],
        sites: [
          {
            resourceGroup: 'rg',
            name: 'my-func',
            kind: 'functionapp,linux',
            location: 'westeurope',
            identity: { systemAssigned: { principalId: FUNC.objectId, clientId: FUNC.appId }, userAssigned: [] },
            appSettings: {},
            possibleOutboundIpAddresses: ['20.0.0.1', '20.0.0.2'],
            slots: [],
          },
        ],
        userAssignedIdentities: [],
        sqlServers: [
          {
            resourceGroup: 'rg',
            name: 'sqlsrv',
            location: 'westeurope',
            fullyQualifiedDomainName: SERVER,
            publicNetworkAccess: 'Enabled',
            admin: { login: ME.upn, sid: ME.oid, tenantId: TENANT, principalType: 'User' },
            azureADOnlyAuthentication: true,
            firewallRules: [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.15' }],
            databases: [newSimDatabase('appdb')],
          },
        ],
      },
    ],
  };
}

export function testStore(world: World = testWorld()): WorldStore & { saves: number } {
  const store = {
    world,
    saves: 0,
    save() {
      store.saves++;
    },
  };
  return store;
}

export function server(store: WorldStore) {
  return store.world.subscriptions[0]!.sqlServers[0]!;
}

export function appdb(store: WorldStore) {
  return server(store).databases[0]!;
}

/** An unsigned JWT with the given claims: the simulator reads claims and never validates. */
export function tokenFor(claims: Record<string, string>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ aud: 'https://database.windows.net/', ...claims })}.sig`;
}

export const userToken = (user: { oid: string; upn: string }, tid = TENANT) => tokenFor({ oid: user.oid, tid, upn: user.upn });
export const appToken = (app: { objectId: string; appId: string }, tid = TENANT) =>
  tokenFor({ oid: app.objectId, tid, appid: app.appId, idtyp: 'app' });

export function login(store: WorldStore, accessToken = userToken(ME), request: Partial<SimSqlLoginRequest> = {}) {
  return loginToSimSql(store, { serverName: SERVER, database: 'appdb', accessToken, clientIp: CALLER_IP, ...request });
}
