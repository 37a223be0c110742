// Finds this package's own folder, from src/ (tests) and from the bundled dist/ alike, to reach templates/.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'azsql-mi-setup';

/** The nearest folder above `from` whose package.json is this package's. */
export async function findPackageRoot(from: string | URL = import.meta.url): Promise<string> {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if ((await packageName(join(dir, 'package.json'))) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Bug: no ${PACKAGE_NAME} package.json above ${fileURLToPath(from)}.`);
    dir = parent;
  }
}

async function packageName(path: string): Promise<string | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string'
      ? parsed.name
      : undefined;
  } catch {
    // No package.json here (or not ours to read): keep walking up.
    return undefined;
  }
}

export async function templatesDir(language: string): Promise<string> {
  return join(await findPackageRoot(), 'templates', language);
}
