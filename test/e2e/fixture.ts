// The built CLI, spawned WITHOUT --demo, against endpoints it cannot tell from Azure: the simulated ARM
// over HTTPS as a custom cloud (ARM_CLOUD_METADATA_URL), a stand-in `az` first on PATH for --auth cli,
// and the TDS test server behind --sql-endpoint, all trusting one test CA via NODE_EXTRA_CA_CERTS.
// Both servers run here, in the test process, over one in-memory world, so what the CLI changes
// through ARM (a firewall rule, the admin) is what the SQL server sees at the next login.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SIM_CLOUD_NAME, startSimArmServer, type SimArmServer } from '../../src/sim/arm/index.js';
import { createMemoryStore, type WorldStore } from '../../src/sim/store.js';
import type { DirectoryObject, World } from '../../src/sim/world.js';
import { BIN } from '../cli/run-cli.js';
import type { TdsBackend } from '../tds/backend.js';
import { startTdsServer, type TdsServer } from '../tds/server.js';
import { simSqlBackend } from '../tds/sim-backend.js';
import { makeE2eCertificates, type E2eCertificates } from './certs.js';

const AZ_STAND_IN = fileURLToPath(new URL('./az-stand-in.mjs', import.meta.url));
/** A run that outlives this is killed, so a hung CLI fails its test instead of the suite. */
const RUN_LIMIT_MS = 15_000;

export interface StartOptions {
  /** The SQL server's view of the world (default: the same store ARM uses). */
  sqlStore?: (store: WorldStore) => WorldStore | (() => WorldStore);
  /** Wraps the SQL backend, e.g. to play another admin changing the database meanwhile. */
  wrapBackend?: (backend: TdsBackend, store: WorldStore) => TdsBackend;
}

export interface RunOptions {
  /** Who `az` says is signed in; default the world's signed-in object; null: nobody (no `az login`). */
  signedIn?: DirectoryObject | null;
  /** Replaces the TDS server's address in --sql-endpoint. */
  sqlEndpoint?: string;
  /** Sends SIGINT (Ctrl+C) once the output so far satisfies this. */
  interruptWhen?: (output: string) => boolean;
  /** The signal interruptWhen sends instead of SIGINT (a pipeline cancelling the job sends SIGTERM). */
  interruptSignal?: NodeJS.Signals;
  /** Leave out --subscription, so the CLI picks the Azure CLI profile's default. */
  noSubscription?: boolean;
  /** The spawned process, for a test that signals it from elsewhere (e.g. mid-request). */
  started?: (child: ChildProcess) => void;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as one text, for "the message a user reads". */
  output: string;
  /** Every token the stand-in `az` handed out in this run, with the resource it was for. */
  issued: { resource: string; token: string }[];
}

export interface Stage {
  store: WorldStore;
  arm: SimArmServer;
  tds: TdsServer;
  /** --sql-endpoint for the TDS server. */
  endpoint: string;
  run(args: string[], options?: RunOptions): Promise<CliRun>;
}

export interface E2e {
  start(world: World, options?: StartOptions): Promise<Stage>;
}

export function useE2e(sqlHostnames = ['contoso-sql.database.windows.net']): E2e {
  let certs: E2eCertificates | undefined;
  const open: { close(): Promise<void> }[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    certs = await makeE2eCertificates(sqlHostnames);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await certs?.remove();
  });

  return {
    async start(world, options = {}) {
      const store = createMemoryStore(world);
      const arm = await startSimArmServer(store, certs!.arm);
      open.push(arm);
      const sqlStore = options.sqlStore?.(store) ?? store;
      const backend = simSqlBackend(sqlStore);
      const tds = await startTdsServer({
        backend: options.wrapBackend ? options.wrapBackend(backend, store) : backend,
        ...certs!.sql,
        clientIpSeenAs: world.callerIp,
      });
      open.push(tds);
      const endpoint = `127.0.0.1:${tds.port}`;
      const run = (args: string[], runOptions: RunOptions = {}) => {
        const dir = mkdtempSync(join(tmpdir(), 'e2e-run-'));
        dirs.push(dir);
        const signedIn = runOptions.signedIn === undefined ? signedInObject(store.world) : runOptions.signedIn;
        const env = prepareMachine(dir, store.world, signedIn, { arm, caFile: certs!.caFile });
        const base = ['--auth', 'cli', '--cloud', SIM_CLOUD_NAME, '--sql-endpoint', runOptions.sqlEndpoint ?? endpoint];
        const subscription = runOptions.noSubscription ? [] : ['--subscription', store.world.subscriptions[0]!.subscriptionId];
        return spawnCli([...base, ...subscription, ...args], env, dir, runOptions);
      };
      return { store, arm, tds, endpoint, run };
    },
  };
}

