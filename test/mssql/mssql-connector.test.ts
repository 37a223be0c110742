// The product's real connection (mssql/tedious, TLS, token-credential) against the TDS test server.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { SqlStatement } from '../../src/sql/connection.js';
import { SqlFailure } from '../../src/sql/connection.js';
import { createMssqlConnector } from '../../src/sql/mssql-connector.js';
import { fakeCredential } from '../tds/fake-credential.js';
import { SERVER_FQDN, useTdsFixture } from '../tds/fixture.js';
import { scriptedBackend } from '../tds/scripted-backend.js';

const fixture = useTdsFixture();
const me = { oid: '6f1e2d3c-0000-4000-8000-000000000001', tid: '72f988bf-0000-4000-8000-000000000002', upn: 'ada@contoso.com' };

function connector() {
  return createMssqlConnector({ trustedCa: fixture.certs().ca, connectTimeoutMs: 5_000 });
}

async function connectTo(port: number, extra: { onStatement?: (s: SqlStatement) => void } = {}) {
  const credential = fakeCredential(me);
  const connection = await connector()({
    serverName: SERVER_FQDN,
    endpoint: { host: '127.0.0.1', port },
    database: 'appdb',
    credential,
    ...extra,
  });
  return { connection, credential };
}

describe('signing in', () => {
  test('gets the token from the credential for the resource the server names, and sends it only over TLS', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const { connection, credential } = await connectTo(server.port);
    await connection.close();

    expect(credential.scopesAsked[0]).toBe('https://database.windows.net/.default');
    const [first] = server.received.connections;
    expect(first?.clientEncryption).toBe(0x01); // ENCRYPT_ON: the client wants TLS
    expect(first?.tlsUp).toBe(true);
    expect(first?.login?.fedAuth?.library).toBe('msal'); // token-credential: FEDAUTHINFO, then the token
    expect(first?.token).toMatchObject({ via: 'fedauth-token', layer: 'tls', claims: { oid: me.oid, tid: me.tid, upn: me.upn } });
    // Before TLS only PRELOGIN crossed the socket in the clear.
    expect(first?.messages.filter((m) => m.layer === 'plain').map((m) => m.type)).toEqual(['PRELOGIN', 'PRELOGIN', 'PRELOGIN']);
    const token = Buffer.from(credential.lastToken!, 'utf16le');
    expect(server.received.wireBytes().includes(token)).toBe(false);
    expect(server.received.wireBytes().includes(Buffer.from(credential.lastToken!))).toBe(false);
  });

  test('a server that answers ENCRYPT_ON (not REQ) gets TLS all the same', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}), encryption: 'on' });
    const { connection } = await connectTo(server.port);
    await connection.close();
    expect(server.received.connections[0]?.token?.layer).toBe('tls');
  });

  test('asks the credential once for the pool probe and the connection', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const { connection, credential } = await connectTo(server.port);
    await connection.query({ text: 'SELECT 1 AS one' });
    await connection.close();
    expect(server.received.connections.filter((c) => c.token).length).toBe(2);
    expect(credential.scopesAsked).toHaveLength(1);
  });

  test('sends no token to a server that does not encrypt the connection', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}), encryption: 'none' });
    const credential = fakeCredential(me);
    const failure = await connector()({ serverName: SERVER_FQDN, endpoint: { host: '127.0.0.1', port: server.port }, database: 'appdb', credential })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SqlFailure);
    expect(failure).toMatchObject({ phase: 'connect', message: expect.stringContaining(`127.0.0.1:${server.port} did not encrypt`) });
    expect(credential.scopesAsked).toEqual([]);
    expect(server.received.connections[0]?.token).toBeUndefined();
  });
});

describe('--sql-endpoint', () => {
  test('connects to the endpoint while TLS and the login name the real server', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const { connection } = await connectTo(server.port);
    await connection.close();
    const [first] = server.received.connections;
    expect(first?.tlsServerName).toBe(SERVER_FQDN);
    expect(first?.login).toMatchObject({ serverName: SERVER_FQDN, database: 'appdb', appName: 'azsql-mi-setup' });
  });

  test('refuses a certificate made for another server name', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const credential = fakeCredential(me);
    const failure = await connector()({ serverName: 'fabrikam-sql.database.windows.net', endpoint: { host: '127.0.0.1', port: server.port }, database: 'appdb', credential })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ phase: 'connect', message: expect.stringMatching(/TLS certificate of 127\.0\.0\.1:\d+ was not accepted \(ERR_TLS_CERT_ALTNAME_INVALID\)/) });
    expect(credential.scopesAsked).toEqual([]);
  });
});

