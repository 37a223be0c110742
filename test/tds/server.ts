// A TDS 7.4 test server the real mssql/tedious driver talks to, over TLS, with an Entra token.
// For a spawned CLI: certificates from makeTestCertificates([fqdn]) (child env NODE_EXTRA_CA_CERTS =
// certs.caFile), backend simSqlBackend(databaseSideOfWorldFile(worldPath)), clientIpSeenAs the world's
// callerIp, and the CLI run with --sql-endpoint 127.0.0.1:<port>.
import { createServer, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { TdsBackend } from './backend.js';
import { TdsConnection } from './connection.js';
import { ENCRYPT } from './prelogin.js';
import { newReceived, type Received } from './recording.js';

export interface TdsServerOptions {
  backend: TdsBackend;
  key: string;
  cert: string;
  /** The client IP the server reports (as a NAT or gateway would); default the socket's peer address. */
  clientIpSeenAs?: string;
  /** 'required' as Azure SQL (default); 'none' answers ENCRYPT_NOT_SUP, to show what crosses without TLS. */
  encryption?: 'required' | 'on' | 'none';
  /** FEDAUTHINFO: where a token-credential client gets its token, and for which resource. */
  stsUrl?: string;
  spn?: string;
}

export interface TdsServer {
  port: number;
  received: Received;
  close(): Promise<void>;
}

const ENCRYPTION = { required: ENCRYPT.REQ, on: ENCRYPT.ON, none: ENCRYPT.NOT_SUP } as const;

export async function startTdsServer(options: TdsServerOptions): Promise<TdsServer> {
  const received = newReceived();
  const sockets = new Set<Socket>();
  const settings = {
    backend: options.backend,
    secureContext: createSecureContext({ key: options.key, cert: options.cert }),
    encryption: ENCRYPTION[options.encryption ?? 'required'],
    stsUrl: options.stsUrl ?? 'https://login.microsoftonline.com/common',
    spn: options.spn ?? 'https://database.windows.net/',
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const record = {
      clientIp: options.clientIpSeenAs ?? (socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      clientEncryption: undefined, messages: [], tlsServerName: undefined, tlsUp: false,
      login: undefined, token: undefined, loginError: undefined, requests: [], wire: [],
    };
    received.connections.push(record);
    new TdsConnection(socket, settings, record);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('TDS test server has no port');
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
