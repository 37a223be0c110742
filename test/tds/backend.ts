// What the TDS test server asks of a database: log a token in, run T-SQL. The simulated SQL server
// (src/sim/sql) is plugged in through this; tests can also give a scripted one.
import type { SqlValue } from '../../src/sql/connection.js';
import type { TypedResultSet } from './result-set.js';

export interface TdsLoginRequest {
  /** The LOGIN7 ServerName field: the server the client says it wants. */
  serverName: string;
  database: string;
  accessToken: string;
  /** The client's address as the server sees it (named in 40615). */
  clientIp: string;
}

export interface TdsServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
  lineNumber?: number;
}

export interface TdsResult {
  /** Each result set's rows, column types inferred from the values. */
  recordsets: Record<string, unknown>[][];
  /** Typed result sets; when given they are sent instead of recordsets (columns survive empty sets). */
  resultSets?: TypedResultSet[];
  /** Counts of statements without a result set (a result set's DONE carries its own count). */
  rowsAffected: number[];
  /** INFO messages (PRINT, "Changed database context", ...). */
  messages?: TdsServerMessage[];
}

export interface TdsSession {
  /** Runs a batch; throws a TdsServerMessage-shaped error (number, state, class, message) on failure. */
  execute(batch: string, params?: Record<string, SqlValue>): TdsResult | Promise<TdsResult>;
  /** @@TRANCOUNT after the last call, so the server can tell the driver a transaction ended. */
  transactionCount?(): number;
  /** The client went away: roll back what it left open. */
  close?(): void;
}

export interface TdsBackend {
  /** Accepts the login or throws a TdsServerMessage-shaped error (18456, 40615, ...). */
  login(request: TdsLoginRequest): TdsSession | Promise<TdsSession>;
}

/** A SQL Server error as the backend throws it (SimSqlError has this shape). */
export function isServerMessage(error: unknown): error is TdsServerMessage {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Record<string, unknown>;
  return typeof e.number === 'number' && typeof e.message === 'string';
}
