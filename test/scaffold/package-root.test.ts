import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPackageRoot, templatesDir } from '../../src/scaffold/package-root.js';
import { tempDir } from './helpers.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('findPackageRoot', () => {
  it('finds the package from its own source file (as under vitest)', async () => {
    expect(await findPackageRoot()).toBe(REPO_ROOT);
    expect(await templatesDir('python')).toBe(join(REPO_ROOT, 'templates', 'python'));
  });

  it('finds it from the bundled CLI and its chunks in dist/', async () => {
    expect(await findPackageRoot(pathToFileURL(join(REPO_ROOT, 'dist', 'cli.js')))).toBe(REPO_ROOT);
    expect(await findPackageRoot(pathToFileURL(join(REPO_ROOT, 'dist', 'chunks', 'scaffold-x1.js')))).toBe(REPO_ROOT);
  });

  it("walks past other packages' package.json to its own, as when installed under node_modules", async () => {
    const root = await tempDir();
    const installed = join(root, 'node_modules', 'azsql-mi-setup');
    await mkdir(join(installed, 'dist', 'node_modules', 'inner'), { recursive: true });
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'someone-elses-app' }));
    await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'azsql-mi-setup' }));
    await writeFile(join(installed, 'dist', 'node_modules', 'inner', 'package.json'), JSON.stringify({ name: 'inner' }));
    await writeFile(join(installed, 'dist', 'package.json'), '{ not json');
    expect(await findPackageRoot(pathToFileURL(join(installed, 'dist', 'node_modules', 'inner', 'x.js')))).toBe(installed);
  });

  it('says it is a bug when there is no such package above', async () => {
    const root = await tempDir();
    await expect(findPackageRoot(pathToFileURL(join(root, 'x.js')))).rejects.toThrow(/Bug: no azsql-mi-setup package.json/);
  });
});
