// What `npx azsql-mi-setup` downloads: one bundled CLI with no runtime dependencies, plus the templates.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'azsql-mi-setup-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the published package', () => {
  it('holds the bin, the bundle and the templates, no tests, sources or maps, and depends on nothing', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as {
      files: { path: string }[];
    }[];
    const paths = packed!.files.map((f) => f.path);
    expect(paths).toContain('bin/azsql-mi-setup.js');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('templates/python/function_app.py');
    expect(paths).toContain('templates/node-ts/_gitignore');
    expect(paths.filter((p) => /\.map$|^src\/|^test\/|^scripts\//.test(p))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ 'azsql-mi-setup': 'bin/azsql-mi-setup.js' });
  });

  it('runs from the unpacked tarball alone, with no node_modules beside it', () => {
    execFileSync('npm', ['pack', '--pack-destination', dir, '--ignore-scripts'], { cwd: root, stdio: 'ignore' });
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    execFileSync('tar', ['-xzf', join(dir, `azsql-mi-setup-${version}.tgz`), '-C', dir]);
    const out = execFileSync(process.execPath, [join(dir, 'package', 'bin', 'azsql-mi-setup.js'), '--demo', '--dry-run'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1', AZSQL_MI_SETUP_DEMO_STATE: join(dir, 'demo.json') },
    });
    expect(out).toContain('Plan: contoso-orders-func -> contoso-sql/orders');
  });
});
