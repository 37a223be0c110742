// The plain value that both the wizard and the flags produce: what the user wants, fully resolved.

export type IdentityChoice =
  | { kind: 'system' }
  | { kind: 'user'; resourceId: string };

export type ClientLanguage = 'python' | 'node' | 'dotnet' | 'none';
export type CreateUserMethod = 'sid' | 'external-provider';
export type AdminPolicy = 'keep' | 'me';

export interface ServerRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface AppRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** A deployment slot has its own identity and settings. */
  slot?: string;
}

export interface SqlEndpoint {
  host: string;
  port: number;
}

export interface Target {
  app: AppRef;
  identity: IdentityChoice;
  server: ServerRef;
  database: string;
  /** Roles to add; empty means "the defaults on a first run, nothing on a rerun". */
  rolesToAdd: string[];
  rolesToRemove: string[];
  /** Database user name; undefined means the identity's display name (AZURE-FACTS). */
  userName?: string;
  createUser: CreateUserMethod;
  adminPolicy: AdminPolicy;
  client: ClientLanguage;
  /** Connect here instead of the server's own name (tunnel, private path); TLS still checks the real name. */
  sqlEndpoint?: SqlEndpoint;
}

/** Least privilege for an app that reads and writes data. */
export const DEFAULT_ROLES = ['db_datareader', 'db_datawriter'] as const;
