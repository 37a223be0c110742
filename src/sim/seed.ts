// The demo tenant: a small, realistic Contoso with the situations the wizard meets (an app with
// no identity yet, one with it on, a user-assigned identity; a server with no Entra admin, one whose
// admin is a group I am in, one whose admin is someone else). Ids come from a counter: runs repeat.
import { sidHexFromClientId } from '../sql/sid.js';
import { nextGuid } from './arm/ids.js';
import { FIXED_ROLES, newSimDatabase, nextPrincipalId } from './sql/database.js';
import type { DirectoryObject, SimDatabase, SimIdentityRef, SimSite, SimSqlServer, World } from './world.js';

const ALLOW_AZURE_SERVICES = { name: 'AllowAllWindowsAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' };

export function demoWorld(): World {
  const world: World = {
    tenantId: '',
    signedInObjectId: '',
    directory: [],
    subscriptions: [],
    callerIp: '203.0.113.7',
    nextId: 1,
  };
  world.tenantId = nextGuid(world);
  const alex = addUser(world, 'Alex Wilber', 'alex@contoso.onmicrosoft.com');
  const megan = addUser(world, 'Megan Bowen', 'megan@contoso.onmicrosoft.com');
  const sqlAdmins = addObject(world, { displayName: 'SQL Admins', kind: 'group', members: [alex.objectId] });
  world.signedInObjectId = alex.objectId;

  world.subscriptions.push(contosoDev(world, { sqlAdmins, megan }), contosoProd(world, sqlAdmins));
  return world;
}

