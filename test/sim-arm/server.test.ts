// The simulator over real HTTPS on loopback, with a certificate made now by openssl: the SDK
// trusts it through the client's tlsOptions in-process, and through NODE_EXTRA_CA_CERTS when
// spawned (how an out-of-process CLI test points the real CLI at it via a custom cloud).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqlManagementClient } from '@azure/arm-sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimArmServer, type SimArmServer } from '../../src/sim/arm/server.js';
import { SimCredential } from '../../src/sim/credential.js';
import { demoWorld } from '../../src/sim/seed.js';
import { createMemoryStore } from '../../src/sim/store.js';

const run = promisify(execFile);

/** A throwaway CA and a certificate for 127.0.0.1 signed by it, in a temp folder. */
async function makeCertificates(dir: string) {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await writeFile(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  await openssl('req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '1', '-subj', '/CN=sim-arm test CA', '-out', 'ca.pem');
  await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key');
  await openssl('req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-sha256', '-extfile', 'ext', '-out', 'server.pem');
  const [ca, key, cert] = await Promise.all(['ca.pem', 'server.key', 'server.pem'].map((f) => readFile(join(dir, f), 'utf8')));
  return { ca: ca!, key: key!, cert: cert!, caFile: join(dir, 'ca.pem') };
}

describe('startSimArmServer', () => {
  let dir = '';
  let certs: Awaited<ReturnType<typeof makeCertificates>>;
  let server: SimArmServer;
  const store = createMemoryStore(demoWorld());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-arm-'));
    certs = await makeCertificates(dir);
    server = await startSimArmServer(store, { key: certs.key, cert: certs.cert });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the real SDK over HTTPS when the client trusts the test CA through tlsOptions', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const subscriptionId = store.world.subscriptions[0]!.subscriptionId;
    const sql = new SqlManagementClient(new SimCredential(store), subscriptionId, {
      endpoint: server.url,
      credentialScopes: [`${server.url}/.default`],
      tlsOptions: { ca: certs.ca },
      retryOptions: { maxRetries: 0 },
    });
    const rule = await sql.firewallRules.createOrUpdate('rg-data', 'contoso-sql', 'office', {
      startIpAddress: '203.0.113.7',
      endIpAddress: '203.0.113.7',
    });
    expect(rule.name).toBe('office');
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', status: 201, body: { properties: { startIpAddress: '203.0.113.7' } } });
  });

  it('a spawned process trusts it through NODE_EXTRA_CA_CERTS: the custom cloud document, then the SDK', async () => {
    const script = `
      import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
      const response = await fetch(process.argv[1]);
      const [cloud] = await response.json();
      const arm = cloud.resourceManager.replace(/\\/$/, '');
      const credential = { getToken: async () => ({ token: process.env.SIM_TOKEN, expiresOnTimestamp: Date.now() + 600000 }) };
      const client = new SubscriptionClient(credential, { endpoint: arm, credentialScopes: [cloud.authentication.audiences[0] + '/.default'], retryOptions: { maxRetries: 0 } });
      const names = [];
      for await (const s of client.subscriptions.list()) names.push(s.displayName);
      console.log(JSON.stringify({ name: cloud.name, arm: cloud.resourceManager, audience: cloud.authentication.audiences[0], names }));
    `;
    const metadataUrl = `${server.url}/metadata/endpoints?api-version=2022-09-01`;
    const { token } = await new SimCredential(store).getToken(`${server.url}//.default`);
    const spawn = (caFile: string) =>
      run(process.execPath, ['--input-type=module', '-e', script, metadataUrl], {
        cwd: process.cwd(),
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, SIM_TOKEN: token },
      });
    const { stdout } = await spawn(certs.caFile);
    expect(JSON.parse(stdout)).toEqual({
      name: 'SimCloud',
      arm: `${server.url}/`,
      audience: `${server.url}/`,
      names: ['Contoso Dev', 'Contoso Prod'],
    });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/subscriptions', status: 200 });

    await expect(spawn('')).rejects.toThrow(/certificate/);
  });
});
