// What observe() read from Azure and the database: plain data, the input of the pure plan().

/** Who is signed in, from the ARM token's claims (no Graph call). */
export interface Me {
  objectId: string;
  tenantId: string;
  kind: 'user' | 'app';
  /** UPN for a user; the application id for an app. */
  name: string;
  /** Set for apps (service principals): their client id. */
  appId?: string;
}

export interface UserAssignedIdentityInfo {
  resourceId: string;
  name: string;
  clientId: string;
  principalId: string;
}

export interface ObservedApp {
  id: string;
  name: string;
  resourceGroup: string;
  slot?: string;
  kind: string;
  location: string;
  defaultHostName?: string;
  /** The managed identity type as ARM reports it, e.g. 'SystemAssigned, UserAssigned' or 'None'. */
  identityType: string;
  systemAssigned?: { principalId: string; tenantId: string; clientId: string };
  userAssigned: UserAssignedIdentityInfo[];
  possibleOutboundIpAddresses: string[];
  settings: Record<string, string>;
}

export interface ServerAdmin {
  login: string;
  /** Object id (users, groups) or client id (apps), as ARM reports it. */
  sid: string;
  tenantId: string;
  principalType?: 'User' | 'Group' | 'Application' | string;
}

export interface ObservedServer {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  fullyQualifiedDomainName: string;
  publicNetworkAccess: 'Enabled' | 'Disabled' | string;
  admin?: ServerAdmin;
  azureADOnlyAuthentication?: boolean;
  firewallRules: { name: string; startIpAddress: string; endIpAddress: string }[];
}

export interface DatabaseUser {
  name: string;
  /** sys.database_principals.type: E external user/app, X external group, S SQL user, ... */
  type: string;
  /** The 16-byte SID as upper-case hex without 0x, or undefined for principals without one. */
  sidHex?: string;
  roles: string[];
}

/** The database as seen through an admin connection. */
export type ObservedDatabase =
  | {
      reachable: true;
      roles: { name: string; isFixedRole: boolean }[];
      /** The user with the target's name, if any. */
      userByName?: DatabaseUser;
      /** A user (any name) whose SID is the identity's, if any. */
      userBySid?: DatabaseUser;
    }
  | {
      reachable: false;
      /** Why the database could not be read yet (no admin yet, login refused, ...). */
      reason: 'no-admin' | 'admin-replaced-by-plan' | 'login-refused' | 'dry-run-firewall' | 'not-read';
      detail?: string;
    };

export interface Observed {
  me: Me;
  app: ObservedApp;
  /** The identity the target names, resolved; clientId is missing only when the system identity is not enabled yet. */
  identity: {
    kind: 'system' | 'user';
    enabled: boolean;
    /** The user-assigned identity is attached to the app already. */
    attached: boolean;
    resourceId?: string;
    clientId?: string;
    principalId?: string;
    /** The default database user name for this identity (AZURE-FACTS convention). */
    displayName: string;
  };
  server: ObservedServer;
  database: ObservedDatabase;
  /** Set when connecting needed a temporary firewall rule for this IP. */
  firewallIpNeeded?: string;
}
