// How Microsoft.Sql shows servers, admins, firewall rules and databases (the api-versions
// @azure/arm-sql 10 sends: 2022-08-01-preview for servers and databases, 2020-11-01-preview else).
import type { SimDatabase, SimFirewallRule, SimSqlServer, SimSqlServerAdmin } from '../world.js';
import { guidFromText } from './ids.js';

export function serverId(subscriptionId: string, server: SimSqlServer): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${server.resourceGroup}/providers/Microsoft.Sql/servers/${server.name}`;
}

export function serverJson(subscriptionId: string, server: SimSqlServer): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    version: '12.0',
    state: 'Ready',
    fullyQualifiedDomainName: server.fullyQualifiedDomainName,
    privateEndpointConnections: [],
    minimalTlsVersion: '1.2',
    publicNetworkAccess: server.publicNetworkAccess,
    restrictOutboundNetworkAccess: 'Disabled',
  };
  if (server.administratorLogin) properties.administratorLogin = server.administratorLogin;
  if (server.admin) {
    properties.administrators = {
      administratorType: 'ActiveDirectory',
      principalType: server.admin.principalType,
      login: server.admin.login,
      sid: server.admin.sid,
      tenantId: server.admin.tenantId,
      azureADOnlyAuthentication: server.azureADOnlyAuthentication,
    };
  }
  return {
    id: serverId(subscriptionId, server),
    name: server.name,
    type: 'Microsoft.Sql/servers',
    location: server.location,
    kind: 'v12.0',
    tags: {},
    properties,
  };
}

export function adminJson(subscriptionId: string, server: SimSqlServer, admin: SimSqlServerAdmin) {
  return {
    id: `${serverId(subscriptionId, server)}/administrators/ActiveDirectory`,
    name: 'ActiveDirectory',
    type: 'Microsoft.Sql/servers/administrators',
    properties: {
      administratorType: 'ActiveDirectory',
      login: admin.login,
      sid: admin.sid,
      tenantId: admin.tenantId,
      azureADOnlyAuthentication: server.azureADOnlyAuthentication,
    },
  };
}

export function adOnlyJson(subscriptionId: string, server: SimSqlServer) {
  return {
    id: `${serverId(subscriptionId, server)}/azureADOnlyAuthentications/Default`,
    name: 'Default',
    type: 'Microsoft.Sql/servers/azureADOnlyAuthentications',
    properties: { azureADOnlyAuthentication: server.azureADOnlyAuthentication },
  };
}

export function firewallRuleJson(subscriptionId: string, server: SimSqlServer, rule: SimFirewallRule) {
  return {
    id: `${serverId(subscriptionId, server)}/firewallRules/${rule.name}`,
    name: rule.name,
    type: 'Microsoft.Sql/servers/firewallRules',
    properties: { startIpAddress: rule.startIpAddress, endIpAddress: rule.endIpAddress },
  };
}

export function databaseJson(subscriptionId: string, server: SimSqlServer, database: SimDatabase, now = Date.now()) {
  const id = `${serverId(subscriptionId, server)}/databases/${database.name}`;
  const isMaster = database.name.toLowerCase() === 'master';
  const sku = isMaster
    ? { name: 'System', tier: 'System', capacity: 0 }
    : { name: 'GP_S_Gen5', tier: 'GeneralPurpose', family: 'Gen5', capacity: 2 };
  const properties: Record<string, unknown> = {
    collation: 'SQL_Latin1_General_CP1_CI_AS',
    catalogCollation: 'SQL_Latin1_General_CP1_CI_AS',
    maxSizeBytes: isMaster ? 32212254720 : 34359738368,
    status: databaseStatus(database, now),
    databaseId: guidFromText(id.toLowerCase()),
    creationDate: '2025-01-15T09:30:00.000Z',
    currentServiceObjectiveName: isMaster ? 'System0' : 'GP_S_Gen5_2',
    requestedServiceObjectiveName: isMaster ? 'System0' : 'GP_S_Gen5_2',
    currentSku: sku,
    zoneRedundant: false,
    readScale: 'Disabled',
    isLedgerOn: false,
  };
  if (!isMaster) Object.assign(properties, { autoPauseDelay: 60, minCapacity: 0.5 });
  return {
    id,
    name: database.name,
    type: 'Microsoft.Sql/servers/databases',
    location: server.location,
    kind: isMaster ? 'v12.0,system' : 'v12.0,user,vcore,serverless',
    sku,
    properties,
  };
}

/** A resuming database reads Online once its resume time has passed. */
function databaseStatus(database: SimDatabase, now: number): string {
  if (database.status !== 'Resuming') return database.status;
  const ready = (database.resumeStartedAt ?? 0) + (database.resumeMs ?? 0);
  return now >= ready ? 'Online' : 'Resuming';
}
