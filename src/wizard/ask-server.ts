// Which SQL server (searchable; who its Entra admin is, and whether that is you), then which database.
import { search, select } from '@inquirer/prompts';
import { columns, matchesTerm } from './columns.js';
import { question } from './question.js';
import type { PromptStreams } from './streams.js';

export interface ServerChoice {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  fullyQualifiedDomainName: string;
  admin?: { login: string; principalType?: string };
}

export interface DatabaseChoice {
  name: string;
  status?: string;
  skuName?: string;
}

export function adminLabel(admin: ServerChoice['admin'], isMe: boolean): string {
  if (!admin) return 'no Entra admin (the run makes you admin)';
  const kind = admin.principalType && admin.principalType !== 'User' ? ` (${admin.principalType.toLowerCase()})` : '';
  return `admin: ${admin.login}${kind}${isMe ? ' - you' : ''}`;
}

export async function askServer<S extends ServerChoice>(
  servers: readonly S[],
  isMe: (server: S) => boolean,
  streams: PromptStreams,
): Promise<S> {
  const labels = columns(servers.map((s) => [s.name, s.resourceGroup, s.location, adminLabel(s.admin, isMe(s))]));
  const choices = servers.map((s, i) => ({ value: s.id, name: labels[i]!, short: s.name, description: s.fullyQualifiedDomainName }));
  const id = await search(
    {
      ...question('SQL server', 'SQL server', '(name, resource group, region, Entra admin; type to filter)'),
      source: (term) => choices.filter((_, i) => matchesTerm(term, [servers[i]!.name, servers[i]!.resourceGroup, servers[i]!.admin?.login])),
      pageSize: 10,
    },
    streams,
  );
  return servers.find((s) => s.id === id)!;
}

export async function askDatabase(server: string, databases: readonly DatabaseChoice[], streams: PromptStreams): Promise<string> {
  const labels = columns(databases.map((d) => [d.name, d.skuName ?? '', statusLabel(d.status)]));
  return select(
    {
      ...question(`Database on ${server}`, 'Database'),
      choices: databases.map((d, i) => ({ value: d.name, name: labels[i]!, short: d.name })),
      pageSize: 10,
    },
    streams,
  );
}

function statusLabel(status: string | undefined): string {
  if (!status || status === 'Online') return '';
  if (status === 'Paused') return 'paused (resumes when the run connects)';
  return status.toLowerCase();
}
