// Everything the engine needs from the outside world, injected once per run.
import type { TokenCredential } from '@azure/core-auth';
import type { ArmClients } from '../azure/clients.js';
import type { Cloud } from '../azure/cloud.js';
import type { SqlConnector, SqlStatement } from '../sql/connection.js';
import type { Cleanup } from './cleanup.js';
import type { Change } from './change.js';
import type { Me } from './observed.js';

export interface EngineEvents {
  /** A passing state worth showing (waiting for a firewall rule, a database resuming). */
  status?: (message: string) => void;
  /** Something done on the way that the user should know about (a temporary rule opened). */
  note?: (message: string) => void;
  /** Each T-SQL statement as sent (for --debug). */
  statement?: (statement: SqlStatement) => void;
  changeStarted?: (change: Change) => void;
  changeEnded?: (change: Change, outcome: ChangeOutcome) => void;
}

export type ChangeOutcome =
  | { status: 'done'; note?: string }
  /** rolledBack: a database change undone with the rest of its transaction; the error is said once, not per change. */
  | { status: 'failed'; error: Error; rolledBack?: boolean }
  | { status: 'skipped'; reason: string };

/** Waits between connection attempts; tests and the demo may shorten them. */
export interface RetryTiming {
  /** Delays (ms) between attempts while a new firewall rule takes effect. */
  firewallDelaysMs: number[];
  /** Delays (ms) between attempts while a serverless database resumes. */
  resumeDelaysMs: number[];
  /** Delays (ms) between attempts while a new Entra admin takes effect. */
  newAdminDelaysMs: number[];
  /** Delays (ms) between reads while a just-enabled system identity appears with its client id. */
  newIdentityDelaysMs: number[];
  /** Poll interval for long-running ARM operations. */
  pollIntervalMs?: number;
}

/** About a minute in all, as the issue asks: 1+2+3+5+8+10+10+10+10. */
export const DEFAULT_TIMING: RetryTiming = {
  firewallDelaysMs: [1000, 2000, 3000, 5000, 8000, 10000, 10000, 10000, 10000],
  resumeDelaysMs: [1000, 2000, 3000, 5000, 8000, 10000, 10000, 10000, 10000],
  newAdminDelaysMs: [2000, 3000, 5000, 10000, 10000],
  newIdentityDelaysMs: [2000, 3000, 5000, 10000],
};

export interface EngineContext {
  credential: TokenCredential;
  cloud: Cloud;
  clients: ArmClients;
  connector: SqlConnector;
  me: Me;
  cleanup: Cleanup;
  events: EngineEvents;
  timing: RetryTiming;
  sleep: (ms: number) => Promise<void>;
}
