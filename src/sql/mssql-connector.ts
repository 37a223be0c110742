// The real database connection: mssql over tedious, TDS 7.4 with TLS, an Entra token from the run's
// credential. Through --sql-endpoint the socket goes to the endpoint while TLS and the login still
// name the real server.
import { connect as netConnect, type Socket } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import sql from 'mssql';
import { classifySqlError, type SqlTarget } from './classify-sql-error.js';
import type { SqlConnection, SqlConnectOptions, SqlConnector, SqlRow, SqlStatement, SqlValue } from './connection.js';

export interface MssqlConnectorSettings {
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** PEM of CAs to trust instead of the system store (tests); never used to skip verification. */
  trustedCa?: string;
}

const DEFAULT_PORT = 1433;

/** A socket to the endpoint, whatever host tedious asks for (it asks for the real server name). */
function connectTo(endpoint: SqlTarget) {
  return (_options?: unknown, _lookup?: unknown, signal?: AbortSignal): Promise<Socket> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const socket = netConnect({ host: endpoint.host, port: endpoint.port });
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        socket.removeListener('connect', onConnect);
      };
      const onConnect = () => {
        settle();
        resolve(socket);
      };
      const onError = (error: Error) => {
        settle();
        reject(error);
      };
      const onAbort = () => {
        settle();
        socket.destroy();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', onConnect);
      socket.once('error', onError);
    });
}

/** Refused before a token could cross a connection the server left unencrypted. */
export class UnencryptedConnectionError extends Error {
  readonly code = 'ENOTLS';
  constructor() {
    super('The server did not encrypt the connection, so no access token was sent.');
    this.name = 'UnencryptedConnectionError';
  }
}

/**
 * The run's credential as tedious sees it: a token only once the connection's TLS is up (tedious 19
 * sends it in the clear when a server answers ENCRYPT_NOT_SUP, even with encrypt: true), and the same
 * token for the pool's probe and its connection instead of asking the credential twice.
 */
function guardedCredential(credential: TokenCredential, tlsIsUp: () => boolean): TokenCredential {
  const cache = new Map<string, AccessToken>();
  return {
    async getToken(scopes, options) {
      if (!tlsIsUp()) throw new UnencryptedConnectionError();
      const key = [scopes].flat().join(' ');
      const cached = cache.get(key);
      if (cached && cached.expiresOnTimestamp - Date.now() > 5 * 60_000) return cached;
      const token = await credential.getToken(scopes, options);
      if (token) cache.set(key, token);
      return token;
    },
  };
}

function poolConfig(options: SqlConnectOptions, settings: MssqlConnectorSettings, target: SqlTarget): sql.config {
  // One connection at a time (pool max 1), so one flag follows the connection being made.
  let tlsUp = false;
  return {
    // tedious puts `server` into the LOGIN7 ServerName field: it must be the real name, also via a tunnel.
    server: options.serverName,
    port: target.port,
    database: options.database,
    authentication: { type: 'token-credential', options: { credential: guardedCredential(options.credential, () => tlsUp) } },
    beforeConnect: (connection) => {
      tlsUp = false;
      connection.on('secure', () => {
        tlsUp = true;
      });
    },
    connectionTimeout: settings.connectTimeoutMs ?? 30_000,
    requestTimeout: settings.requestTimeoutMs ?? 60_000,
    pool: { max: 1, min: 0, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: true,
      trustServerCertificate: false,
      serverName: options.serverName,
      appName: 'azsql-mi-setup',
      // The engine retries 40613 itself with a visible wait; tedious would retry silently.
      maxRetriesOnTransientErrors: 0,
      ...(options.endpoint ? { connector: connectTo(options.endpoint) } : {}),
      ...(settings.trustedCa ? { cryptoCredentialsDetails: { ca: settings.trustedCa } } : {}),
    },
    // A cheap socket check instead of a SELECT 1 round trip each time the one connection is borrowed.
    ...({ validateConnection: 'socket' } as object),
  };
}

function typeOf(value: SqlValue): sql.ISqlTypeFactory {
  if (typeof value === 'boolean') return sql.Bit;
  if (Buffer.isBuffer(value)) return sql.VarBinary;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return sql.Float;
    return value >= -2147483648 && value <= 2147483647 ? sql.Int : sql.BigInt;
  }
  return sql.NVarChar;
}

async function run(request: sql.Request, statement: SqlStatement, onStatement: SqlConnectOptions['onStatement']): Promise<SqlRow[]> {
  onStatement?.(statement);
  for (const [name, value] of Object.entries(statement.params ?? {})) {
    request.input(name, typeOf(value) as sql.ISqlTypeFactoryWithNoParams, value);
  }
  const result = await request.query<SqlRow>(statement.text);
  return [...(result.recordset ?? [])];
}

export function createMssqlConnector(settings: MssqlConnectorSettings = {}): SqlConnector {
  return async (options) => {
    const target: SqlTarget = options.endpoint ?? { host: options.serverName, port: DEFAULT_PORT };
    const pool = new sql.ConnectionPool(poolConfig(options, settings, target));
    // Failures reach the caller through the call that failed; an unheard 'error' event would crash.
    pool.on('error', () => {});
    try {
      await pool.connect();
    } catch (error) {
      await pool.close().catch(() => {});
      throw classifySqlError(error, 'connect', target);
    }
    const connection: SqlConnection = {
      async query(statement) {
        try {
          return await run(pool.request(), statement, options.onStatement);
        } catch (error) {
          throw classifySqlError(error, 'query', target);
        }
      },
      async runInTransaction(statements) {
        const transaction = new sql.Transaction(pool);
        try {
          await transaction.begin();
        } catch (error) {
          throw classifySqlError(error, 'query', target);
        }
        try {
          // Any error then ends the transaction on the server too, not only in the driver.
          await run(transaction.request(), { text: 'SET XACT_ABORT ON;' }, options.onStatement);
          for (const statement of statements) await run(transaction.request(), statement, options.onStatement);
          await transaction.commit();
        } catch (error) {
          // Already rolled back by the server when XACT_ABORT ended it; nothing more to undo then.
          await transaction.rollback().catch(() => {});
          throw classifySqlError(error, 'query', target);
        }
      },
      async close() {
        await pool.close();
      },
    };
    return connection;
  };
}

export const connectWithMssql: SqlConnector = createMssqlConnector();
