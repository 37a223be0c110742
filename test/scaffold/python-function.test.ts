// Runs the generated function_app.py under python3 with stand-ins for azure.functions, pyodbc and azure.identity.
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { localSqlSettings, tempDir, USER_ASSIGNED_CLIENT_ID, writeSample } from './helpers.js';

const run = promisify(execFile);
const STAND_INS = join(import.meta.dirname, 'python-stand-ins');

const DRIVER = 'Driver={ODBC Driver 18 for SQL Server};';
const SERVER = 'Server=tcp:myserver.database.windows.net,1433;Database=mydb;';
const SECURE = 'Encrypt=yes;TrustServerCertificate=no;Connection Timeout=30;';
const SCOPE = 'https://database.windows.net/.default';

interface Outcome {
  routes: Record<string, string[]>;
  authLevel: string;
  responses: Array<{ status: number; mimetype: string; body: Record<string, unknown> }>;
  connects: Array<{ connection_string: string; attrs_before: Record<string, string> | null }>;
  executes: Array<{ sql: string; params: unknown[] }>;
  closed: number;
  tokenRequests: string[][];
}

let standIns: string;

beforeAll(async () => {
  // A copy, so nothing python writes lands in the repository.
  standIns = join(await tempDir(), 'stand-ins');
  await cp(STAND_INS, standIns, { recursive: true });
});

/** Calls the tables route once per query, with only the given environment (plus PATH for python3). */
async function callFunction(projectDir: string, env: Record<string, string>, queries: Array<Record<string, string>>): Promise<Outcome> {
  const { stdout } = await run('python3', [join(standIns, 'run_function.py'), projectDir, JSON.stringify(queries)], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PYTHONPATH: standIns, PYTHONDONTWRITEBYTECODE: '1', ...env },
  });
  return JSON.parse(stdout) as Outcome;
}

/** What the driver must receive: the token's UTF-16-LE bytes behind their length as 4 little-endian bytes. */
function tokenStructHex(token: string): string {
  const bytes = Buffer.from(token, 'utf16le');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, bytes]).toString('hex');
}

