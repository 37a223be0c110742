// The non-interactive command line that repeats a run: printed at the end so a wizard run can be
// repeated, or one more role added, without prompts.
import { sqlServerResourceId } from '../azure/resource-id.js';
import type { Target } from '../engine/target.js';

export function equivalentCommand(target: Target, extra: { demo?: boolean; roles: string[]; cloud?: string; auth?: string }): string {
  const parts = ['npx azsql-mi-setup'];
  const add = (flag: string, value?: string) => {
    if (value !== undefined) parts.push(flag, shellQuote(value));
  };
  if (extra.demo) parts.push('--demo');
  add('--cloud', extra.cloud);
  add('--auth', extra.auth);
  add('--subscription', target.app.subscriptionId);
  add('-g', target.app.resourceGroup);
  add('--app', target.app.name);
  add('--slot', target.app.slot);
  if (target.identity.kind === 'user') add('--identity', target.identity.resourceId);
  // SQL server names are globally unique: the name finds it in any resource group, but only in --subscription.
  add('--server', target.server.subscriptionId.toLowerCase() === target.app.subscriptionId.toLowerCase() ? target.server.name : sqlServerResourceId(target.server));
  add('--database', target.database);
  if (extra.roles.length > 0) add('--roles', extra.roles.join(','));
  if (target.rolesToRemove.length > 0) add('--remove-roles', target.rolesToRemove.join(','));
  if (target.adminPolicy === 'me') parts.push('--admin', 'me');
  add('--user-name', target.userName);
  if (target.createUser !== 'sid') add('--create-user', target.createUser);
  if (target.client !== 'python') add('--client', target.client);
  if (target.sqlEndpoint) add('--sql-endpoint', `${target.sqlEndpoint.host}:${target.sqlEndpoint.port}`);
  parts.push('--yes');
  return parts.join(' ');
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
