// The bundled CLI (npm test builds it first) finds templates/ beside dist/, as it does after npx.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { filesUnder, tempDir } from './helpers.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/azsql-mi-setup.js');

describe('built CLI: scaffold', () => {
  it('writes the sample from the bundled dist/ and exits 0', async () => {
    const cwd = await tempDir();
    const args = ['scaffold', '--language', 'python', '--server', 'myserver', '--database', 'mydb', '--app', 'my-app'];
    const { stdout } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toContain('Wrote a Python sample for my-app to ./my-app-sql-sample:');
    expect(await filesUnder(join(cwd, 'my-app-sql-sample'))).toContain('function_app.py');
  });

  it('exits 2 on a usage error, with the message on stderr', async () => {
    const failure = await run(process.execPath, [BIN, 'scaffold', '--language', 'cobol'], { cwd: await tempDir() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--server, --database, --app are required.');
  });
});
