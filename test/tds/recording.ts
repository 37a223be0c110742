// What the TDS test server saw on each connection. Never the token itself: only its length, its
// claims, and on which layer it arrived.
import type { SqlValue } from '../../src/sql/connection.js';

export type Layer = 'plain' | 'tls';

export interface ReceivedMessage {
  type: string;
  layer: Layer;
  length: number;
}

export interface ReceivedToken {
  /** 'login7': inside the LOGIN7 FEDAUTH extension; 'fedauth-token': a FEDAUTH_TOKEN message after FEDAUTHINFO. */
  via: 'login7' | 'fedauth-token';
  layer: Layer;
  length: number;
  claims: Record<string, unknown>;
}

export interface ReceivedLogin {
  serverName: string;
  database: string;
  hostname: string;
  appName: string;
  libraryName: string;
  fedAuth: { library: string; echo: boolean; workflow?: number } | undefined;
}

export interface ReceivedRequest {
  kind: 'batch' | 'rpc' | 'begin' | 'commit' | 'rollback';
  text: string;
  params: Record<string, SqlValue>;
  layer: Layer;
  error?: number;
}

export interface ReceivedConnection {
  clientIp: string;
  /** The ENCRYPTION byte of the client's PRELOGIN. */
  clientEncryption: number | undefined;
  messages: ReceivedMessage[];
  /** The SNI name the client's TLS handshake carried. */
  tlsServerName: string | undefined;
  tlsUp: boolean;
  login: ReceivedLogin | undefined;
  token: ReceivedToken | undefined;
  loginError: { number: number; message: string } | undefined;
  requests: ReceivedRequest[];
  /** Every byte read off the socket, for scanning: ciphertext once TLS is up. */
  wire: Buffer[];
}

export interface Received {
  connections: ReceivedConnection[];
  /** All requests of all connections, in arrival order. */
  requests(): ReceivedRequest[];
  /** The socket bytes of all connections, concatenated. */
  wireBytes(): Buffer;
}

export function newReceived(): Received {
  const connections: ReceivedConnection[] = [];
  return {
    connections,
    requests: () => connections.flatMap((c) => c.requests),
    wireBytes: () => Buffer.concat(connections.flatMap((c) => c.wire)),
  };
}

/** The claims of a JWT, decoded without checking it; {} when it is not one. */
export function tokenClaims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const keep = ['aud', 'iss', 'tid', 'oid', 'upn', 'appid', 'idtyp', 'exp'];
    return Object.fromEntries(Object.entries(claims).filter(([key]) => keep.includes(key)));
  } catch {
    return {};
  }
}
