// npm run bench: what a user waits for, measured over repeated runs of the built CLI.
// Start-up matters most: npx users wait for it before the first line appears.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/azsql-mi-setup.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** Runs the CLI once; resolves with ms to the first byte of output and ms to exit. */
function runOnce(args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let firstByte;
    let stderr = '';
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const mark = () => (firstByte ??= Number(process.hrtime.bigint() - start) / 1e6);
    child.stdout.on('data', mark);
    child.stderr.on('data', (d) => {
      mark();
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const total = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ firstByte: firstByte ?? total, total });
    });
  });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { min: sorted[0], median: at(0.5), p90: at(0.9) };
}

async function bench(name, args, envFor) {
  const first = [];
  const total = [];
  await runOnce(args, envFor(-1)); // warm the file system cache
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(args, envFor(i));
    first.push(r.firstByte);
    total.push(r.total);
  }
  const f = stats(first);
  const t = stats(total);
  console.log(
    `${name.padEnd(34)} first output ${f.median.toFixed(0).padStart(5)} ms (min ${f.min.toFixed(0)}, p90 ${f.p90.toFixed(0)})` +
      `   exit ${t.median.toFixed(0).padStart(5)} ms (min ${t.min.toFixed(0)}, p90 ${t.p90.toFixed(0)})`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'azsql-mi-setup-bench-'));
const fresh = (i) => ({ AZSQL_MI_SETUP_DEMO_STATE: join(dir, `fresh-${i}.json`) });
const rerun = () => ({ AZSQL_MI_SETUP_DEMO_STATE: join(dir, 'rerun.json') });
try {
  console.log(`node ${process.version}, ${RUNS} runs each, medians`);
  await bench('--version', ['--version'], () => ({}));
  await bench('--help', ['--help'], () => ({}));
  await bench('--demo --dry-run (fresh)', ['--demo', '--dry-run'], fresh);
  await bench('--demo --yes (first run, applies)', ['--demo', '--yes'], fresh);
  await bench('--demo --yes (rerun, nothing to do)', ['--demo', '--yes'], rerun);
  await bench('scaffold python', ['scaffold', '--language', 'python', '--server', 's', '--database', 'd', '--app', 'a', '--force', '--out', join(dir, 'sample')], () => ({}));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
