// One test CA and server certificate per test file, and TDS servers on loopback that use them.
import { afterAll, beforeAll } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './certs.js';
import { startTdsServer, type TdsServer, type TdsServerOptions } from './server.js';

/** The real name of the server the tests connect to; the certificate is made for it. */
export const SERVER_FQDN = 'contoso-sql.database.windows.net';

export interface TdsFixture {
  certs(): TestCertificates;
  /** Starts a server with the fixture's certificate; it is closed after the file's tests. */
  start(options: Omit<TdsServerOptions, 'key' | 'cert'> & Partial<Pick<TdsServerOptions, 'key' | 'cert'>>): Promise<TdsServer>;
}

export function useTdsFixture(hostnames: string[] = [SERVER_FQDN]): TdsFixture {
  let certs: TestCertificates | undefined;
  const servers: TdsServer[] = [];
  beforeAll(async () => {
    certs = await makeTestCertificates(hostnames);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await certs?.remove();
  });
  return {
    certs: () => certs!,
    async start(options) {
      const server = await startTdsServer({ key: certs!.key, cert: certs!.cert, ...options });
      servers.push(server);
      return server;
    },
  };
}
