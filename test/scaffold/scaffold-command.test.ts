import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runScaffoldCommand, serverFqdn } from '../../src/cli/scaffold-command.js';
import { filesUnder, localSqlSettings, tempDir, USER_ASSIGNED_CLIENT_ID } from './helpers.js';

async function scaffold(args: string[], cwd?: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runScaffoldCommand(args, { stdout, stderr, env: {}, cwd: cwd ?? (await tempDir()) });
  return { code, stdout: out, stderr: err };
}

const VALID = ['--language', 'python', '--server', 'myserver', '--database', 'mydb', '--app', 'my-app'];

describe('azsql-mi-setup scaffold', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await scaffold(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: azsql-mi-setup scaffold --language python|node-ts');
    expect(result.stdout).toContain('--client-id <guid>');
  });

  it('writes ./<app>-sql-sample by default, with a bare server name made fully qualified', async () => {
    const cwd = await tempDir();
    const result = await scaffold(VALID, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const outDir = join(cwd, 'my-app-sql-sample');
    expect(await localSqlSettings(outDir)).toMatchObject({ AZURE_SQL_SERVER: 'myserver.database.windows.net', AZURE_SQL_DATABASE: 'mydb' });
    expect(result.stdout).toContain('Wrote a Python sample for my-app to ./my-app-sql-sample:');
    for (const file of await filesUnder(outDir)) expect(result.stdout).toContain(`    ${file}\n`);
    expect(result.stdout).toContain('cd ./my-app-sql-sample');
    expect(result.stdout).toContain('pip install -r requirements.txt');
    expect(result.stdout).toContain('Deploy: func azure functionapp publish my-app');
  });

  it('--out, --client-id and node-ts: a TypeScript sample for a user-assigned identity', async () => {
    const cwd = await tempDir();
    const args = ['--language', 'node-ts', '--server', 'tcp:s1.database.windows.net,1433', '--database', 'mydb', '--app', 'my-app'];
    const result = await scaffold([...args, '--client-id', USER_ASSIGNED_CLIENT_ID, '--out', 'elsewhere'], cwd);
    expect(result.code).toBe(0);
    expect(await localSqlSettings(join(cwd, 'elsewhere'))).toMatchObject({
      AZURE_SQL_SERVER: 's1.database.windows.net',
      AZURE_SQL_CLIENTID: USER_ASSIGNED_CLIENT_ID,
    });
    expect(result.stdout).toContain('npm install');
    expect(result.stdout).toContain('Deploy: npm run build && func azure functionapp publish my-app');
  });

  it('refuses to overwrite a previous run (exit 2, naming the files) until --force', async () => {
    const cwd = await tempDir();
    expect((await scaffold(VALID, cwd)).code).toBe(0);
    const again = await scaffold(VALID, cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has files the sample would write: .funcignore, .gitignore, README.md');
    expect(again.stderr).toContain('--force');
    expect(again.stdout).toBe('');
    const forced = await scaffold([...VALID, '--force'], cwd);
    expect(forced.code).toBe(0);
  });

  it.each([
    [['--language', 'python'], '--server, --database, --app are required.'],
    [VALID.filter((_, i) => i > 1), '--language is required.'],
    [VALID.slice(0, 6), '--app is required.'],
    [[...VALID, '--database', ''], '--database is required.'],
    [[...VALID.slice(2), '--language', 'java'], "Unknown --language 'java'."],
    [[...VALID, '--colour'], 'Unknown option --colour.'],
    [[...VALID, 'extra'], 'Unexpected argument extra.'],
    [[...VALID, '--client-id', 'abc'], "--client-id 'abc' is not a GUID."],
    [[...VALID, '--force=yes'], "Option '--force' does not take an argument"],
    [[...VALID.slice(0, 6), '--app'], "Option '--app <value>' argument missing"],
    [[...VALID.slice(0, 7), 'bad name'], "'bad name' is not a Function App name."],
  ])('%j: exit 2 with "%s", nothing written', async (args, message) => {
    const cwd = await tempDir();
    const result = await scaffold(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(await filesUnder(cwd)).toEqual([]);
  });

  it('the README it writes tells how to deploy to the named app', async () => {
    const cwd = await tempDir();
    await scaffold(VALID, cwd);
    expect(await readFile(join(cwd, 'my-app-sql-sample', 'README.md'), 'utf8')).toContain('func azure functionapp publish my-app');
  });
});

describe('serverFqdn', () => {
  it.each([
    ['myserver', 'myserver.database.windows.net'],
    ['myserver.database.windows.net', 'myserver.database.windows.net'],
    ['tcp:myserver.database.windows.net,1433', 'myserver.database.windows.net'],
    ['gov.database.usgovcloudapi.net', 'gov.database.usgovcloudapi.net'],
  ])('%s -> %s', (given, expected) => {
    expect(serverFqdn(given)).toBe(expected);
  });
});
