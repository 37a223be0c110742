// What --json prints: the plan, each change's outcome and the verification, filled in as the run goes.
import type { Change } from '../engine/change.js';
import type { Target } from '../engine/target.js';
import type { Check } from '../engine/verify.js';

export interface RunReport {
  target?: Target;
  plan?: Change[];
  outcomes?: Record<string, 'done' | 'failed' | 'skipped'>;
  verification?: Check[];
  /** --print-sql: the script for the admin. */
  sql?: string;
  error?: { message: string; suggestion?: string };
  exitCode?: number;
}

export function reportToJson(report: RunReport): string {
  const plan = report.plan?.map(({ id, kind, summary, detail, blocked }) => ({ id, kind, summary, detail, ...(blocked ? { blocked } : {}) }));
  return JSON.stringify({ ...report, plan }, null, 2);
}
