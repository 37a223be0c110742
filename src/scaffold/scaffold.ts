// Writes a sample function project from templates/<language>/, never over a file that is already there.
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { templatesDir } from './package-root.js';
import { outputPath, renderFile } from './render.js';
import { checkScaffoldOptions, type ScaffoldOptions } from './values.js';

export interface ScaffoldResult {
  /** The absolute output folder. */
  outDir: string;
  /** The files written, relative to outDir, with / separators, sorted. */
  files: string[];
}

export async function scaffoldProject(options: ScaffoldOptions): Promise<ScaffoldResult> {
  checkScaffoldOptions(options);
  const outDir = resolve(options.outDir);
  const sourceDir = await templatesDir(options.language);
  // Everything is rendered before anything is written, so a template bug leaves no half-written folder.
  const rendered = new Map<string, string>();
  for (const templatePath of await listFiles(sourceDir)) {
    const path = outputPath(templatePath);
    rendered.set(path, renderFile(path, await readFile(join(sourceDir, templatePath), 'utf8'), options));
  }
  const files = [...rendered.keys()].sort();
  await refuseNonFolder(outDir);
  if (!options.force) await refuseToOverwrite(outDir, files);
  if (options.checkOnly) return { outDir, files };
  for (const [path, content] of rendered) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return { outDir, files };
}

// Left behind by running a template in place during development; never part of a sample.
const IGNORED_FOLDERS = new Set(['__pycache__', 'node_modules']);

/** Every file under dir, relative to it with / separators. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .filter((path) => !path.split('/').some((part) => IGNORED_FOLDERS.has(part)));
}

async function refuseNonFolder(outDir: string): Promise<void> {
  const stats = await lstat(outDir).catch(() => undefined);
  if (stats && !stats.isDirectory()) {
    throw new UsageError(`${outDir} is a file, not a folder.`, 'Choose another folder with --out.');
  }
}

async function refuseToOverwrite(outDir: string, files: string[]): Promise<void> {
  const existing: string[] = [];
  for (const path of files) {
    if (await exists(join(outDir, path))) existing.push(path);
  }
  if (existing.length > 0) {
    throw new UsageError(
      `${outDir} already has ${existing.length === 1 ? 'a file' : 'files'} the sample would write: ${existing.join(', ')}.`,
      'Choose another folder with --out, or pass --force to overwrite them.',
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
