// argv -> Flags: parsing and validation of each flag on its own; nothing here touches Azure.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { AuthMethod } from '../azure/credential.js';
import type { AdminPolicy, ClientLanguage, CreateUserMethod, IdentityChoice, SqlEndpoint } from '../engine/target.js';

export type ScaffoldLanguage = 'python' | 'node-ts';

export interface Flags {
  subscription?: string;
  resourceGroup?: string;
  app?: string;
  slot?: string;
  identity?: IdentityChoice;
  server?: string;
  database?: string;
  roles: string[];
  removeRoles: string[];
  userName?: string;
  createUser?: CreateUserMethod;
  admin?: AdminPolicy;
  client?: ClientLanguage;
  scaffold?: ScaffoldLanguage | 'none';
  out?: string;
  force: boolean;
  auth?: AuthMethod;
  cloud?: string;
  sqlEndpoint?: SqlEndpoint;
  yes: boolean;
  dryRun: boolean;
  printSql: boolean;
  json: boolean;
  debug: boolean;
  demo: boolean;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string', short: 'g' },
  app: { type: 'string' },
  slot: { type: 'string' },
  identity: { type: 'string' },
  server: { type: 'string' },
  database: { type: 'string' },
  roles: { type: 'string' },
  'remove-roles': { type: 'string' },
  'user-name': { type: 'string' },
  'create-user': { type: 'string' },
  admin: { type: 'string' },
  client: { type: 'string' },
  scaffold: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  auth: { type: 'string' },
  cloud: { type: 'string' },
  'sql-endpoint': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'print-sql': { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseFlags(argv: string[]): Flags {
  const values = parseOrExplain(argv);
  const flags: Flags = {
    roles: roleList(values.roles, '--roles'),
    removeRoles: roleList(values['remove-roles'], '--remove-roles'),
    force: values.force ?? false,
    yes: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    printSql: values['print-sql'] ?? false,
    json: values.json ?? false,
    debug: values.debug ?? false,
    demo: values.demo ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  assign(flags, 'subscription', nonEmpty(values.subscription, '--subscription'));
  assign(flags, 'resourceGroup', nonEmpty(values['resource-group'], '--resource-group'));
  assign(flags, 'app', nonEmpty(values.app, '--app'));
  assign(flags, 'slot', nonEmpty(values.slot, '--slot'));
  assign(flags, 'identity', values.identity === undefined ? undefined : parseIdentity(values.identity));
  assign(flags, 'server', nonEmpty(values.server, '--server'));
  assign(flags, 'database', nonEmpty(values.database, '--database'));
  assign(flags, 'userName', nonEmpty(values['user-name'], '--user-name'));
  assign(flags, 'createUser', oneOf(values['create-user'], '--create-user', ['sid', 'external-provider'] as const));
  assign(flags, 'admin', oneOf(values.admin, '--admin', ['keep', 'me'] as const));
  assign(flags, 'client', oneOf(values.client, '--client', ['python', 'node', 'dotnet', 'none'] as const));
  assign(flags, 'scaffold', oneOf(values.scaffold, '--scaffold', ['python', 'node-ts', 'none'] as const));
  assign(flags, 'out', nonEmpty(values.out, '--out'));
  assign(flags, 'auth', oneOf(values.auth, '--auth', ['cli', 'azd', 'env', 'managed-identity', 'device-code'] as const));
  assign(flags, 'cloud', nonEmpty(values.cloud, '--cloud'));
  assign(flags, 'sqlEndpoint', values['sql-endpoint'] === undefined ? undefined : parseEndpoint(values['sql-endpoint']));
  checkCombinations(flags);
  return flags;
}

function parseOrExplain(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'), 'Run azsql-mi-setup --help for the flags.');
  }
}

function assign<K extends keyof Flags>(flags: Flags, key: K, value: Flags[K] | undefined): void {
  if (value !== undefined) flags[key] = value;
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') throw new UsageError(`${flag} needs a value.`);
  return trimmed;
}

function oneOf<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got '${value}'.`);
}

function roleList(value: string | undefined, flag: string): string[] {
  if (value === undefined) return [];
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  if (roles.length === 0) throw new UsageError(`${flag} needs at least one role, e.g. ${flag} db_datareader,db_datawriter`);
  return roles;
}

const USER_ASSIGNED_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;

function parseIdentity(value: string): IdentityChoice {
  if (value === 'system') return { kind: 'system' };
  if (USER_ASSIGNED_ID.test(value)) return { kind: 'user', resourceId: value };
  throw new UsageError(
    `--identity must be 'system' or a user-assigned identity's resource id; got '${value}'.`,
    'A resource id looks like /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name> (az identity show -g <group> -n <name> --query id).',
  );
}

function parseEndpoint(value: string): SqlEndpoint {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new UsageError(`--sql-endpoint must be host:port, e.g. localhost:11433; got '${value}'.`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function checkCombinations(flags: Flags): void {
  const both = flags.roles.filter((r) => flags.removeRoles.some((x) => x.toLowerCase() === r.toLowerCase()));
  if (both.length > 0) throw new UsageError(`Role ${both.join(', ')} is in both --roles and --remove-roles.`);
  if (flags.yes && flags.dryRun) throw new UsageError('--yes and --dry-run contradict each other: --dry-run never applies.');
  if (flags.yes && flags.printSql) throw new UsageError('--yes and --print-sql contradict each other: --print-sql only prints the T-SQL.');
  if (flags.slot && !flags.app) throw new UsageError('--slot needs --app.');
  if (flags.demo && (flags.auth || flags.cloud || flags.sqlEndpoint)) {
    throw new UsageError('--demo runs on a simulated Azure; it takes no --auth, --cloud or --sql-endpoint.');
  }
  if (flags.out && flags.scaffold === 'none') throw new UsageError('--out has no effect with --scaffold none.');
}
