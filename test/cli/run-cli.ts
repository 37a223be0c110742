// Spawns the built CLI (dist/, built by `npm test` before vitest runs) as a user would run it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { World } from '../../src/sim/world.js';

export const BIN = fileURLToPath(new URL('../../bin/azsql-mi-setup.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A --demo state file in a fresh temp folder, optionally seeded with a given world. */
export function demoState(world?: World): { path: string; env: NodeJS.ProcessEnv; read: () => World; raw: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'azsql-mi-setup-test-'));
  const path = join(dir, 'demo.json');
  if (world) writeFileSync(path, JSON.stringify(world));
  return {
    path,
    env: { AZSQL_MI_SETUP_DEMO_STATE: path },
    read: () => JSON.parse(readFileSync(path, 'utf8')) as World,
    raw: () => readFileSync(path, 'utf8'),
  };
}
