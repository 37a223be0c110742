// Test-time certificates for the out-of-process runs: one throwaway CA that signs the simulated ARM's
// certificate (for 127.0.0.1) and the SQL server's (for its real name). The CLI trusts the CA only
// through NODE_EXTRA_CA_CERTS, as a user behind a TLS-inspecting proxy would. Never committed.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  key: string;
  cert: string;
}

export interface E2eCertificates {
  /** The CA as a file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  arm: KeyPair;
  sql: KeyPair;
  remove(): Promise<void>;
}

/** EC keys: fast to make, so one set per test file costs little. */
export async function makeE2eCertificates(sqlHostnames: string[]): Promise<E2eCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-certs-'));
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  await openssl('req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2', '-subj', '/CN=azsql-mi-setup e2e test CA', '-out', 'ca.pem');
  const leaf = async (name: string, san: string): Promise<KeyPair> => {
    await writeFile(join(dir, `${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
    await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    await openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    const [key, cert] = await Promise.all([readFile(join(dir, `${name}.key`), 'utf8'), readFile(join(dir, `${name}.pem`), 'utf8')]);
    return { key, cert };
  };
  // One after the other: both leaves bump the CA's serial file.
  const arm = await leaf('arm', 'IP:127.0.0.1');
  const sql = await leaf('sql', sqlHostnames.map((h) => `DNS:${h}`).join(','));
  return { caFile: join(dir, 'ca.pem'), arm, sql, remove: () => rm(dir, { recursive: true, force: true }) };
}
