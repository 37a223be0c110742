// Errors shaped exactly as mssql 12 / tedious 19 build them, turned into SqlFailure.
import sql from 'mssql';
import { ConnectionError as TediousConnectionError, RequestError as TediousRequestError } from 'tedious';
import { describe, expect, test } from 'vitest';
import { classifySqlError, ipFromFirewallMessage } from '../../src/sql/classify-sql-error.js';
import { SqlFailure } from '../../src/sql/connection.js';

const target = { host: 'contoso-sql.database.windows.net', port: 1433 };

/** What pool.connect() rejects with: mssql's ConnectionError around tedious's. */
function connectError(message: string, code: string, cause?: unknown): Error {
  return new sql.ConnectionError(new TediousConnectionError(message, code, { cause }) as unknown as Error);
}

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('login errors arrive without a number', () => {
  test.each([
    [40615, "Cannot open server 'contoso-sql' requested by the login. Client with IP address '203.0.113.9' is not allowed to access the server.  To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  It may take up to five minutes for this change to take effect."],
    [47073, 'Reason: An instance-specific error occurred while establishing a connection to SQL Server. Connection was denied since Deny Public Network Access is set to Yes (https://docs.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access).'],
    [47073, 'Reason: An instance-specific error occurred while establishing a connection to SQL Server. Connection was denied because Deny Public Network Access is set to Yes.'],
    [47073, 'An instance-specific error occurred while establishing a connection to SQL Server. The public network interface on this server is not accessible. To connect to this server, use the Private Endpoint from inside your virtual network.'],
    [40613, "Database 'appdb' on server 'contoso-sql' is not currently available.  Please retry the connection later."],
    [18456, "Login failed for user '<token-identified principal>'."],
    [4060, 'Cannot open database "appdb" requested by the login. The login failed.'],
    [40532, 'Cannot open server "127" requested by the login. The login failed.'],
  ])('%i is recognised by its text', (number, message) => {
    const failure = classifySqlError(connectError(message, 'ELOGIN'), 'connect', target);
    expect(failure).toMatchObject({ number, phase: 'login', message });
  });

  test('an unknown login error keeps its text and has no number', () => {
    const failure = classifySqlError(connectError('Login failed.', 'ELOGIN'), 'connect', target);
    expect(failure).toMatchObject({ number: undefined, phase: 'login', message: 'Login failed.' });
  });

  test('a login error while the pool reconnects during a query is still a login failure', () => {
    const failure = classifySqlError(connectError("Login failed for user '<token-identified principal>'.", 'ELOGIN'), 'query', target);
    expect(failure).toMatchObject({ number: 18456, phase: 'login' });
  });
});

describe('the IP in a firewall refusal', () => {
  test('is read from the 40615 text', () => {
    expect(ipFromFirewallMessage("Cannot open server 's' requested by the login. Client with IP address '203.0.113.9' is not allowed to access the server.")).toBe('203.0.113.9');
    expect(ipFromFirewallMessage("Client with IP address '2001:db8::7' is not allowed to access the server.")).toBe('2001:db8::7');
  });

  test('is absent from other errors', () => {
    expect(ipFromFirewallMessage("Login failed for user '<token-identified principal>'.")).toBeUndefined();
  });
});

describe('errors after login carry their number', () => {
  test('a statement error as mssql reports it', () => {
    const info = { number: 33131, state: 1, class: 16, message: "Principal 'app' has a duplicate display name.", serverName: 'contoso-sql', procName: '', lineNumber: 1 };
    const error = new sql.RequestError(Object.assign(new Error(info.message), { info }), 'EREQUEST');
    expect(classifySqlError(error, 'query', target)).toMatchObject({ number: 33131, phase: 'query', message: info.message });
  });

  test('a transaction the server aborted reports the statement that failed', () => {
    const cause = Object.assign(new TediousRequestError("User, group, or role 'app' already exists in the current database.", 'EREQUEST'), { number: 15023 });
    const aborted = new sql.TransactionError('Transaction has been aborted.', 'EABORT');
    Object.defineProperty(aborted, 'originalError', { value: cause });
    expect(classifySqlError(aborted, 'query', target)).toMatchObject({ number: 15023, phase: 'query', message: "User, group, or role 'app' already exists in the current database." });
  });

  test('a request timeout stays a query failure', () => {
    const error = new sql.RequestError(new TediousRequestError('Timeout: Request failed to complete in 60000ms', 'ETIMEOUT') as unknown as Error, 'ETIMEOUT');
    expect(classifySqlError(error, 'query', target)).toMatchObject({ number: undefined, phase: 'query', message: 'Timeout: Request failed to complete in 60000ms' });
  });
});

describe('network failures name host and port', () => {
  test('DNS failure', () => {
    const error = connectError(`Failed to connect to ${target.host}:1433 - getaddrinfo ENOTFOUND ${target.host}`, 'ESOCKET', systemError('ENOTFOUND', `getaddrinfo ENOTFOUND ${target.host}`));
    const failure = classifySqlError(error, 'connect', target);
    expect(failure).toMatchObject({ phase: 'connect', number: undefined });
    expect(failure.message).toBe('Could not resolve contoso-sql.database.windows.net (DNS ENOTFOUND) while connecting to contoso-sql.database.windows.net:1433.');
  });

  test('DNS not answering', () => {
    const error = connectError('Failed to connect', 'ESOCKET', systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN'));
    expect(classifySqlError(error, 'connect', target).message).toContain('(DNS EAI_AGAIN) while connecting to contoso-sql.database.windows.net:1433');
  });

  test('login timeout', () => {
    const error = connectError(`Failed to connect to ${target.host}:1433 in 30000ms`, 'ETIMEOUT');
    const failure = classifySqlError(error, 'connect', { host: '10.0.0.4', port: 11433 });
    expect(failure).toMatchObject({ phase: 'connect', message: `Timed out connecting to 10.0.0.4:11433: Failed to connect to ${target.host}:1433 in 30000ms` });
  });

  test('refused', () => {
    const refused = new AggregateError([systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1433')], 'Could not connect (sequence)');
    const failure = classifySqlError(connectError('Failed to connect to localhost:1433 - Could not connect (sequence)', 'ESOCKET', refused), 'connect', { host: 'localhost', port: 1433 });
    expect(failure).toMatchObject({ phase: 'connect', message: expect.stringMatching(/^Could not connect to localhost:1433 \(ECONNREFUSED\)/) });
  });
});

describe('the token', () => {
  test('a credential that cannot give one is a login failure with its reason', () => {
    const credentialError = Object.assign(new Error("Please run 'az login' to setup account."), { name: 'CredentialUnavailableError' });
    const aggregate = new AggregateError([new TediousConnectionError('Security token could not be authenticated or authorized.', 'EFEDAUTH'), credentialError]);
    const failure = classifySqlError(new sql.ConnectionError(aggregate), 'connect', target);
    expect(failure).toMatchObject({ phase: 'login', number: undefined, message: "Could not get an access token for the database: Please run 'az login' to setup account." });
  });
});

test('a SqlFailure passes through unchanged', () => {
  const failure = new SqlFailure('already classified', { number: 40613, phase: 'login' });
  expect(classifySqlError(failure, 'query')).toBe(failure);
});

test('anything else keeps its message and the phase it happened in', () => {
  expect(classifySqlError(new Error('boom'), 'query')).toMatchObject({ phase: 'query', number: undefined, message: 'boom' });
  expect(classifySqlError('not even an error', 'connect')).toMatchObject({ phase: 'connect', message: 'unknown error' });
});
