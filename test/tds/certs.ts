// Test certificates made at test time with the openssl CLI: a throwaway CA and a server certificate
// for the server's real name. Nothing here is ever committed; the files live in a temp directory.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate (what a client must trust). */
  ca: string;
  /** The same CA as a file, for NODE_EXTRA_CA_CERTS in a spawned process. */
  caFile: string;
  key: string;
  cert: string;
  dir: string;
  remove(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/** A CA and a server certificate whose SAN lists `hostnames` (EC keys: fast to make). */
export async function makeTestCertificates(hostnames: string[]): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'tds-certs-'));
  const san = hostnames.map((name) => `DNS:${name}`).join(',');
  await writeFile(join(dir, 'server.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  await openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2', '-subj', '/CN=azsql-mi-setup test CA', '-out', 'ca.pem']);
  await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key']);
  await openssl(dir, ['req', '-new', '-key', 'server.key', '-subj', `/CN=${hostnames[0] ?? 'localhost'}`, '-out', 'server.csr']);
  await openssl(dir, [
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', 'server.ext', '-out', 'server.pem',
  ]);
  const [ca, key, cert] = await Promise.all(['ca.pem', 'server.key', 'server.pem'].map((f) => readFile(join(dir, f), 'utf8')));
  return {
    ca: ca!, key: key!, cert: cert!, dir, caFile: join(dir, 'ca.pem'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
