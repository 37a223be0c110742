// Turns what mssql/tedious throw into a SqlFailure: the server's error number (recognised from the text
// for login errors, which tedious reports without it), the phase, and a message naming where it failed.
import { SqlFailure } from './connection.js';

export type SqlPhase = SqlFailure['phase'];

/** Where the driver was connecting (the endpoint, which may be a tunnel), for network failure messages. */
export interface SqlTarget {
  host: string;
  port: number;
}

/** Login errors by their text, most specific first: 40615 and 40532 both start "Cannot open server". */
const LOGIN_ERRORS: [RegExp, number][] = [
  [/is not allowed to access the server/i, 40615],
  // Two documented wordings: the error-number table's and the connectivity-settings page's.
  [/Deny Public Network Access|public network interface on this server is not accessible/i, 47073],
  [/is not currently available/i, 40613],
  [/Login failed for user/i, 18456],
  [/Cannot open database/i, 4060],
  [/Cannot open server .* requested by the login\. The login failed/i, 40532],
];

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/** The IP address a 40615 message says the server saw. */
export function ipFromFirewallMessage(message: string): string | undefined {
  return /Client with IP address '([^']+)'/i.exec(message)?.[1];
}

export function loginErrorNumber(message: string): number | undefined {
  return LOGIN_ERRORS.find(([pattern]) => pattern.test(message))?.[1];
}

type Fields = { code?: unknown; number?: unknown; message?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };

/** The error and everything it wraps (mssql's originalError, cause, AggregateError.errors), outermost first. */
function chainOf(error: unknown): Fields[] {
  const chain: Fields[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 20) {
    const item = queue.shift();
    if (typeof item !== 'object' || item === null || chain.includes(item as Fields)) continue;
    const fields = item as Fields;
    chain.push(fields);
    queue.push(fields.originalError, fields.cause);
    if (Array.isArray(fields.errors)) queue.push(...fields.errors);
  }
  return chain;
}

function codesOf(chain: Fields[]): string[] {
  return chain.map((e) => e.code).filter((code): code is string => typeof code === 'string');
}

function firstMessage(chain: Fields[]): string {
  return chain.map((e) => e.message).find((m): m is string => typeof m === 'string' && m.length > 0) ?? 'unknown error';
}

function where(target: SqlTarget | undefined): string {
  return target ? `${target.host}:${target.port}` : 'the SQL server';
}

function networkFailure(chain: Fields[], codes: string[], target: SqlTarget | undefined, cause: unknown): SqlFailure | undefined {
  const at = where(target);
  const detail = firstMessage(chain);
  const dns = codes.find((code) => DNS_CODES.has(code));
  if (dns) return new SqlFailure(`Could not resolve ${target?.host ?? 'the SQL server'} (DNS ${dns}) while connecting to ${at}.`, { phase: 'connect', cause });
  const tlsCode = codes.find((code) => TLS_CODE.test(code));
  if (tlsCode) return new SqlFailure(`The TLS certificate of ${at} was not accepted (${tlsCode}): ${detail}`, { phase: 'connect', cause });
  if (codes.includes('ETIMEOUT')) return new SqlFailure(`Timed out connecting to ${at}: ${detail}`, { phase: 'connect', cause });
  const network = codes.find((code) => NETWORK_CODES.has(code));
  if (network || codes.includes('ESOCKET') || codes.includes('EINSTLOOKUP')) {
    return new SqlFailure(`Could not connect to ${at} (${network ?? codes[0]}): ${detail}`, { phase: 'connect', cause });
  }
  return undefined;
}

/**
 * @param phase what the caller was doing: 'connect' (opening the connection) or 'query'.
 * @param target the host and port the driver connects to, named in network failures.
 */
export function classifySqlError(error: unknown, phase: SqlPhase, target?: SqlTarget): SqlFailure {
  if (error instanceof SqlFailure) return error;
  const chain = chainOf(error);
  const codes = codesOf(chain);
  const message = firstMessage(chain);
  // The error that carries the server's number also carries the server's text.
  const numbered = chain.find((e) => typeof e.number === 'number');
  if (numbered) {
    return new SqlFailure(firstMessage([numbered, ...chain]), { number: numbered.number as number, phase: phase === 'connect' ? 'login' : phase, cause: error });
  }
  if (codes.includes('ENOTLS')) {
    return new SqlFailure(`${where(target)} did not encrypt the connection, so no access token was sent. Azure SQL always encrypts: check that this address is the SQL server.`, { phase: 'connect', cause: error });
  }
  if (codes.includes('EFEDAUTH')) {
    const reason = chain.slice(1).map((e) => e.message).find((m) => typeof m === 'string' && m.length > 0 && !/Security token could not be authenticated/.test(m));
    return new SqlFailure(`Could not get an access token for the database${reason ? `: ${String(reason)}` : '.'}`, { phase: 'login', cause: error });
  }
  if (codes.includes('ELOGIN')) {
    return new SqlFailure(message, { number: loginErrorNumber(message), phase: 'login', cause: error });
  }
  const isRequestTimeout = phase === 'query' && codes.includes('ETIMEOUT') && !chain.some((e) => (e as { name?: unknown }).name === 'ConnectionError');
  if (!isRequestTimeout) {
    const network = networkFailure(chain, codes, target, error);
    if (network) return network;
  }
  return new SqlFailure(message, { phase, cause: error });
}