function signedInObject(world: World): DirectoryObject {
  const me = world.directory.find((o) => o.objectId === world.signedInObjectId);
  if (!me) throw new Error('test world has no signed-in object');
  return me;
}

/** A machine as a user has it after `az login`: az on PATH, the CLI's profile, the test CA trusted. */
function prepareMachine(dir: string, world: World, signedIn: DirectoryObject | null, servers: { arm: SimArmServer; caFile: string }): NodeJS.ProcessEnv {
  const bin = join(dir, 'bin');
  const state = join(dir, 'az-state');
  const config = join(dir, 'azure-config');
  const home = join(dir, 'home');
  for (const d of [bin, state, config, home]) mkdirSync(d);
  // The credential runs `az ...` through /bin/sh with the CLI's PATH: a shell script finds the stand-in.
  writeFileSync(join(bin, 'az'), `#!/bin/sh\nexec '${process.execPath}' '${AZ_STAND_IN}' '${state}' "$@"\n`);
  chmodSync(join(bin, 'az'), 0o755);
  const subscription = world.subscriptions[0]!;
  if (signedIn) {
    writeFileSync(join(state, 'signed-in.json'), JSON.stringify({
      tenantId: world.tenantId,
      objectId: signedIn.objectId,
      kind: signedIn.kind === 'servicePrincipal' ? 'app' : 'user',
      upn: signedIn.userPrincipalName,
      name: signedIn.displayName,
      appId: signedIn.appId,
      subscriptionId: subscription.subscriptionId,
    }));
    writeFileSync(join(config, 'azureProfile.json'), `\uFEFF${JSON.stringify({
      installationId: '00000000-0000-4000-8000-00000000e2e0',
      subscriptions: world.subscriptions.map((s, i) => ({
        id: s.subscriptionId, name: s.displayName, state: 'Enabled', isDefault: i === 0, tenantId: world.tenantId,
        homeTenantId: world.tenantId, environmentName: SIM_CLOUD_NAME, user: { name: signedIn.userPrincipalName ?? signedIn.appId, type: 'user' },
      })),
    })}`);
  }
  return {
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    NO_COLOR: '1',
    AZURE_CONFIG_DIR: config,
    ARM_CLOUD_METADATA_URL: `${servers.arm.url}/metadata/endpoints?api-version=2022-09-01`,
    NODE_EXTRA_CA_CERTS: servers.caFile,
  };
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv, dir: string, options: RunOptions): Promise<CliRun> {
  const { interruptWhen } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    options.started?.(child);
    let stdout = '';
    let stderr = '';
    let output = '';
    let interrupted = false;
    const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    const seen = (chunk: Buffer, into: 'stdout' | 'stderr') => {
      const text = chunk.toString('utf8');
      if (into === 'stdout') stdout += text;
      else stderr += text;
      output += text;
      if (interruptWhen && !interrupted && interruptWhen(output)) {
        interrupted = true;
        child.kill(options.interruptSignal ?? 'SIGINT');
      }
    };
    child.stdout.on('data', (d: Buffer) => seen(d, 'stdout'));
    child.stderr.on('data', (d: Buffer) => seen(d, 'stderr'));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, output, issued: readIssued(join(dir, 'az-state', 'issued.jsonl')) });
    });
    child.stdin.end('');
  });
}

function readIssued(path: string): CliRun['issued'] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as CliRun['issued'][number]);
}
