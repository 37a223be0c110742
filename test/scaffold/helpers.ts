// Shared by the scaffold tests: temp folders that are removed afterwards, and a sample written into one.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { scaffoldProject } from '../../src/scaffold/scaffold.js';
import type { ScaffoldLanguage, ScaffoldOptions } from '../../src/scaffold/values.js';

const created: string[] = [];

// Removed when the test file ends, so a suite may share a sample written in beforeAll.
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'azsql-scaffold-'));
  created.push(dir);
  return dir;
}

export const USER_ASSIGNED_CLIENT_ID = '0b9a5f7e-3c2d-4e1f-8a6b-5c4d3e2f1a0b';

export async function writeSample(
  language: ScaffoldLanguage,
  extra: Partial<ScaffoldOptions> = {},
): Promise<{ outDir: string; files: string[] }> {
  const outDir = join(await tempDir(), 'sample');
  return scaffoldProject({
    language,
    outDir,
    app: 'my-app',
    server: 'myserver.database.windows.net',
    database: 'mydb',
    ...extra,
  });
}

export async function readJson(path: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
}

/** Every file under dir, relative, with / separators, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}

/** The AZURE_SQL_* values a generated project's local.settings.json gives its function. */
export async function localSqlSettings(outDir: string): Promise<Record<string, string>> {
  const values = (await readJson(join(outDir, 'local.settings.json'))).Values as Record<string, string>;
  return Object.fromEntries(Object.entries(values).filter(([key]) => key.startsWith('AZURE_SQL_')));
}
