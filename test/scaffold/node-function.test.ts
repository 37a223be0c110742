// Runs the generated src/functions/tables.ts, transpiled by typescript, with stand-ins for @azure/functions and mssql.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { localSqlSettings, USER_ASSIGNED_CLIENT_ID, writeSample } from './helpers.js';

type Handler = (request: { query: URLSearchParams }, context: { error: (...args: unknown[]) => void }) => Promise<unknown>;

interface Query {
  text: string;
  inputs: Array<{ name: string; type: unknown; value: unknown }>;
}

// The mssql type the function must bind @top with.
const Int = { typeName: 'Int' };

/** A stand-in mssql: records each pool's config and queries, answers with fixed rows, can refuse connects. */
function fakeMssql(connectFailures = 0) {
  const pools: FakePool[] = [];
  let failuresLeft = connectFailures;
  class FakePool {
    readonly queries: Query[] = [];
    connects = 0;
    readonly listeners: string[] = [];
    constructor(readonly config: unknown) {
      pools.push(this);
    }
    on(event: string) {
      this.listeners.push(event);
      return this;
    }
    async connect() {
      this.connects += 1;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error("Login failed for user '<token-identified principal>'.");
      }
      return this;
    }
    request() {
      const query: Query = { text: '', inputs: [] };
      const request = {
        input: (name: string, type: unknown, value: unknown) => {
          query.inputs.push({ name, type, value });
          return request;
        },
        query: async (text: string) => {
          query.text = text;
          this.queries.push(query);
          if (text.includes('USER_NAME()')) return { recordset: [{ user: 'my-app', database: 'mydb' }] };
          return { recordset: [{ schema: 'dbo', name: 'Customers', extra: 'not returned' }, { schema: 'sales', name: 'Orders' }] };
        },
      };
      return request;
    }
  }
  return { module: { ConnectionPool: FakePool, Int }, pools };
}

