// An HTTP function that reads from Azure SQL without a password: as the app's managed identity in
// Azure, as you (`az login`) on your machine. It reads the AZURE_SQL_* settings azsql-mi-setup wrote.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { ConnectionPool, Int, type config as SqlConfig } from 'mssql';

const DEFAULT_ROWS = 10;
const MAX_ROWS = 100;

const WHO_AM_I = 'SELECT USER_NAME() AS [user], DB_NAME() AS [database]';
const TABLES =
  'SELECT TOP (@top) TABLE_SCHEMA AS [schema], TABLE_NAME AS [name] FROM INFORMATION_SCHEMA.TABLES ' +
  "WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME";

// The passwordless authentication types this sample knows; both take the client id of a user-assigned identity.
const AUTHENTICATION_TYPES = ['azure-active-directory-default', 'azure-active-directory-msi-app-service'] as const;
type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

/** An app setting this function needs is missing or has a value it cannot use. */
class SettingError extends Error {}

/** The connection settings, from the same keys Azure Service Connector uses. */
export function sqlConfig(env: NodeJS.ProcessEnv = process.env): SqlConfig {
  const clientId = env.AZURE_SQL_CLIENTID;
  return {
    server: requiredSetting(env, 'AZURE_SQL_SERVER'),
    port: Number(env.AZURE_SQL_PORT || 1433),
    database: requiredSetting(env, 'AZURE_SQL_DATABASE'),
    authentication: {
      // The default is DefaultAzureCredential: the managed identity in Azure, your `az login` account locally.
      type: authenticationType(env.AZURE_SQL_AUTHENTICATIONTYPE),
      // Set only for a user-assigned identity: its client id.
      options: clientId ? { clientId } : {},
    },
    options: { encrypt: true },
  };
}

function requiredSetting(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new SettingError(`The app setting ${name} is not set.`);
  return value;
}

function authenticationType(value: string | undefined): AuthenticationType {
  if (!value) return 'azure-active-directory-default';
  const known = AUTHENTICATION_TYPES.find((type) => type === value);
  if (!known) throw new SettingError(`The app setting AZURE_SQL_AUTHENTICATIONTYPE must be one of: ${AUTHENTICATION_TYPES.join(', ')}.`);
  return known;
}

// One pool per process, shared by every invocation; a failed connect is forgotten so the next call retries.
let pool: Promise<ConnectionPool> | undefined;

function connectedPool(): Promise<ConnectionPool> {
  pool ??= connect().catch((error: unknown) => {
    pool = undefined;
    throw error;
  });
  return pool;
}

async function connect(): Promise<ConnectionPool> {
  const created = new ConnectionPool(sqlConfig());
  // An idle connection that breaks emits 'error'; unhandled, it would end the worker process.
  created.on('error', (error: unknown) => console.error('Azure SQL connection pool error:', error));
  return created.connect();
}

export async function tables(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const top = parseTop(request.query.get('top'));
  if (top === undefined) {
    return { status: 400, jsonBody: { error: `top must be a whole number from 1 to ${MAX_ROWS}.` } };
  }
  try {
    const db = await connectedPool();
    const me = await db.request().query<{ user: string; database: string }>(WHO_AM_I);
    const list = await db.request().input('top', Int, top).query<{ schema: string; name: string }>(TABLES);
    const found = list.recordset.map(({ schema, name }) => ({ schema, name }));
    return { status: 200, jsonBody: { user: me.recordset[0]?.user, database: me.recordset[0]?.database, tables: found } };
  } catch (error) {
    if (error instanceof SettingError) return { status: 500, jsonBody: { error: error.message } };
    context.error('The query against Azure SQL failed.', error);
    return { status: 500, jsonBody: { error: "The database query failed; the function's log has the details." } };
  }
}

function parseTop(value: string | null): number | undefined {
  if (value === null || value === '') return DEFAULT_ROWS;
  if (!/^\d+$/.test(value)) return undefined;
  const top = Number(value);
  return top >= 1 && top <= MAX_ROWS ? top : undefined;
}

app.http('tables', { methods: ['GET'], authLevel: 'function', handler: tables });
