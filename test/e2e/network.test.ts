// A SQL endpoint that cannot be reached: a port nobody listens on, a name that does not resolve, and a
// server that accepts the connection and never answers. Each message names host and port and says
// what to check.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CLOUDS } from '../../src/azure/cloud.js';
import { Cleanup } from '../../src/engine/cleanup.js';
import { connectToDatabase } from '../../src/engine/connect-database.js';
import { DEFAULT_TIMING, type EngineContext } from '../../src/engine/context.js';
import type { ObservedServer } from '../../src/engine/observed.js';
import type { Target } from '../../src/engine/target.js';
import { createMssqlConnector } from '../../src/sql/mssql-connector.js';
import { fakeCredential } from '../tds/fake-credential.js';
import { armWrites } from './expect-run.js';
import { useE2e } from './fixture.js';
import { TARGET, worldReadyForMe } from '../support/worlds.js';

const e2e = useE2e();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the built CLI, --sql-endpoint unreachable', () => {
  it('a port nobody listens on: exit 1 naming host and port, nothing changed', async () => {
    const stage = await e2e.start(worldReadyForMe());
    const port = await closedPort();
    const run = await stage.run([...TARGET, '--yes'], { sqlEndpoint: `127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach SQL server contoso-sql: Could not connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.stderr).toContain(`Nothing is listening at 127.0.0.1:${port}: start the tunnel, or fix the port given with --sql-endpoint.`);
    expect(armWrites(stage)).toEqual([]);
  });

  it('a host name that does not resolve: exit 1 naming host and port', async () => {
    const stage = await e2e.start(worldReadyForMe());
    const run = await stage.run([...TARGET, '--yes'], { sqlEndpoint: 'no-such-host.invalid:1433' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not resolve no-such-host.invalid (DNS ENOTFOUND) while connecting to no-such-host.invalid:1433.');
    expect(run.stderr).toContain('Check the host name given with --sql-endpoint.');
    expect(armWrites(stage)).toEqual([]);
  });
});

// The CLI waits tedious's 30 s login timeout and has no flag to shorten it: this runs the engine's
// connect step in-process with the real connector and a short timeout, to check the message the CLI prints.
describe('a server that accepts and never answers', () => {
  it('times out naming host and port, and says what to check', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const ctx = {
      credential: fakeCredential({ oid: '11111111-1111-4111-8111-111111111111', tid: '22222222-2222-4222-8222-222222222222' }),
      cloud: BUILT_IN_CLOUDS.AzureCloud,
      connector: createMssqlConnector({ connectTimeoutMs: 300 }),
      cleanup: new Cleanup(),
      events: {},
      timing: DEFAULT_TIMING,
      sleep: async () => {},
    } as unknown as EngineContext;
    const target = { database: 'orders', sqlEndpoint: { host: '127.0.0.1', port }, server: { name: 'contoso-sql' } } as Target;
    const server = { name: 'contoso-sql', fullyQualifiedDomainName: 'contoso-sql.database.windows.net' } as ObservedServer;
    try {
      const failure = await connectToDatabase(ctx, target, server, { mayOpenFirewall: true }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        exitCode: 1,
        message: expect.stringContaining(`Could not reach SQL server contoso-sql: Timed out connecting to 127.0.0.1:${port}`),
        suggestion: `Nothing answered at 127.0.0.1:${port} in time: check that the tunnel behind --sql-endpoint is up and forwards to the server's port 1433.`,
      });
    } finally {
      silent.close();
    }
  });
});
