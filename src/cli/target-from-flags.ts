// Flags -> Target: finds what the flags name (the app's resource group, the server in any group).
import { UsageError } from '../errors.js';
import type { ArmClients } from '../azure/clients.js';
import { findSqlServer, listApps } from '../azure/discovery.js';
import type { ServerRef, Target } from '../engine/target.js';
import type { Flags } from './args.js';

export const REQUIRED_TARGET_FLAGS = ['--app', '--server', '--database'] as const;

export function missingTargetFlags(flags: Flags): string[] {
  const missing: string[] = [];
  if (!flags.app) missing.push('--app');
  if (!flags.server) missing.push('--server');
  if (!flags.database) missing.push('--database');
  return missing;
}

export async function targetFromFlags(flags: Flags, clients: ArmClients, subscriptionId: string): Promise<Target> {
  const missing = missingTargetFlags(flags);
  if (missing.length > 0) {
    throw new UsageError(
      `Missing ${missing.join(', ')}: without a terminal there is no one to ask.`,
      'Pass them as flags, e.g. --app <app> --server <server> --database <db>, or run in a terminal to be asked.',
    );
  }
  if (flags.database!.toLowerCase() === 'master') {
    throw new UsageError('The master database cannot hold the app\'s user: name the app\'s own database with --database.');
  }
  const [resourceGroup, server] = await Promise.all([
    flags.resourceGroup ?? findAppResourceGroup(clients, flags.app!, subscriptionId),
    findSqlServer(clients, flags.server!),
  ]);
  return targetOf(flags, {
    app: { subscriptionId, resourceGroup, name: flags.app!, ...(flags.slot ? { slot: flags.slot } : {}) },
    identity: flags.identity ?? { kind: 'system' },
    server,
    database: flags.database!,
  });
}

/** The Target from what was chosen (by flags or in the wizard) and the policies the flags set or leave at their defaults. */
export function targetOf(flags: Flags, chosen: Pick<Target, 'app' | 'identity' | 'database'> & { server: ServerRef }): Target {
  const { server } = chosen;
  return {
    ...chosen,
    server: { subscriptionId: server.subscriptionId, resourceGroup: server.resourceGroup, name: server.name },
    rolesToAdd: flags.roles,
    rolesToRemove: flags.removeRoles,
    ...(flags.userName ? { userName: flags.userName } : {}),
    createUser: flags.createUser ?? 'sid',
    adminPolicy: flags.admin ?? 'keep',
    client: flags.client ?? 'python',
    ...(flags.sqlEndpoint ? { sqlEndpoint: flags.sqlEndpoint } : {}),
  };
}

/** Without -g, the app is looked up by name in the subscription; it must be unambiguous. */
async function findAppResourceGroup(clients: ArmClients, name: string, subscriptionId: string): Promise<string> {
  const apps = await listApps(clients);
  const matches = apps.filter((a) => a.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return matches[0]!.resourceGroup;
  if (matches.length === 0) {
    const names = apps.map((a) => a.name).slice(0, 10);
    throw new UsageError(
      `No Function App or App Service app named ${name} in subscription ${subscriptionId}.`,
      names.length ? `Apps there: ${names.join(', ')}. Or pass --subscription for another subscription.` : 'That subscription has no apps; pass --subscription for another one.',
    );
  }
  throw new UsageError(
    `Apps named ${name} exist in several resource groups: ${matches.map((m) => m.resourceGroup).join(', ')}.`,
    'Pass -g <resource group> to say which.',
  );
}
