// What every end-to-end run is checked for besides its own story: no token in anything it printed,
// and what it wrote through ARM.
import { expect } from 'vitest';
import type { RecordedRequest } from '../../src/sim/arm/index.js';
import type { CliRun, Stage } from './fixture.js';

/** Neither a token `az` handed out, nor its claims part, nor anything shaped like a JWT was printed. */
export function expectNoTokenIn(run: CliRun): void {
  expect(run.issued.length).toBeGreaterThan(0);
  for (const { token } of run.issued) {
    expect(run.output).not.toContain(token);
    expect(run.output).not.toContain(token.split('.')[1]!);
  }
  // Every JWT starts with base64url('{"'), 'eyJ'.
  expect(run.output).not.toContain('eyJ');
}

/** The ARM requests that change something, as "METHOD path" (a POST to .../list is ARM's way to read secrets). */
export function armWrites(stage: Stage, from = 0): string[] {
  const reads = (r: RecordedRequest) => r.method === 'GET' || (r.method === 'POST' && /\/list$/i.test(r.path));
  return stage.arm.requests.slice(from).filter((r) => !reads(r)).map((r) => `${r.method} ${r.path}`);
}

/** The firewall rule PUTs the run sent, with their ranges. */
export function firewallPuts(stage: Stage): (RecordedRequest & { body: { properties: { startIpAddress: string; endIpAddress: string } } })[] {
  return stage.arm.requests.filter((r) => r.method === 'PUT' && /\/firewallRules\//i.test(r.path)) as ReturnType<typeof firewallPuts>;
}

export function firewallDeletes(stage: Stage): string[] {
  return stage.arm.requests.filter((r) => r.method === 'DELETE' && /\/firewallRules\//i.test(r.path)).map((r) => r.path.split('/').pop()!);
}
