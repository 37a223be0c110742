// `azsql-mi-setup scaffold`: writes a sample function project from given values, touching nothing in Azure.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ExitCode, UsageError, UserFacingError } from '../errors.js';
import { scaffoldProject } from '../scaffold/scaffold.js';
import { isGuid, isScaffoldLanguage, SCAFFOLD_LANGUAGES, type ScaffoldLanguage } from '../scaffold/values.js';
import { createUi, type Ui } from './ui.js';

export const SCAFFOLD_HELP = `Usage: azsql-mi-setup scaffold --language python|node-ts --server <server> --database <db> --app <app> [options]

Writes a sample Azure Functions project that reads from Azure SQL as the app's managed identity
(and as you, through az login, on your machine). Touches nothing in Azure.

  --language python|node-ts   Python (pyodbc) or TypeScript (mssql)
  --server <server>           the server's name or fully qualified name (myserver.database.windows.net)
  --database <db>             the database name
  --app <app>                 the Function App the sample is for
  --client-id <guid>          the client id of a user-assigned identity (leave out for system-assigned)
  --out <dir>                 where to write it (default: ./<app>-sql-sample)
  --force                     overwrite files that are already there
  -h, --help                  show this help
`;

const OPTIONS = {
  language: { type: 'string' },
  server: { type: 'string' },
  database: { type: 'string' },
  app: { type: 'string' },
  'client-id': { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// The public cloud's suffix, for a server given by its bare name.
const DEFAULT_SQL_HOST_SUFFIX = 'database.windows.net';

export interface ScaffoldCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** The folder --out is relative to; defaults to the process's. */
  cwd?: string;
}

/** Runs the command with the arguments after `scaffold`; returns the exit code. */
export async function runScaffoldCommand(args: string[], io: ScaffoldCommandIo): Promise<number> {
  const ui = createUi({ stdout: io.stdout, stderr: io.stderr, stdin: process.stdin, env: io.env ?? process.env }, {
    json: false,
    debug: false,
  });
  try {
    const values = parseScaffoldArgs(args);
    if (values.help) {
      io.stdout.write(SCAFFOLD_HELP);
      return ExitCode.ok;
    }
    const request = scaffoldRequest(values, io.cwd ?? process.cwd());
    const result = await scaffoldProject(request);
    printWritten(ui, request.language, request.app, result, io.cwd ?? process.cwd());
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    ui.error(error.message);
    if (error.suggestion) ui.error(error.suggestion);
    return error.exitCode;
  }
}

type ParsedValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function parseScaffoldArgs(args: string[]): ParsedValues {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(argumentErrorMessage(error), 'Run azsql-mi-setup scaffold --help for the options.');
  }
}

function argumentErrorMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${quoted ?? ''}.`.replace(' .', '.');
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Unexpected argument ${quoted ?? ''}.`.replace(' .', '.');
  // Node's own text is clear for the rest, e.g. "Option '--server <value>' argument missing".
  return message;
}

function scaffoldRequest(values: ParsedValues, cwd: string) {
  const given = {
    language: values.language?.trim(),
    server: values.server?.trim(),
    database: values.database?.trim(),
    app: values.app?.trim(),
  };
  const missing = Object.entries(given).filter(([, value]) => !value).map(([name]) => `--${name}`);
  if (missing.length > 0) {
    throw new UsageError(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required.`, 'Run azsql-mi-setup scaffold --help for the options.');
  }
  const { language, server, database, app } = given as Record<keyof typeof given, string>;
  if (!isScaffoldLanguage(language)) {
    throw new UsageError(`Unknown --language '${language}'.`, `Use one of: ${SCAFFOLD_LANGUAGES.join(', ')}.`);
  }
  const clientId = values['client-id']?.trim();
  if (clientId !== undefined && !isGuid(clientId)) {
    throw new UsageError(`--client-id '${clientId}' is not a GUID.`, "Copy the client id from the identity's Overview page.");
  }
  return {
    language,
    app,
    server: serverFqdn(server),
    database,
    ...(clientId ? { identityClientId: clientId } : {}),
    outDir: resolve(cwd, values.out ?? `${app}-sql-sample`),
    force: values.force ?? false,
  };
}

/** A server as people paste it (bare name, tcp:host,1433) becomes its fully qualified name. */
export function serverFqdn(server: string): string {
  const host = server.replace(/^tcp:/i, '').replace(/,\d+$/, '');
  return host.includes('.') ? host : `${host}.${DEFAULT_SQL_HOST_SUFFIX}`;
}

function printWritten(ui: Ui, language: ScaffoldLanguage, app: string, result: { outDir: string; files: string[] }, cwd: string): void {
  const shown = relative(cwd, result.outDir);
  const folder = shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? result.outDir : `.${sep}${shown}`;
  ui.done(`Wrote a ${language === 'python' ? 'Python' : 'TypeScript'} sample for ${app} to ${folder}:`);
  for (const file of result.files) ui.line(`    ${file}`);
  ui.line();
  ui.line('Next steps:');
  ui.line(`  cd ${quoteIfNeeded(folder)}`);
  for (const step of nextSteps(language)) ui.line(`  ${step}`);
  ui.line();
  ui.line(`Deploy: ${language === 'python' ? '' : 'npm run build && '}func azure functionapp publish ${app}`);
  ui.line('README.md says more, including what your own account needs to query the database from your machine.');
}

function nextSteps(language: ScaffoldLanguage): string[] {
  if (language === 'python') {
    return ['python3 -m venv .venv && . .venv/bin/activate', 'pip install -r requirements.txt', 'az login', 'func start'];
  }
  return ['npm install', 'az login', 'npm start'];
}

function quoteIfNeeded(path: string): string {
  return /^[\w./\\:-]+$/.test(path) ? path : `"${path.replace(/"/g, '\\"')}"`;
}
