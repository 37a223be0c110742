// The simulated Azure SQL server (src/sim/sql) behind the TDS test server: the same database --demo uses.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SimSqlHostNotFound, loginToSimSql, type SimSqlLoginOptions } from '../../src/sim/sql/index.js';
import type { WorldStore } from '../../src/sim/store.js';
import type { World } from '../../src/sim/world.js';
import type { TdsBackend, TdsServerMessage } from './backend.js';

export interface SimBackendOptions extends SimSqlLoginOptions {
  /** The server is reached through a private endpoint (or a tunnel to one): no firewall, no 47073. */
  viaPrivateEndpoint?: boolean;
}

/** Azure's gateway answers a server name it does not host with 40532 (over TDS it is no DNS failure). */
function unknownServer(serverName: string): TdsServerMessage {
  const name = serverName.split('.')[0];
  return { number: 40532, state: 1, class: 20, message: `Cannot open server "${name}" requested by the login. The login failed.` };
}

/**
 * @param store the world, or a function giving it afresh for each login (a file another process writes).
 */
export function simSqlBackend(store: WorldStore | (() => WorldStore), options: SimBackendOptions = {}): TdsBackend {
  return {
    login(request) {
      const world = typeof store === 'function' ? store() : store;
      let session;
      try {
        session = loginToSimSql(world, { ...request, ...(options.viaPrivateEndpoint ? { viaPrivateEndpoint: true } : {}) }, options);
      } catch (error) {
        throw error instanceof SimSqlHostNotFound ? unknownServer(request.serverName) : error;
      }
      return {
        execute(batch, params) {
          const result = session.execute(batch, params);
          return { recordsets: result.recordsets, resultSets: result.resultSets, rowsAffected: [] };
        },
        transactionCount: () => session.transactionCount,
        close: () => session.close(),
      };
    },
  };
}

/**
 * The TDS server's view of a world file another process (a spawned CLI) writes too: read afresh at each
 * login; a save writes back only the databases, so the other process's ARM changes are kept.
 */
export function databaseSideOfWorldFile(path: string): () => WorldStore {
  const read = () => JSON.parse(readFileSync(path, 'utf8')) as World;
  return () => {
    const store: WorldStore = {
      world: read(),
      save() {
        const current = read();
        for (const subscription of current.subscriptions) {
          for (const server of subscription.sqlServers) {
            const mine = store.world.subscriptions.flatMap((s) => s.sqlServers).find((s) => s.fullyQualifiedDomainName === server.fullyQualifiedDomainName);
            if (mine) server.databases = mine.databases;
          }
        }
        const temp = `${path}.tds-${process.pid}.tmp`;
        writeFileSync(temp, `${JSON.stringify(current, null, 2)}\n`);
        renameSync(temp, path);
      },
    };
    return store;
  };
}