/** Evaluates the transpiled function as CommonJS, with its own process.env and stand-in modules. */
function loadFunction(javascript: string, env: Record<string, string>, mssql: ReturnType<typeof fakeMssql>) {
  const registered: Array<{ name: string; options: { methods: string[]; authLevel: string; handler: Handler } }> = [];
  const modules: Record<string, unknown> = {
    '@azure/functions': { app: { http: (name: string, options: never) => registered.push({ name, options }) } },
    mssql: mssql.module,
  };
  const require = (id: string) => {
    if (!(id in modules)) throw new Error(`unexpected require('${id}')`);
    return modules[id];
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', 'process', javascript)(require, module, module.exports, { env });
  const only = registered[0];
  if (!only || registered.length !== 1) throw new Error('expected exactly one registered function');
  return only;
}

const request = (query = '') => ({ query: new URLSearchParams(query) });
const context = () => ({ error: vi.fn() });

describe('generated TypeScript function', () => {
  let systemJs: string;
  let systemEnv: Record<string, string>;
  let userJs: string;
  let userEnv: Record<string, string>;

  async function transpiled(outDir: string): Promise<string> {
    const source = await readFile(join(outDir, 'src/functions/tables.ts'), 'utf8');
    const result = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      reportDiagnostics: true,
    });
    expect(result.diagnostics ?? []).toEqual([]);
    return result.outputText;
  }

  beforeAll(async () => {
    const system = await writeSample('node-ts');
    const user = await writeSample('node-ts', { identityClientId: USER_ASSIGNED_CLIENT_ID });
    [systemJs, userJs] = await Promise.all([transpiled(system.outDir), transpiled(user.outDir)]);
    [systemEnv, userEnv] = await Promise.all([localSqlSettings(system.outDir), localSqlSettings(user.outDir)]);
  });

  it('registers one GET function, tables, behind a function key', () => {
    const { name, options } = loadFunction(systemJs, systemEnv, fakeMssql());
    expect(name).toBe('tables');
    expect(options.methods).toEqual(['GET']);
    expect(options.authLevel).toBe('function');
  });

  it('system-assigned: connects with azure-active-directory-default and no client id', async () => {
    const mssql = fakeMssql();
    await loadFunction(systemJs, systemEnv, mssql).options.handler(request(), context());
    expect(mssql.pools[0]?.config).toEqual({
      server: 'myserver.database.windows.net',
      port: 1433,
      database: 'mydb',
      authentication: { type: 'azure-active-directory-default', options: {} },
      options: { encrypt: true },
    });
  });

  it('user-assigned: passes the client id from AZURE_SQL_CLIENTID', async () => {
    const mssql = fakeMssql();
    await loadFunction(userJs, userEnv, mssql).options.handler(request(), context());
    expect(mssql.pools[0]?.config).toMatchObject({
      authentication: { type: 'azure-active-directory-default', options: { clientId: USER_ASSIGNED_CLIENT_ID } },
    });
  });

  it('runs the parameterised query and answers JSON with the user and the tables', async () => {
    const mssql = fakeMssql();
    const response = await loadFunction(systemJs, systemEnv, mssql).options.handler(request('top=5'), context());
    expect(response).toEqual({
      status: 200,
      jsonBody: {
        user: 'my-app',
        database: 'mydb',
        tables: [
          { schema: 'dbo', name: 'Customers' },
          { schema: 'sales', name: 'Orders' },
        ],
      },
    });
    const tablesQuery = mssql.pools[0]?.queries.find((q) => q.text.includes('INFORMATION_SCHEMA.TABLES'));
    expect(tablesQuery?.text).toMatch(/^SELECT TOP \(@top\) TABLE_SCHEMA AS \[schema\], TABLE_NAME AS \[name\] FROM INFORMATION_SCHEMA\.TABLES /);
    expect(tablesQuery?.inputs).toEqual([{ name: 'top', type: Int, value: 5 }]);
  });

  it('opens one pool and reuses it across invocations', async () => {
    const mssql = fakeMssql();
    const { handler } = loadFunction(systemJs, systemEnv, mssql).options;
    await Promise.all([handler(request(), context()), handler(request(), context())]);
    await handler(request('top=3'), context());
    expect(mssql.pools).toHaveLength(1);
    expect(mssql.pools[0]?.connects).toBe(1);
    expect(mssql.pools[0]?.listeners).toContain('error');
    expect(mssql.pools[0]?.queries.filter((q) => q.text.includes('TOP (@top)')).map((q) => q.inputs[0]?.value)).toEqual([10, 10, 3]);
  });

  it('after a failed connect, answers 500 without the driver message, logs it, and the next call retries', async () => {
    const mssql = fakeMssql(1);
    const { handler } = loadFunction(systemJs, systemEnv, mssql).options;
    const failedContext = context();
    const failed = await handler(request(), failedContext);
    expect(failed).toEqual({ status: 500, jsonBody: { error: "The database query failed; the function's log has the details." } });
    expect(failedContext.error).toHaveBeenCalledOnce();
    const retried = await handler(request(), context());
    expect(retried).toMatchObject({ status: 200 });
    expect(mssql.pools).toHaveLength(2);
  });

  it('answers 400 for a top that is not a whole number from 1 to 100, without connecting', async () => {
    const mssql = fakeMssql();
    const { handler } = loadFunction(systemJs, systemEnv, mssql).options;
    for (const top of ['0', '101', 'abc', '-1', '1.5', '5; DROP TABLE x']) {
      expect(await handler(request(`top=${encodeURIComponent(top)}`), context())).toEqual({
        status: 400,
        jsonBody: { error: 'top must be a whole number from 1 to 100.' },
      });
    }
    expect(mssql.pools).toEqual([]);
  });

  it('names a missing or unusable setting', async () => {
    const { AZURE_SQL_SERVER: _server, ...withoutServer } = systemEnv;
    const missing = await loadFunction(systemJs, withoutServer, fakeMssql()).options.handler(request(), context());
    expect(missing).toEqual({ status: 500, jsonBody: { error: 'The app setting AZURE_SQL_SERVER is not set.' } });
    const badType = { ...systemEnv, AZURE_SQL_AUTHENTICATIONTYPE: 'sql-password' };
    const unusable = await loadFunction(systemJs, badType, fakeMssql()).options.handler(request(), context());
    expect(unusable).toMatchObject({ status: 500, jsonBody: { error: expect.stringContaining('AZURE_SQL_AUTHENTICATIONTYPE') } });
  });
});