function contosoDev(world: World, people: { sqlAdmins: DirectoryObject; megan: DirectoryObject }) {
  const subscriptionId = nextGuid(world);
  const sharedIdentity = addServicePrincipal(world, 'id-contoso-shared');
  const reportingIdentity = addServicePrincipal(world, 'id-contoso-reporting');
  const identityId = (name: string) =>
    `/subscriptions/${subscriptionId}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  const inventoryIdentity = addServicePrincipal(world, 'contoso-inventory-func');

  const orders = functionApp('contoso-orders-func', 'rg-orders', '198.51.100', 10);
  orders.slots.push({
    name: 'staging',
    identity: { userAssigned: [] },
    appSettings: { ...orders.appSettings, AzureWebJobsStorage: storageConnection('stcontosoordersstg') },
  });
  const inventory = functionApp('contoso-inventory-func', 'rg-inventory', '198.51.100', 40);
  inventory.identity.systemAssigned = inventoryIdentity;
  const portal: SimSite = {
    resourceGroup: 'rg-portal',
    name: 'contoso-portal',
    kind: 'app,linux',
    location: 'westeurope',
    identity: { userAssigned: [identityId('id-contoso-shared')] },
    appSettings: { WEBSITE_RUN_FROM_PACKAGE: '1', NODE_ENV: 'production' },
    possibleOutboundIpAddresses: outboundIps('198.51.100', 70),
    slots: [],
  };

  return {
    subscriptionId,
    displayName: 'Contoso Dev',
    resourceGroups: ['rg-orders', 'rg-inventory', 'rg-portal', 'rg-identities', 'rg-data', 'rg-legacy'],
    sites: [orders, inventory, portal],
    userAssignedIdentities: [
      { resourceGroup: 'rg-identities', name: 'id-contoso-shared', location: 'westeurope', ...sharedIdentity },
      { resourceGroup: 'rg-identities', name: 'id-contoso-reporting', location: 'westeurope', ...reportingIdentity },
    ],
    sqlServers: [
      sqlServer('contoso-sql', 'rg-data', {
        databases: [newSimDatabase('master'), ordersDatabase(), pausedDatabase('orders-archive')],
      }),
      sqlServer('contoso-sql-team', 'rg-data', {
        admin: groupAdmin(world, people.sqlAdmins),
        databases: [newSimDatabase('master'), databaseWithAppUser('inventory', 'contoso-inventory-func', inventoryIdentity)],
        extraRules: [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }],
      }),
      sqlServer('contoso-sql-legacy', 'rg-legacy', {
        admin: { login: people.megan.userPrincipalName!, sid: people.megan.objectId, tenantId: world.tenantId, principalType: 'User' },
        databases: [newSimDatabase('master'), newSimDatabase('crm')],
        extraRules: [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }],
      }),
    ],
  };
}

function contosoProd(world: World, sqlAdmins: DirectoryObject) {
  const subscriptionId = nextGuid(world);
  const app = functionApp('contoso-orders-func-prod', 'rg-orders-prod', '198.51.100', 100);
  app.location = 'northeurope';
  app.identity.systemAssigned = addServicePrincipal(world, 'contoso-orders-func-prod');
  return {
    subscriptionId,
    displayName: 'Contoso Prod',
    resourceGroups: ['rg-orders-prod', 'rg-data-prod'],
    sites: [app],
    userAssignedIdentities: [],
    sqlServers: [
      {
        ...sqlServer('contoso-sql-prod', 'rg-data-prod', {
          admin: groupAdmin(world, sqlAdmins),
          databases: [newSimDatabase('master'), newSimDatabase('orders')],
        }),
        location: 'northeurope',
      },
    ],
  };
}

function functionApp(name: string, resourceGroup: string, ipPrefix: string, firstIp: number): SimSite {
  return {
    resourceGroup,
    name,
    kind: 'functionapp,linux',
    location: 'westeurope',
    identity: { userAssigned: [] },
    appSettings: {
      FUNCTIONS_EXTENSION_VERSION: '~4',
      FUNCTIONS_WORKER_RUNTIME: 'python',
      AzureWebJobsStorage: storageConnection(`st${name.replace(/[^a-z0-9]/g, '').slice(0, 20)}`),
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
    },
    possibleOutboundIpAddresses: outboundIps(ipPrefix, firstIp),
    slots: [],
  };
}

/** Obviously fake: the key decodes to "simulated-not-a-secret". */
function storageConnection(account: string): string {
  return `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=c2ltdWxhdGVkLW5vdC1hLXNlY3JldA==;EndpointSuffix=core.windows.net`;
}

function outboundIps(prefix: string, first: number): string[] {
  return Array.from({ length: 8 }, (_, i) => `${prefix}.${first + i}`);
}

function sqlServer(
  name: string,
  resourceGroup: string,
  options: { databases: SimDatabase[]; admin?: SimSqlServer['admin']; extraRules?: SimSqlServer['firewallRules'] },
): SimSqlServer {
  return {
    resourceGroup,
    name,
    location: 'westeurope',
    fullyQualifiedDomainName: `${name}.database.windows.net`,
    publicNetworkAccess: 'Enabled',
    administratorLogin: 'sqladmin',
    ...(options.admin ? { admin: options.admin } : {}),
    azureADOnlyAuthentication: false,
    // Only "Allow Azure services": the demo's first connection from this machine meets 40615.
    firewallRules: [{ ...ALLOW_AZURE_SERVICES }, ...(options.extraRules ?? [])],
    databases: options.databases,
  };
}

function groupAdmin(world: World, group: DirectoryObject): SimSqlServer['admin'] {
  return { login: group.displayName, sid: group.objectId, tenantId: world.tenantId, principalType: 'Group' };
}

/** The orders database has a custom role besides the fixed ones. */
function ordersDatabase(): SimDatabase {
  const db = newSimDatabase('orders');
  db.principals.push({ principalId: nextPrincipalId(db), name: 'app_reporting', type: 'R', sidHex: null, isFixedRole: false });
  return db;
}

function pausedDatabase(name: string): SimDatabase {
  return { ...newSimDatabase(name), status: 'Paused', resumeMs: 3000 };
}

/** A database where an app's identity already has a user (made with its client id) and can read. */
function databaseWithAppUser(name: string, userName: string, identity: SimIdentityRef): SimDatabase {
  const db = newSimDatabase(name);
  const principalId = nextPrincipalId(db);
  db.principals.push({ principalId, name: userName, type: 'E', sidHex: sidHexFromClientId(identity.clientId), isFixedRole: false });
  db.roleMembers.push([FIXED_ROLES.db_datareader!, principalId]);
  return db;
}

function addUser(world: World, displayName: string, userPrincipalName: string): DirectoryObject {
  return addObject(world, { displayName, kind: 'user', userPrincipalName });
}

/** A managed identity's service principal: its object id is the principal id, its app id the client id. */
function addServicePrincipal(world: World, displayName: string): SimIdentityRef {
  const principalId = nextGuid(world);
  const clientId = nextGuid(world);
  world.directory.push({ objectId: principalId, displayName, kind: 'servicePrincipal', appId: clientId });
  return { principalId, clientId };
}

function addObject(world: World, object: Omit<DirectoryObject, 'objectId'>): DirectoryObject {
  const created = { objectId: nextGuid(world), ...object };
  world.directory.push(created);
  return created;
}
