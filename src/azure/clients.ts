// The one place every ARM SDK client is built: endpoint and token scope from the cloud, the
// simulator's httpClient when given, our user agent. Clients are built on first use.
// The SDK modules are the heaviest part of start-up: loadArmSdks() loads them in the background
// while the user signs in and reads the first question.

import type { WebSiteManagementClient } from '@azure/arm-appservice';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { SqlManagementClient, SqlManagementClientOptionalParams } from '@azure/arm-sql';
import type { TokenCredential } from '@azure/identity';
import packageJson from '../../package.json' with { type: 'json' };
import type { Cloud } from './cloud.js';

/** The SDKs' pluggable transport (an in-process handler in tests and --demo). */
export type HttpClient = NonNullable<SqlManagementClientOptionalParams['httpClient']>;

export interface ArmContext {
  credential: TokenCredential;
  cloud: Cloud;
  /** The simulator seam: requests go here instead of the network. */
  httpClient?: HttpClient;
  /** Called with each request's method, URL and status (for --debug); never with headers, which hold the token. */
  onRequest?: (line: string) => void;
}

type PipelinePolicy = NonNullable<SqlManagementClientOptionalParams['additionalPolicies']>[number];

/** Options every client takes the same way: user agent, transport, the --debug request log. */
function commonOptions(ctx: ArmContext) {
  return {
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    ...(ctx.httpClient ? { httpClient: ctx.httpClient } : {}),
    ...(ctx.onRequest ? { additionalPolicies: [requestLogPolicy(ctx.onRequest)] } : {}),
  };
}

function requestLogPolicy(log: (line: string) => void): PipelinePolicy {
  return {
    position: 'perRetry',
    policy: {
      name: 'azsql-mi-setup-request-log',
      async sendRequest(request, next) {
        const started = Date.now();
        try {
          const response = await next(request);
          log(`${request.method} ${request.url} -> ${response.status} (${Date.now() - started} ms)`);
          return response;
        } catch (error) {
          log(`${request.method} ${request.url} -> ${(error as Error).message}`);
          throw error;
        }
      },
    },
  };
}

interface ArmSdks {
  WebSiteManagementClient: typeof WebSiteManagementClient;
  ManagedServiceIdentityClient: typeof ManagedServiceIdentityClient;
  SubscriptionClient: typeof SubscriptionClient;
  SqlManagementClient: typeof SqlManagementClient;
}

let sdks: ArmSdks | undefined;
let sdksLoading: Promise<ArmSdks> | undefined;

/** Loads the ARM SDK modules once; start it early, await it before building clients. */
export function loadArmSdks(): Promise<ArmSdks> {
  sdksLoading ??= Promise.all([
    import('@azure/arm-appservice'),
    import('@azure/arm-msi'),
    import('@azure/arm-resources-subscriptions'),
    import('@azure/arm-sql'),
  ]).then(([web, msi, subscriptions, sql]) => {
    sdks = {
      WebSiteManagementClient: exported(web, 'WebSiteManagementClient'),
      ManagedServiceIdentityClient: exported(msi, 'ManagedServiceIdentityClient'),
      SubscriptionClient: exported(subscriptions, 'SubscriptionClient'),
      SqlManagementClient: exported(sql, 'SqlManagementClient'),
    };
    return sdks;
  });
  return sdksLoading;
}

/** A named export of a dynamically imported module; bundled CommonJS modules put theirs under `default`. */
function exported<M extends object, K extends keyof M>(module: M, name: K): M[K] {
  const value = module[name] ?? (module as { default?: M }).default?.[name];
  if (value === undefined) throw new Error(`Bug: the Azure SDK module has no export ${String(name)}.`);
  return value;
}

function loadedSdks(): ArmSdks {
  if (!sdks) throw new Error('Bug: an ARM client was needed before loadArmSdks() finished.');
  return sdks;
}

export const USER_AGENT_PREFIX = `azsql-mi-setup/${packageJson.version}`;

export interface ArmClients {
  readonly subscriptionId: string;
  readonly web: WebSiteManagementClient;
  readonly sql: SqlManagementClient;
  readonly msi: ManagedServiceIdentityClient;
  /** The same clients for another subscription (a server or identity may live elsewhere); memoised. */
  inSubscription(subscriptionId: string): ArmClients;
}

/** Options shared by the older (core-client) SDKs, which take the scope as `credentialScopes`. */
function classicOptions(ctx: ArmContext) {
  return {
    endpoint: ctx.cloud.resourceManagerEndpoint,
    $host: ctx.cloud.resourceManagerEndpoint,
    credentialScopes: [ctx.cloud.armScope],
    ...commonOptions(ctx),
  };
}

export function createArmClients(ctx: ArmContext, subscriptionId: string): ArmClients {
  const bySubscription = new Map<string, ArmClients>();
  const build = (id: string): ArmClients => {
    let web: WebSiteManagementClient | undefined;
    let sql: SqlManagementClient | undefined;
    let msi: ManagedServiceIdentityClient | undefined;
    const clients: ArmClients = {
      subscriptionId: id,
      get web() {
        // arm-appservice 19 is the newer generated client: scopes go in `credentials.scopes`.
        web ??= new (loadedSdks().WebSiteManagementClient)(ctx.credential, id, {
          endpoint: ctx.cloud.resourceManagerEndpoint,
          credentials: { scopes: [ctx.cloud.armScope] },
          ...commonOptions(ctx),
        });
        return web;
      },
      get sql() {
        sql ??= new (loadedSdks().SqlManagementClient)(ctx.credential, id, classicOptions(ctx));
        return sql;
      },
      get msi() {
        msi ??= new (loadedSdks().ManagedServiceIdentityClient)(ctx.credential, id, classicOptions(ctx));
        return msi;
      },
      inSubscription(other: string) {
        const key = other.toLowerCase();
        let found = bySubscription.get(key);
        if (!found) {
          found = build(other);
          bySubscription.set(key, found);
        }
        return found;
      },
    };
    return clients;
  };
  const first = build(subscriptionId);
  bySubscription.set(subscriptionId.toLowerCase(), first);
  return first;
}

export function createSubscriptionClient(ctx: ArmContext): SubscriptionClient {
  return new (loadedSdks().SubscriptionClient)(ctx.credential, classicOptions(ctx));
}
