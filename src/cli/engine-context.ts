// The engine's context for one run, built the same way by the flag-driven flow and the wizard;
// only how waits, notes and steps are shown differs between them.
import type { ArmClients } from '../azure/clients.js';
import type { Cleanup } from '../engine/cleanup.js';
import type { EngineContext, EngineEvents } from '../engine/context.js';
import type { Me } from '../engine/observed.js';
import type { SqlStatement } from '../sql/connection.js';
import type { Session } from './session.js';
import type { Ui } from './ui.js';

export function engineContext(session: Session, clients: ArmClients, me: Me, cleanup: Cleanup, events: EngineEvents): EngineContext {
  return {
    credential: session.credential,
    cloud: session.cloud,
    clients,
    connector: session.connector,
    me,
    cleanup,
    timing: session.timing,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    events,
  };
}

/** --debug: each T-SQL statement as sent, parameters included (SIDs as hex); statements never hold a token. */
export function debugStatement(ui: Ui): (statement: SqlStatement) => void {
  return (s) => ui.debug(`T-SQL: ${s.text}${s.params ? `  params: ${JSON.stringify(s.params, bufferAsHex)}` : ''}`);
}

function bufferAsHex(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
    return '0x' + Buffer.from((value as { data: number[] }).data).toString('hex').toUpperCase();
  }
  return value;
}
