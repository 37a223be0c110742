import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { nodeVersions, pythonVersions } from '../../src/scaffold/dependency-versions.js';
import { fillPlaceholders } from '../../src/scaffold/render.js';
import { scaffoldProject } from '../../src/scaffold/scaffold.js';
import type { ScaffoldLanguage } from '../../src/scaffold/values.js';
import { filesUnder, localSqlSettings, readJson, tempDir, USER_ASSIGNED_CLIENT_ID, writeSample } from './helpers.js';

const PYTHON_FILES = [
  '.funcignore',
  '.gitignore',
  'README.md',
  'function_app.py',
  'host.json',
  'local.settings.json',
  'requirements.txt',
];
const NODE_FILES = [
  '.funcignore',
  '.gitignore',
  'README.md',
  'host.json',
  'local.settings.json',
  'package.json',
  'src/functions/tables.ts',
  'tsconfig.json',
];

const combinations: Array<[ScaffoldLanguage, 'system' | 'user', string[]]> = [
  ['python', 'system', PYTHON_FILES],
  ['python', 'user', PYTHON_FILES],
  ['node-ts', 'system', NODE_FILES],
  ['node-ts', 'user', NODE_FILES],
];

// Things that would be a credential if they appeared in a generated file.
const SECRET_PATTERNS = [
  /\b(password|pwd)\s*=/i,
  /\bpassword["']?\s*:\s*["']/i,
  /AccountKey/i,
  /SharedAccessKey/i,
  /client_?secret/i,
  /\beyJ[\w-]{8,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY/,
  /\bsig=[\w%]{10,}/,
];

function secretsIn(text: string): RegExp[] {
  return SECRET_PATTERNS.filter((pattern) => pattern.test(text));
}

describe('scaffoldProject', () => {
  it.each(combinations)('writes the %s sample for a %s-assigned identity: exactly its files', async (language, kind, expected) => {
    const result = await writeSample(language, kind === 'user' ? { identityClientId: USER_ASSIGNED_CLIENT_ID } : {});
    expect(result.files).toEqual(expected);
    expect(await filesUnder(result.outDir)).toEqual(expected);
  });

  it.each(combinations)('%s, %s-assigned: local.settings.json holds the settings the engine writes, no secret', async (language, kind) => {
    const clientId = kind === 'user' ? { identityClientId: USER_ASSIGNED_CLIENT_ID } : {};
    const { outDir } = await writeSample(language, clientId);
    const settings = await readJson(join(outDir, 'local.settings.json'));
    expect(settings.IsEncrypted).toBe(false);
    expect(settings.Values.FUNCTIONS_WORKER_RUNTIME).toBe(language === 'python' ? 'python' : 'node');
    expect(settings.Values.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    const common = { AZURE_SQL_SERVER: 'myserver.database.windows.net', AZURE_SQL_PORT: '1433', AZURE_SQL_DATABASE: 'mydb' };
    const expected =
      language === 'python'
        ? { ...common, AZURE_SQL_AUTHENTICATION: 'ActiveDirectoryMsi', ...(kind === 'user' ? { AZURE_SQL_USER: USER_ASSIGNED_CLIENT_ID } : {}) }
        : {
            ...common,
            AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default',
            ...(kind === 'user' ? { AZURE_SQL_CLIENTID: USER_ASSIGNED_CLIENT_ID } : {}),
          };
    expect(await localSqlSettings(outDir)).toEqual(expected);
  });

  it.each(combinations)('%s, %s-assigned: no generated file holds a token, password or key', async (language, kind) => {
    const result = await writeSample(language, kind === 'user' ? { identityClientId: USER_ASSIGNED_CLIENT_ID } : {});
    for (const file of result.files) {
      expect(secretsIn(await readFile(join(result.outDir, file), 'utf8')), file).toEqual([]);
    }
  });

  it('the secret scan catches the forms a leaked credential takes', () => {
    expect(secretsIn('Server=tcp:x,1433;UID=sa;PWD=hunter2;')).toHaveLength(1);
    expect(secretsIn('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==')).toHaveLength(1);
    expect(secretsIn('token = "eyJ0eXAiOiJKV1QiLCJhbGciOi"')).toHaveLength(1);
    expect(secretsIn('"password": "x"')).toHaveLength(1);
    expect(secretsIn('There is no password anywhere.')).toEqual([]);
  });

  it('every JSON file parses, and host.json uses the current extension bundle', async () => {
    for (const language of ['python', 'node-ts'] as const) {
      const result = await writeSample(language);
      for (const file of result.files.filter((f) => f.endsWith('.json'))) {
        await expect(readJson(join(result.outDir, file)), file).resolves.toBeTypeOf('object');
      }
      const host = await readJson(join(result.outDir, 'host.json'));
      expect(host.version).toBe('2.0');
      expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    }
  });

  it('pins requirements.txt to the version table, one exact pin per package', async () => {
    const { outDir } = await writeSample('python');
    const pins = (await readFile(join(outDir, 'requirements.txt'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(pins.sort()).toEqual(Object.entries(pythonVersions).map(([name, version]) => `${name}==${version}`).sort());
  });

  it('pins package.json to the version table and names the package after the app', async () => {
    const { outDir } = await writeSample('node-ts', { app: 'Orders-Api' });
    const pkg = await readJson(join(outDir, 'package.json'));
    expect(pkg.name).toBe('orders-api-sql-sample');
    expect(pkg.main).toBe('dist/src/functions/*.js');
    const pinned = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(pinned).toEqual(nodeVersions);
    for (const version of Object.values(pinned)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('tsconfig.json compiles src/ into dist/, where package.json main looks', async () => {
    const { outDir } = await writeSample('node-ts');
    const tsconfig = await readJson(join(outDir, 'tsconfig.json'));
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.', strict: true });
    expect(tsconfig.include).toEqual(['src']);
  });

  it('.gitignore keeps local.settings.json and build output out of git', async () => {
    const python = await writeSample('python');
    const pyIgnore = (await readFile(join(python.outDir, '.gitignore'), 'utf8')).split('\n');
    expect(pyIgnore).toEqual(expect.arrayContaining(['local.settings.json', '.venv/', '__pycache__/']));
    const node = await writeSample('node-ts');
    const nodeIgnore = (await readFile(join(node.outDir, '.gitignore'), 'utf8')).split('\n');
    expect(nodeIgnore).toEqual(expect.arrayContaining(['local.settings.json', 'node_modules/', 'dist/']));
    const funcIgnore = (await readFile(join(node.outDir, '.funcignore'), 'utf8')).split('\n');
    expect(funcIgnore).toContain('local.settings.json');
  });

  it.each(['python', 'node-ts'] as const)('the %s README names the app, server, database and identity, with no placeholder left', async (language) => {
    const system = await readFile(join((await writeSample(language)).outDir, 'README.md'), 'utf8');
    expect(system).toContain('func azure functionapp publish my-app');
    expect(system).toContain('func start');
    expect(system).toContain('az login');
    expect(system).toContain('`myserver.database.windows.net`');
    expect(system).toContain('`mydb`');
    expect(system).toContain("the Function App's system-assigned managed identity");
    expect(system).toContain('azsql-mi-setup');
    expect(system).not.toMatch(/\{\{|\}\}/);
    const user = await readFile(join((await writeSample(language, { identityClientId: USER_ASSIGNED_CLIENT_ID })).outDir, 'README.md'), 'utf8');
    expect(user).toContain(`the user-assigned managed identity whose client id is \`${USER_ASSIGNED_CLIENT_ID}\``);
    if (language === 'python') expect(system).toContain('ODBC Driver 18 for SQL Server');
  });

  it('refuses to overwrite: lists the files already there, writes nothing, exit code 2', async () => {
    const outDir = join(await tempDir(), 'sample');
    await mkdir(outDir);
    await writeFile(join(outDir, 'host.json'), 'mine');
    await writeFile(join(outDir, '.gitignore'), 'mine too');
    const attempt = scaffoldProject({ language: 'python', outDir, app: 'my-app', server: 'a.database.windows.net', database: 'db' });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    const error = (await attempt.catch((e: unknown) => e)) as UsageError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('.gitignore, host.json');
    expect(error.suggestion).toContain('--force');
    expect(await readFile(join(outDir, 'host.json'), 'utf8')).toBe('mine');
    expect(await filesUnder(outDir)).toEqual(['.gitignore', 'host.json']);
  });

  it('with force, overwrites the files it writes and leaves other files alone', async () => {
    const outDir = join(await tempDir(), 'sample');
    await mkdir(outDir);
    await writeFile(join(outDir, 'host.json'), 'mine');
    await writeFile(join(outDir, 'notes.txt'), 'keep me');
    await scaffoldProject({ language: 'node-ts', outDir, app: 'my-app', server: 'a.database.windows.net', database: 'db', force: true });
    expect((await readJson(join(outDir, 'host.json'))).version).toBe('2.0');
    expect(await readFile(join(outDir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('writes into an existing folder that holds none of its files', async () => {
    const outDir = await tempDir();
    await writeFile(join(outDir, 'notes.txt'), 'keep me');
    const result = await scaffoldProject({ language: 'python', outDir, app: 'my-app', server: 'a.database.windows.net', database: 'db' });
    expect(await filesUnder(outDir)).toEqual([...result.files, 'notes.txt'].sort());
  });

  it('refuses an output path that is a file, even with force', async () => {
    const outDir = join(await tempDir(), 'taken');
    await writeFile(outDir, 'a file');
    await expect(
      scaffoldProject({ language: 'python', outDir, app: 'my-app', server: 'a.database.windows.net', database: 'db', force: true }),
    ).rejects.toThrow(/is a file, not a folder/);
  });

  it.each([
    [{ identityClientId: 'not-a-guid' }, /not a client id/],
    [{ server: 'myserver' }, /not a server host name/],
    [{ server: 'my server.database.windows.net' }, /not a server host name/],
    [{ app: 'my app' }, /not a Function App name/],
    [{ database: '' }, /not a database name/],
    [{ language: 'dotnet' as ScaffoldLanguage }, /Unknown language/],
  ])('rejects %o as a usage error before writing anything', async (bad, message) => {
    const dir = await tempDir();
    const attempt = writeSample('python', { outDir: join(dir, 'sample'), ...bad });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('a placeholder without a value is a bug, not an empty string', () => {
    expect(fillPlaceholders('deploy {{app}}', { app: 'x' })).toBe('deploy x');
    expect(() => fillPlaceholders('{{nope}}', { app: 'x' })).toThrow(/nope/);
  });
});
