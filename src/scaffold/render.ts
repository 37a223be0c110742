// Turns one template file into the file the user gets: renamed dotfiles, JSON edited by parse/mutate/write.
// One table of AZURE_SQL_* keys for the engine (which writes them to the app) and the sample (which reads them).
import { sqlSettingsFor } from '../sql/connection-settings.js';
import { nodeVersions, pythonVersions } from './dependency-versions.js';
import type { ScaffoldOptions } from './values.js';

export type RenderValues = Pick<ScaffoldOptions, 'language' | 'app' | 'server' | 'database' | 'identityClientId'>;

// npm drops .gitignore from a published package, so templates keep it as _gitignore (as create-vite does).
const RENAMED: Readonly<Record<string, string>> = { _gitignore: '.gitignore' };

/** The path a template file is written to, relative to the output folder, with / separators. */
export function outputPath(templatePath: string): string {
  const parts = templatePath.split('/');
  const name = parts.pop() ?? '';
  return [...parts, RENAMED[name] ?? name].join('/');
}

/** The content of the file at `path` (an output path), given its template content. */
export function renderFile(path: string, template: string, values: RenderValues): string {
  switch (path) {
    case 'local.settings.json':
      return editJson(template, (json) => setLocalSettings(json, values));
    case 'package.json':
      return editJson(template, (json) => setPackageJson(json, values));
    case 'requirements.txt':
      return pinRequirements(template);
    case 'README.md':
      return fillPlaceholders(template, readmeValues(values));
    default:
      return template;
  }
}

type Json = Record<string, unknown>;

function editJson(text: string, edit: (json: Json) => void): string {
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new Error('Bug: a template JSON file is not an object.');
  edit(json);
  return `${JSON.stringify(json, null, 2)}\n`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setLocalSettings(json: Json, values: RenderValues): void {
  const current = isObject(json.Values) ? json.Values : {};
  // The template's sample AZURE_SQL_* values go; the real ones take their place.
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith('AZURE_SQL_')));
  const settings = sqlSettingsFor(values.language === 'python' ? 'python' : 'node', {
    serverFqdn: values.server,
    database: values.database,
    ...(values.identityClientId ? { userAssignedClientId: values.identityClientId } : {}),
  });
  json.Values = { ...kept, ...settings };
}

function setPackageJson(json: Json, values: RenderValues): void {
  json.name = packageName(values.app);
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = json[field];
    if (!isObject(deps)) continue;
    for (const name of Object.keys(deps)) deps[name] = pinnedVersion(nodeVersions, name);
  }
}

/** An npm package name from the app name: lowercase, and says what it is. */
export function packageName(app: string): string {
  return `${app.toLowerCase()}-sql-sample`;
}

function pinRequirements(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const name = line.trim().split(/[=<>!~;\s[]/)[0] ?? '';
      if (name === '' || name.startsWith('#')) return line;
      return `${name}==${pinnedVersion(pythonVersions, name)}`;
    })
    .join('\n');
}

function pinnedVersion(table: Readonly<Record<string, string>>, name: string): string {
  const version = table[name];
  if (version === undefined) throw new Error(`Bug: ${name} is in a template but not in dependency-versions.ts.`);
  return version;
}

function readmeValues(values: RenderValues): Record<string, string> {
  const identity = values.identityClientId
    ? `the user-assigned managed identity whose client id is \`${values.identityClientId}\``
    : "the Function App's system-assigned managed identity";
  return { app: values.app, server: values.server, database: values.database, identity };
}

/** Replaces each {{name}}; a name without a value is a template bug, so it throws. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Bug: the template placeholder {{${name}}} has no value.`);
    return value;
  });
}