describe('queries', () => {
  test('sends typed parameters and reads typed columns and NULLs', async () => {
    const sid = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');
    const server = await fixture.start({
      backend: scriptedBackend({
        execute: (_batch, params) => ({
          recordsets: [[{ name: params.name, principal_id: params.id, is_fixed_role: params.fixed, sid: params.sid, missing: params.nothing }]],
          rowsAffected: [],
        }),
      }),
    });
    const { connection } = await connectTo(server.port);
    const rows = await connection.query({
      text: 'SELECT @name AS name, @id AS principal_id, @fixed AS is_fixed_role, @sid AS sid, @nothing AS missing;',
      params: { name: "Ünïcode ]'; app", id: 7, fixed: true, sid, nothing: null },
    });
    await connection.close();

    expect(rows).toEqual([{ name: "Ünïcode ]'; app", principal_id: 7, is_fixed_role: true, sid, missing: null }]);
    const request = server.received.requests().find((r) => r.kind === 'rpc');
    expect(request?.text).toBe('SELECT @name AS name, @id AS principal_id, @fixed AS is_fixed_role, @sid AS sid, @nothing AS missing;');
    expect(request?.params).toEqual({ name: "Ünïcode ]'; app", id: 7, fixed: true, sid, nothing: null });
  });

  test('reports each statement as sent, parameters included, and never the token', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const seen: SqlStatement[] = [];
    const { connection, credential } = await connectTo(server.port, { onStatement: (s) => seen.push(s) });
    await connection.query({ text: 'SELECT name FROM sys.database_principals WHERE name = @name;', params: { name: 'app' } });
    await connection.runInTransaction([{ text: 'ALTER ROLE [db_datareader] ADD MEMBER [app];' }]);
    await connection.close();

    expect(seen.map((s) => s.text)).toEqual([
      'SELECT name FROM sys.database_principals WHERE name = @name;',
      'SET XACT_ABORT ON;',
      'ALTER ROLE [db_datareader] ADD MEMBER [app];',
    ]);
    expect(seen[0]?.params).toEqual({ name: 'app' });
    expect(JSON.stringify(seen)).not.toContain(credential.lastToken!.split('.')[1]);
  });

  test('a failing statement is a SqlFailure with the server number', async () => {
    const server = await fixture.start({
      backend: scriptedBackend({
        execute: () => {
          throw Object.assign(new Error("Cannot alter the role 'db_nope', because it does not exist or you do not have permission."), { number: 15151, state: 1, class: 16 });
        },
      }),
    });
    const { connection } = await connectTo(server.port);
    const failure = await connection.query({ text: 'ALTER ROLE [db_nope] ADD MEMBER [app];' }).catch((e: unknown) => e);
    await connection.close();
    expect(failure).toBeInstanceOf(SqlFailure);
    expect(failure).toMatchObject({ number: 15151, phase: 'query', message: expect.stringContaining("Cannot alter the role 'db_nope'") });
  });
});

describe('transactions', () => {
  function ledgerBackend(failOn: string) {
    const committed: string[] = [];
    let pending: string[] = [];
    const backend = scriptedBackend({
      execute: (batch) => {
        if (batch.includes(failOn)) {
          throw Object.assign(new Error("User, group, or role 'app' already exists in the current database."), { number: 15023, state: 1, class: 16 });
        }
        pending.push(batch);
        return { recordsets: [], rowsAffected: [] };
      },
      endTransaction: (ok) => {
        if (ok) committed.push(...pending);
        pending = [];
      },
    });
    return { backend, committed };
  }

  test('all statements take effect together', async () => {
    const { backend, committed } = ledgerBackend('never');
    const server = await fixture.start({ backend });
    const { connection } = await connectTo(server.port);
    await connection.runInTransaction([{ text: 'CREATE USER [app] WITH SID = 0x01, TYPE = E;' }, { text: 'ALTER ROLE [db_datareader] ADD MEMBER [app];' }]);
    await connection.close();
    expect(committed).toEqual(['CREATE USER [app] WITH SID = 0x01, TYPE = E;', 'ALTER ROLE [db_datareader] ADD MEMBER [app];']);
    expect(server.received.requests().map((r) => r.kind)).toContain('commit');
  });

  test('a failure in the middle leaves nothing behind and reports the failing statement', async () => {
    const { backend, committed } = ledgerBackend('CREATE USER');
    const server = await fixture.start({ backend });
    const { connection } = await connectTo(server.port);
    const failure = await connection
      .runInTransaction([{ text: 'ALTER ROLE [db_datareader] ADD MEMBER [other];' }, { text: 'CREATE USER [app] WITH SID = 0x01, TYPE = E;' }, { text: 'ALTER ROLE [db_datawriter] ADD MEMBER [app];' }])
      .catch((e: unknown) => e);
    // The connection is still usable afterwards.
    await connection.query({ text: 'SELECT 1 AS one' });
    await connection.close();

    expect(failure).toMatchObject({ number: 15023, phase: 'query' });
    expect(committed).toEqual([]);
    const texts = server.received.requests().map((r) => r.text);
    expect(texts).not.toContain('ALTER ROLE [db_datawriter] ADD MEMBER [app];');
  });
});

