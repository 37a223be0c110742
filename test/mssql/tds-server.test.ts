// The TDS test server itself, driven by the raw driver: both FEDAUTH forms, and proof that its wire
// scan would catch a token sent in the clear (so the product's "never before TLS" test can fail).
import sql from 'mssql';
import { expect, test } from 'vitest';
import { fakeCredential } from '../tds/fake-credential.js';
import { SERVER_FQDN, useTdsFixture } from '../tds/fixture.js';
import { scriptedBackend } from '../tds/scripted-backend.js';

const fixture = useTdsFixture();
const me = { oid: '11111111-0000-4000-8000-000000000001', tid: '22222222-0000-4000-8000-000000000002', upn: 'ada@contoso.com' };

function rawConfig(port: number, authentication: sql.config['authentication']): sql.config {
  return {
    server: SERVER_FQDN,
    port,
    database: 'appdb',
    authentication,
    options: {
      encrypt: true,
      trustServerCertificate: false,
      connector: () => import('node:net').then(({ connect }) => connect({ host: '127.0.0.1', port })),
      cryptoCredentialsDetails: { ca: fixture.certs().ca },
      maxRetriesOnTransientErrors: 0,
    },
  };
}

test('a token sent inside LOGIN7 (azure-active-directory-access-token) arrives over TLS', async () => {
  const server = await fixture.start({ backend: scriptedBackend({ execute: () => ({ recordsets: [[{ ok: 1 }]], rowsAffected: [] }) }) });
  const { token } = (await fakeCredential(me).getToken('https://database.windows.net/.default'))!;
  const pool = await new sql.ConnectionPool(rawConfig(server.port, { type: 'azure-active-directory-access-token', options: { token } })).connect();
  const result = await pool.request().query('SELECT 1 AS ok');
  await pool.close();
  expect(result.recordset).toEqual([{ ok: 1 }]);
  expect(server.received.connections[0]?.login?.fedAuth?.library).toBe('securityToken');
  expect(server.received.connections[0]?.token).toMatchObject({ via: 'login7', layer: 'tls', length: token.length, claims: { oid: me.oid } });
  expect(server.received.wireBytes().includes(Buffer.from(token, 'utf16le'))).toBe(false);
});

test('the raw driver would send the token in the clear to a server that does not encrypt, and the scan sees it', async () => {
  const server = await fixture.start({ backend: scriptedBackend({}), encryption: 'none' });
  const credential = fakeCredential(me);
  const pool = await new sql.ConnectionPool(rawConfig(server.port, { type: 'token-credential', options: { credential } })).connect();
  await pool.close();
  expect(server.received.connections[0]?.token?.layer).toBe('plain');
  expect(server.received.wireBytes().includes(Buffer.from(credential.lastToken!, 'utf16le'))).toBe(true);
});

test('result sets: big and small integers, fractions, long text, several result sets, and rows affected', async () => {
  const long = 'x'.repeat(5000);
  const server = await fixture.start({
    backend: scriptedBackend({
      execute: () => ({
        recordsets: [[{ n: 1 }, { n: 2 ** 40 }, { n: null }], [{ f: 1.5, t: long }]],
        rowsAffected: [2],
      }),
    }),
  });
  const pool = await new sql.ConnectionPool(rawConfig(server.port, { type: 'token-credential', options: { credential: fakeCredential(me) } })).connect();
  const result = await pool.request().query('SELECT n FROM t; SELECT f, t FROM u; UPDATE v SET w = 1;');
  await pool.close();
  const [integers, others] = result.recordsets as sql.IRecordSet<unknown>[];
  expect(integers).toEqual([{ n: '1' }, { n: String(2 ** 40) }, { n: null }]);
  expect(others).toEqual([{ f: 1.5, t: long }]);
  expect(result.rowsAffected).toEqual([3, 1, 2]);
});
