// A tiny backend for protocol tests: logins decided by a function, batches answered by a function.
// The driver's own session setup (SET options) is answered here, as a real server would.
import type { SqlValue } from '../../src/sql/connection.js';
import type { TdsBackend, TdsLoginRequest, TdsResult, TdsServerMessage, TdsSession } from './backend.js';

export class ScriptedSqlError extends Error implements TdsServerMessage {
  readonly state = 1;
  constructor(readonly number: number, message: string, readonly severity = 16) {
    super(message);
  }
  get class(): number {
    return this.severity;
  }
}

export interface ScriptedSession {
  inTransaction: boolean;
  xactAbort: boolean;
}

export interface Script {
  /** Throw a ScriptedSqlError to refuse the login. */
  login?(request: TdsLoginRequest): void;
  execute?(batch: string, params: Record<string, SqlValue>, session: ScriptedSession): TdsResult;
  /** Called when a transaction ends, committed or not. */
  endTransaction?(committed: boolean): void;
}

const EMPTY: TdsResult = { recordsets: [], rowsAffected: [] };

export function scriptedBackend(script: Script): TdsBackend {
  return {
    login(request): TdsSession {
      script.login?.(request);
      const session: ScriptedSession = { inTransaction: false, xactAbort: false };
      const end = (committed: boolean) => {
        session.inTransaction = false;
        script.endTransaction?.(committed);
      };
      return {
        execute(batch, params = {}) {
          if (/^\s*SET XACT_ABORT ON/i.test(batch)) session.xactAbort = true;
          if (/^\s*set\s/i.test(batch)) return EMPTY;
          if (/^\s*BEGIN TRAN/i.test(batch)) session.inTransaction = true;
          else if (/^\s*COMMIT/i.test(batch)) end(true);
          else if (/^\s*ROLLBACK/i.test(batch)) end(false);
          else if (script.execute) {
            try {
              return script.execute(batch, params, session);
            } catch (error) {
              if (session.inTransaction && session.xactAbort) end(false);
              throw error;
            }
          }
          return EMPTY;
        },
        transactionCount: () => (session.inTransaction ? 1 : 0),
      };
    },
  };
}