describe('login refused', () => {
  const AZURE_TEXTS: [number, string][] = [
    [40615, "Cannot open server 'contoso-sql' requested by the login. Client with IP address '203.0.113.9' is not allowed to access the server.  To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  It may take up to five minutes for this change to take effect."],
    [18456, "Login failed for user '<token-identified principal>'."],
    [47073, 'Reason: An instance-specific error occurred while establishing a connection to SQL Server. Connection was denied since Deny Public Network Access is set to Yes (https://docs.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access). To connect to this server, use the Private Endpoint from inside your virtual network.'],
    [40613, "Database 'appdb' on server 'contoso-sql' is not currently available.  Please retry the connection later.  If the problem persists, contact customer support, and provide them the session tracing ID of '0d1c'."],
    [4060, 'Cannot open database "appdb" requested by the login. The login failed.'],
  ];

  test.each(AZURE_TEXTS)('error %i arrives without its number and is recognised by its text', async (number, message) => {
    const server = await fixture.start({
      backend: scriptedBackend({
        login: () => {
          throw Object.assign(new Error(message), { number, state: 1, class: 14 });
        },
      }),
    });
    const started = Date.now();
    const failure = await connectTo(server.port).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SqlFailure);
    expect(failure).toMatchObject({ number, phase: 'login', message });
    expect(server.received.connections).toHaveLength(1); // no silent retries by the driver
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('the firewall error names the IP the server saw', async () => {
    const { ipFromFirewallMessage } = await import('../../src/sql/classify-sql-error.js');
    const server = await fixture.start({
      clientIpSeenAs: '198.51.100.23',
      backend: scriptedBackend({
        login: (request) => {
          throw Object.assign(new Error(`Cannot open server 'contoso-sql' requested by the login. Client with IP address '${request.clientIp}' is not allowed to access the server.`), { number: 40615, state: 1, class: 14 });
        },
      }),
    });
    const failure = (await connectTo(server.port).catch((e: unknown) => e)) as SqlFailure;
    expect(failure.number).toBe(40615);
    expect(ipFromFirewallMessage(failure.message)).toBe('198.51.100.23');
  });
});

describe('unreachable', () => {
  test('a refused connection names the endpoint', async () => {
    const server = await fixture.start({ backend: scriptedBackend({}) });
    const port = server.port;
    await server.close();
    const failure = await connectTo(port).catch((e: unknown) => e);
    expect(failure).toMatchObject({ phase: 'connect', message: expect.stringContaining(`Could not connect to 127.0.0.1:${port} (ECONNREFUSED)`) });
  });

  test('a server that never answers times out, naming the endpoint', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const connect = createMssqlConnector({ trustedCa: fixture.certs().ca, connectTimeoutMs: 300 });
      const failure = await connect({ serverName: SERVER_FQDN, endpoint: { host: '127.0.0.1', port }, database: 'appdb', credential: fakeCredential(me) })
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ phase: 'connect', message: expect.stringContaining(`Timed out connecting to 127.0.0.1:${port}`) });
    } finally {
      silent.close();
    }
  });

  test('a name that does not resolve names host and port', async () => {
    const connect = createMssqlConnector({ trustedCa: fixture.certs().ca, connectTimeoutMs: 3_000 });
    const failure = await connect({ serverName: 'no-such-server.invalid', database: 'appdb', credential: fakeCredential(me) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ phase: 'connect', message: expect.stringContaining('no-such-server.invalid:1433') });
  });
});
