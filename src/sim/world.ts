// The simulated tenant and subscription: plain, JSON-serialisable state shared by the simulated
// ARM (sim/arm) and the simulated SQL server (sim/sql). --demo keeps it in a file between runs.

export interface DirectoryObject {
  objectId: string;
  displayName: string;
  kind: 'user' | 'group' | 'servicePrincipal';
  /** Users only. */
  userPrincipalName?: string;
  /** Service principals (managed identities included): the application (client) id. */
  appId?: string;
  /** Groups only: member object ids. */
  members?: string[];
}

export interface SimIdentityRef {
  principalId: string;
  clientId: string;
}

export interface SimSiteIdentity {
  /** Present when the system-assigned identity is enabled. */
  systemAssigned?: SimIdentityRef;
  /** Resource ids of attached user-assigned identities. */
  userAssigned: string[];
}

export interface SimSlot {
  name: string;
  identity: SimSiteIdentity;
  appSettings: Record<string, string>;
}

export interface SimSite {
  resourceGroup: string;
  name: string;
  /** e.g. 'functionapp,linux' or 'app,linux'. */
  kind: string;
  location: string;
  identity: SimSiteIdentity;
  appSettings: Record<string, string>;
  possibleOutboundIpAddresses: string[];
  slots: SimSlot[];
}

export interface SimUserAssignedIdentity {
  resourceGroup: string;
  name: string;
  location: string;
  principalId: string;
  clientId: string;
}

export interface SimDbPrincipal {
  principalId: number;
  name: string;
  /** sys.database_principals.type: 'S' SQL user, 'E' external user/app, 'X' external group, 'R' role. */
  type: 'S' | 'U' | 'E' | 'X' | 'R' | 'A';
  /** 16-byte SID as upper-case hex without 0x; null for roles. */
  sidHex: string | null;
  isFixedRole: boolean;
  /** Name of a schema this principal owns, if any (dropping it fails with 15138). */
  ownsSchema?: string;
}

export interface SimDatabase {
  name: string;
  /** 'Paused' (serverless) databases answer 40613 until they have resumed. */
  status: 'Online' | 'Paused' | 'Resuming';
  /** When a resume started (epoch ms); the database is Online resumeMs after it. */
  resumeStartedAt?: number;
  resumeMs?: number;
  principals: SimDbPrincipal[];
  /** [rolePrincipalId, memberPrincipalId] pairs. */
  roleMembers: [number, number][];
}

export interface SimSqlServerAdmin {
  login: string;
  sid: string;
  tenantId: string;
  principalType: 'User' | 'Group' | 'Application';
}

export interface SimFirewallRule {
  name: string;
  startIpAddress: string;
  endIpAddress: string;
}

export interface SimSqlServer {
  resourceGroup: string;
  name: string;
  location: string;
  /** e.g. '<name>.database.windows.net' */
  fullyQualifiedDomainName: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  administratorLogin?: string;
  admin?: SimSqlServerAdmin;
  azureADOnlyAuthentication: boolean;
  /**
   * The server's identity holds Directory Readers: without it, an app (not a user) running
   * CREATE USER ... FROM EXTERNAL PROVIDER gets 33134. Absent means no.
   */
  directoryReaders?: boolean;
  firewallRules: SimFirewallRule[];
  databases: SimDatabase[];
}

export interface SimSubscription {
  subscriptionId: string;
  displayName: string;
  resourceGroups: string[];
  sites: SimSite[];
  userAssignedIdentities: SimUserAssignedIdentity[];
  sqlServers: SimSqlServer[];
}

export interface World {
  tenantId: string;
  /** Object id of the signed-in directory object ("me"). */
  signedInObjectId: string;
  directory: DirectoryObject[];
  subscriptions: SimSubscription[];
  /** The public IP the simulated SQL server sees for this machine (named in 40615 errors). */
  callerIp: string;
  /** Counter for ids the simulation makes (principals, client ids), so runs are reproducible. */
  nextId: number;
}
