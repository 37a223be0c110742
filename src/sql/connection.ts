// The seam between the engine and a database: the real mssql driver or the in-process simulator.
import type { TokenCredential } from '@azure/core-auth';

export type SqlValue = string | number | boolean | Buffer | null;

export interface SqlStatement {
  text: string;
  /** Named parameters, referenced as @name in text. */
  params?: Record<string, SqlValue>;
}

export type SqlRow = Record<string, unknown>;

export interface SqlConnection {
  /** Runs one statement and returns the rows of its first result set. */
  query(statement: SqlStatement): Promise<SqlRow[]>;
  /** Runs the statements in one transaction: all of them take effect, or none. */
  runInTransaction(statements: SqlStatement[]): Promise<void>;
  close(): Promise<void>;
}

export interface SqlConnectOptions {
  /** The server's real name (its fullyQualifiedDomainName): TLS and the login name it. */
  serverName: string;
  /** Where to connect; defaults to serverName:1433. */
  endpoint?: { host: string; port: number };
  database: string;
  credential: TokenCredential;
  /** Called with each statement as sent (for --debug); never given a token. */
  onStatement?: (statement: SqlStatement) => void;
}

export type SqlConnector = (options: SqlConnectOptions) => Promise<SqlConnection>;

/**
 * A failure connecting to or talking to the database, with the server's error number when known.
 * Login errors arrive from tedious without a number; the connector recognises them by their text.
 */
export class SqlFailure extends Error {
  readonly number: number | undefined;
  readonly phase: 'connect' | 'login' | 'query';
  constructor(message: string, options: { number?: number; phase: 'connect' | 'login' | 'query'; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'SqlFailure';
    this.number = options.number;
    this.phase = options.phase;
  }
}