describe('generated Python function', () => {
  let systemDir: string;
  let userDir: string;

  beforeAll(async () => {
    systemDir = (await writeSample('python')).outDir;
    userDir = (await writeSample('python', { identityClientId: USER_ASSIGNED_CLIENT_ID })).outDir;
  });

  it('compiles with python3 -m py_compile', async () => {
    await expect(run('python3', ['-m', 'py_compile', join(systemDir, 'function_app.py')])).resolves.toBeDefined();
  });

  it('registers one GET route, tables, behind a function key', async () => {
    const outcome = await callFunction(systemDir, await localSqlSettings(systemDir), []);
    expect(outcome.routes).toEqual({ tables: ['GET'] });
    expect(outcome.authLevel).toBe('function');
  });

  it('in Azure, system-assigned: ActiveDirectoryMsi without a UID, and no token of its own', async () => {
    const env = { ...(await localSqlSettings(systemDir)), WEBSITE_INSTANCE_ID: 'abc123' };
    const outcome = await callFunction(systemDir, env, [{}]);
    expect(outcome.connects).toEqual([
      { connection_string: `${DRIVER}${SERVER}${SECURE}Authentication=ActiveDirectoryMsi;`, attrs_before: null },
    ]);
    expect(outcome.tokenRequests).toEqual([]);
  });

  it('in Azure, user-assigned: ActiveDirectoryMsi with UID set to the client id', async () => {
    const env = { ...(await localSqlSettings(userDir)), IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token' };
    const outcome = await callFunction(userDir, env, [{}]);
    expect(outcome.connects).toEqual([
      {
        connection_string: `${DRIVER}${SERVER}${SECURE}Authentication=ActiveDirectoryMsi;UID=${USER_ASSIGNED_CLIENT_ID};`,
        attrs_before: null,
      },
    ]);
  });

  it('locally: passes the exact token struct (4-byte LE length + UTF-16-LE) as attribute 1256, no UID or Authentication', async () => {
    const env = { ...(await localSqlSettings(userDir)), STANDIN_TOKENS: JSON.stringify([{ token: 'ab.c', expires_in: 3600 }]) };
    const outcome = await callFunction(userDir, env, [{}]);
    expect(outcome.connects).toEqual([
      { connection_string: `${DRIVER}${SERVER}${SECURE}`, attrs_before: { '1256': '08000000' + '61006200' + '2e006300' } },
    ]);
    expect(outcome.tokenRequests).toEqual([[SCOPE]]);
  });

  it('locally: reuses a token across calls until 5 minutes before it expires', async () => {
    const token = 'eyJhbGciOi.local-developer-token.sig';
    const env = { ...(await localSqlSettings(systemDir)), STANDIN_TOKENS: JSON.stringify([{ token, expires_in: 3600 }]) };
    const outcome = await callFunction(systemDir, env, [{}, {}, {}]);
    expect(outcome.tokenRequests).toEqual([[SCOPE]]);
    expect(outcome.connects.map((c) => c.attrs_before?.['1256'])).toEqual(Array(3).fill(tokenStructHex(token)));
  });

  it('locally: gets a new token when the cached one is within 5 minutes of expiry', async () => {
    const planned = [
      { token: 'first-token', expires_in: 240 },
      { token: 'second-token', expires_in: 3600 },
    ];
    const env = { ...(await localSqlSettings(systemDir)), STANDIN_TOKENS: JSON.stringify(planned) };
    const outcome = await callFunction(systemDir, env, [{}, {}, {}]);
    expect(outcome.tokenRequests).toHaveLength(2);
    expect(outcome.connects.map((c) => c.attrs_before?.['1256'])).toEqual([
      tokenStructHex('first-token'),
      tokenStructHex('second-token'),
      tokenStructHex('second-token'),
    ]);
  });

  it('locally: asks for a token for the cloud the server is in', async () => {
    const env = {
      ...(await localSqlSettings(systemDir)),
      AZURE_SQL_SERVER: 'gov.database.usgovcloudapi.net',
      STANDIN_TOKENS: JSON.stringify([{ token: 't', expires_in: 3600 }]),
    };
    const outcome = await callFunction(systemDir, env, [{}]);
    expect(outcome.tokenRequests).toEqual([['https://database.usgovcloudapi.net/.default']]);
  });

  it('runs the parameterised query and answers JSON with the user and the tables', async () => {
    const env = { ...(await localSqlSettings(systemDir)), WEBSITE_INSTANCE_ID: 'abc123' };
    const outcome = await callFunction(systemDir, env, [{ top: '5' }, {}]);
    const tablesQueries = outcome.executes.filter((e) => e.sql.includes('INFORMATION_SCHEMA.TABLES'));
    expect(tablesQueries.map((e) => e.params)).toEqual([[5], [10]]);
    expect(tablesQueries[0]?.sql).toMatch(/^SELECT TOP \(\?\) TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA\.TABLES /);
    expect(outcome.responses[0]).toEqual({
      status: 200,
      mimetype: 'application/json',
      body: {
        user: 'my-app',
        database: 'mydb',
        tables: [
          { schema: 'dbo', name: 'Customers' },
          { schema: 'sales', name: 'Orders' },
        ],
      },
    });
    expect(outcome.closed).toBe(2);
  });

  it('answers 400 for a top that is not a whole number from 1 to 100, without connecting', async () => {
    const env = { ...(await localSqlSettings(systemDir)), WEBSITE_INSTANCE_ID: 'abc123' };
    const bad = ['0', '101', 'abc', '-1', '5; DROP TABLE x', '\u00b2'];
    const outcome = await callFunction(systemDir, env, bad.map((top) => ({ top })));
    expect(outcome.responses.map((r) => r.status)).toEqual(bad.map(() => 400));
    expect(outcome.responses[0]?.body.error).toBe('top must be a whole number from 1 to 100.');
    expect(outcome.connects).toEqual([]);
  });

  it('answers 500 without the driver message when the database refuses, and logs it', async () => {
    const env = { ...(await localSqlSettings(systemDir)), WEBSITE_INSTANCE_ID: 'abc123', STANDIN_PYODBC_FAIL: '1' };
    const outcome = await callFunction(systemDir, env, [{}]);
    expect(outcome.responses[0]?.status).toBe(500);
    expect(JSON.stringify(outcome.responses[0]?.body)).not.toContain('Login failed');
    expect(outcome.responses[0]?.body.error).toMatch(/log has the details/);
  });

  it('names a missing setting', async () => {
    const { AZURE_SQL_SERVER: _server, ...env } = await localSqlSettings(systemDir);
    const outcome = await callFunction(systemDir, { ...env, WEBSITE_INSTANCE_ID: 'abc123' }, [{}]);
    expect(outcome.responses[0]).toMatchObject({ status: 500, body: { error: 'The app setting AZURE_SQL_SERVER is not set.' } });
  });

  it('braces a database name that would break the connection string', async () => {
    const env = { ...(await localSqlSettings(systemDir)), AZURE_SQL_DATABASE: 'odd;db}', WEBSITE_INSTANCE_ID: 'abc123' };
    const outcome = await callFunction(systemDir, env, [{}]);
    expect(outcome.connects[0]?.connection_string).toContain('Database={odd;db}}};');
  });
});
