// The SqlConnector seam over the simulated server: what --demo and the engine's tests connect through.
import { SqlFailure, type SqlConnection, type SqlConnector, type SqlStatement } from '../../sql/connection.js';
import type { WorldStore } from '../store.js';
import { SimSqlError, SimSqlHostNotFound } from './errors.js';
import { loginToSimSql, type SimSqlLoginOptions } from './login.js';
import type { SimSqlSession } from './session.js';

export interface SimSqlConnectorOptions extends SimSqlLoginOptions {
  /** The address the server sees; defaults to the world's callerIp. */
  clientIp?: string;
  viaPrivateEndpoint?: boolean;
}

export function createSimSqlConnector(store: WorldStore, options: SimSqlConnectorOptions = {}): SqlConnector {
  return async (connect) => {
    const scope = tokenScopeFor(connect.serverName);
    const token = await connect.credential.getToken(scope);
    if (!token) throw new SqlFailure(`No access token for ${scope}.`, { phase: 'login' });
    let session: SimSqlSession;
    try {
      session = loginToSimSql(
        store,
        {
          serverName: connect.serverName,
          database: connect.database,
          accessToken: token.token,
          clientIp: options.clientIp ?? store.world.callerIp,
          ...(options.viaPrivateEndpoint ? { viaPrivateEndpoint: true } : {}),
        },
        options,
      );
    } catch (error) {
      throw toSqlFailure(error, 'login');
    }
    return new SimSqlConnection(session, connect.onStatement);
  };
}

/** The token audience is the SQL host suffix, e.g. https://database.windows.net/.default. */
export function tokenScopeFor(serverName: string): string {
  const suffix = serverName.split('.').slice(1).join('.') || 'database.windows.net';
  return `https://${suffix}/.default`;
}

class SimSqlConnection implements SqlConnection {
  private closed = false;

  constructor(
    private readonly session: SimSqlSession,
    private readonly onStatement: ((statement: SqlStatement) => void) | undefined,
  ) {}

  async query(statement: SqlStatement) {
    this.onStatement?.(statement);
    return this.run(statement).recordsets[0] ?? [];
  }

  /**
   * As the mssql connector: a transaction (a TDS request there, so not reported as a statement), then
   * SET XACT_ABORT ON and the statements; on failure the server has rolled back already.
   */
  async runInTransaction(statements: SqlStatement[]): Promise<void> {
    this.run({ text: 'BEGIN TRANSACTION;' });
    try {
      for (const statement of [{ text: 'SET XACT_ABORT ON;' }, ...statements]) {
        this.onStatement?.(statement);
        this.run(statement);
      }
      this.run({ text: 'COMMIT TRANSACTION;' });
    } catch (error) {
      if (this.session.transactionCount > 0) this.session.execute('ROLLBACK TRANSACTION;');
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
  }

  private run(statement: SqlStatement) {
    if (this.closed) throw new SqlFailure('The connection is closed.', { phase: 'query' });
    try {
      return this.session.execute(statement.text, statement.params ?? {});
    } catch (error) {
      throw toSqlFailure(error, 'query');
    }
  }
}

function toSqlFailure(error: unknown, phase: 'login' | 'query'): unknown {
  if (error instanceof SimSqlError) return new SqlFailure(error.message, { number: error.number, phase, cause: error });
  if (error instanceof SimSqlHostNotFound) return new SqlFailure(error.message, { phase: 'connect', cause: error });
  return error;
}
