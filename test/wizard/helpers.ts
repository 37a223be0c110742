// The wizard over the simulated Azure: a session like --demo's (in memory, short waits) and prompts
// that answer from a script, recording what each question offered.
import { PassThrough } from 'node:stream';
import { BUILT_IN_CLOUDS } from '../../src/azure/cloud.js';
import type { Session } from '../../src/cli/session.js';
import { createUi, type Io, type Ui } from '../../src/cli/ui.js';
import { createSimArmHttpClient } from '../../src/sim/arm/index.js';
import { SimCredential } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createSimSqlConnector } from '../../src/sim/sql/index.js';
import { createMemoryStore, type WorldStore } from '../../src/sim/store.js';
import type { SimSqlServer, World } from '../../src/sim/world.js';
import type { WizardPrompts } from '../../src/wizard/prompts.js';

export const FAST_TIMING = { firewallDelaysMs: [5, 10], resumeDelaysMs: [5, 10, 20, 50, 100, 200, 400, 800, 1600, 3200], newAdminDelaysMs: [5, 10], newIdentityDelaysMs: [5, 10], pollIntervalMs: 1 };

export function simSession(store: WorldStore): Session {
  const credential = new SimCredential(store);
  const cloud = BUILT_IN_CLOUDS.AzureCloud;
  return {
    credential,
    cloud,
    arm: { credential, cloud, httpClient: createSimArmHttpClient(store, { pollDelayMs: 1 }) },
    connector: createSimSqlConnector(store),
    describeSignIn: () => 'the simulated Azure (--demo)',
    signedInThrough: () => undefined,
    timing: FAST_TIMING,
    demoStatePath: '(memory)',
    defaultSubscriptionId: store.world.subscriptions[0]?.subscriptionId,
  };
}

export function world(change: (w: World) => void = () => {}): WorldStore {
  const w = demoWorld();
  change(w);
  return createMemoryStore(w);
}

export function server(store: WorldStore, name: string): SimSqlServer {
  for (const s of store.world.subscriptions) for (const found of s.sqlServers) if (found.name === name) return found;
  throw new Error(`no server ${name}`);
}

export function temporaryRules(store: WorldStore): string[] {
  return store.world.subscriptions.flatMap((s) => s.sqlServers.flatMap((x) => x.firewallRules.map((r) => r.name))).filter((n) => n.startsWith('azsql-mi-setup-'));
}

/** A stream that says it is a terminal, collecting what is written (cursor moves ignored). */
export function fakeTerminal(): PassThrough & { text: () => string; isTTY: true } {
  const stream = new PassThrough() as PassThrough & { text: () => string; isTTY: true; columns: number; rows: number };
  let written = '';
  stream.on('data', (chunk) => (written += String(chunk)));
  Object.assign(stream, {
    isTTY: true,
    columns: 120,
    rows: 40,
    cursorTo: (_x: number, _y?: unknown, cb?: () => void) => (typeof cb === 'function' ? cb() : true),
    moveCursor: (_x: number, _y: number, cb?: () => void) => (typeof cb === 'function' ? cb() : true),
    clearLine: (_d: number, cb?: () => void) => (typeof cb === 'function' ? cb() : true),
    clearScreenDown: (cb?: () => void) => (typeof cb === 'function' ? cb() : true),
    getColorDepth: () => 1,
    hasColors: () => false,
    text: () => written,
  });
  return stream;
}

export function terminalIo(env: NodeJS.ProcessEnv = {}): { io: Io; ui: Ui; out: ReturnType<typeof fakeTerminal>; err: ReturnType<typeof fakeTerminal> } {
  const out = fakeTerminal();
  const err = fakeTerminal();
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean };
  stdin.isTTY = true;
  const io: Io = { stdout: out, stderr: err, stdin, env: { NO_COLOR: '1', ...env } };
  return { io, ui: createUi(io, { json: false, debug: false }), out, err };
}

/** What Ctrl+C at an @inquirer prompt rejects with. */
export function ctrlC(): Error {
  const error = new Error('User force closed the prompt with SIGINT');
  error.name = 'ExitPromptError';
  return error;
}

export type Script = { [K in keyof WizardPrompts]?: (...args: Parameters<WizardPrompts[K]>) => unknown };

/** Prompts that answer from the script and fail the test on a question the script does not expect. */
export function scriptedPrompts(script: Script): WizardPrompts & { asked: string[]; questions: Record<string, unknown[]> } {
  const asked: string[] = [];
  const questions: Record<string, unknown[]> = {};
  const handler = (name: keyof WizardPrompts) => async (...args: unknown[]) => {
    asked.push(name);
    questions[name] = args;
    const answer = script[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!answer) throw new Error(`Unexpected question: ${name}`);
    return answer(...args);
  };
  const names: (keyof WizardPrompts)[] = ['subscription', 'app', 'slot', 'identity', 'server', 'database', 'client', 'adminDecision', 'roles', 'scaffold', 'outDir'];
  return Object.assign(Object.fromEntries(names.map((n) => [n, handler(n)])) as unknown as WizardPrompts, { asked, questions });
}

/** Picks the choice with this name from a list of things with names. */
export function byName<T extends { name: string }>(name: string) {
  return (items: readonly T[]): T => {
    const found = items.find((i) => i.name === name);
    if (!found) throw new Error(`${name} is not among ${items.map((i) => i.name).join(', ')}`);
    return found;
  };
}
