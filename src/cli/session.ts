// One run's connection to Azure: the credential, the cloud, the ARM seam and the SQL connector.
// --demo swaps in the simulated Azure behind the very same seams.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { ArmContext } from '../azure/clients.js';
import type { AuthMethod } from '../azure/credential.js';
import type { Cloud } from '../azure/cloud.js';
import { DEFAULT_TIMING, type RetryTiming } from '../engine/context.js';
import type { SqlConnector } from '../sql/connection.js';
import type { Flags } from './args.js';

export interface Session {
  credential: TokenCredential;
  cloud: Cloud;
  arm: ArmContext;
  connector: SqlConnector;
  /** How the user signed in, in their words ("the Azure CLI"); filled once a token was obtained. */
  describeSignIn: () => string;
  /** Which sign-in gave the first token; undefined before one (and in --demo). */
  signedInThrough: () => AuthMethod | undefined;
  timing: RetryTiming;
  /** Set in --demo: where the simulated subscription is kept between runs. */
  demoStatePath?: string;
  /** The subscription to use when none is named; in --demo, the simulated "Azure CLI default". */
  defaultSubscriptionId?: string;
}

export interface SessionOptions {
  /** --debug: called with each ARM request's method, URL and status. */
  onRequest?: (line: string) => void;
}

export async function openSession(flags: Flags, env: NodeJS.ProcessEnv, options: SessionOptions = {}): Promise<Session> {
  const session = flags.demo ? await openDemoSession(env) : await openAzureSession(flags, env);
  return options.onRequest ? { ...session, arm: { ...session.arm, onRequest: options.onRequest } } : session;
}

async function openAzureSession(flags: Flags, env: NodeJS.ProcessEnv): Promise<Session> {
  // The SQL driver is the heaviest module: it loads in the background while sign-in and the questions go on.
  const driver = import('../sql/mssql-connector.js');
  driver.catch(() => undefined);
  const connectWithMssql: SqlConnector = async (options) => (await driver).connectWithMssql(options);
  const [{ resolveCloud }, { createCredential }] = await Promise.all([import('../azure/cloud.js'), import('../azure/credential.js')]);
  const cloud = await resolveCloud(flags.cloud, env);
  const { credential, describe, method } = createCredential(flags.auth, cloud);
  return {
    credential,
    cloud,
    arm: { credential, cloud },
    connector: connectWithMssql,
    describeSignIn: describe,
    signedInThrough: method,
    timing: DEFAULT_TIMING,
  };
}

/** Where --demo keeps its simulated subscription; delete the file to start over. */
export function demoStatePath(env: NodeJS.ProcessEnv): string {
  return env.AZSQL_MI_SETUP_DEMO_STATE || join(tmpdir(), 'azsql-mi-setup-demo.json');
}

async function openDemoSession(env: NodeJS.ProcessEnv): Promise<Session> {
  const [{ openFileStore }, { demoWorld }, { SimCredential }, { createSimArmHttpClient }, { createSimSqlConnector }, { BUILT_IN_CLOUDS }] =
    await Promise.all([
      import('../sim/store.js'),
      import('../sim/seed.js'),
      import('../sim/credential.js'),
      import('../sim/arm/index.js'),
      import('../sim/sql/index.js'),
      import('../azure/cloud.js'),
    ]);
  const path = demoStatePath(env);
  const store = openFileStore(path, demoWorld);
  const credential = new SimCredential(store);
  const cloud = BUILT_IN_CLOUDS.AzureCloud;
  return {
    credential,
    cloud,
    arm: { credential, cloud, httpClient: createSimArmHttpClient(store) },
    connector: createSimSqlConnector(store),
    describeSignIn: () => 'the simulated Azure (--demo)',
    signedInThrough: () => undefined,
    // The simulated firewall and admin take effect at once; a resuming database takes a few seconds.
    timing: { firewallDelaysMs: [300, 600, 1200], resumeDelaysMs: [1000, 1000, 2000, 2000, 3000], newAdminDelaysMs: [300, 600], newIdentityDelaysMs: [200, 400], pollIntervalMs: 200 },
    demoStatePath: path,
    defaultSubscriptionId: store.world.subscriptions[0]?.subscriptionId,
  };
}
