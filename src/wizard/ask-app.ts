// Which app: a searchable list of Function Apps and App Service apps; then which slot, if it has any.
import { search, select } from '@inquirer/prompts';
import { columns, matchesTerm } from './columns.js';
import { question } from './question.js';
import type { PromptStreams } from './streams.js';

export interface AppChoice {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  isFunctionApp: boolean;
  systemAssigned: boolean;
  userAssignedCount: number;
  defaultHostName?: string;
}

export function identityStatus(app: Pick<AppChoice, 'systemAssigned' | 'userAssignedCount'>): string {
  const user = app.userAssignedCount > 0 ? `${app.userAssignedCount} user-assigned` : '';
  if (app.systemAssigned) return user ? `system + ${user} identity` : 'system identity on';
  return user ? `${user} identity` : 'no identity yet';
}

export async function askApp<A extends AppChoice>(apps: readonly A[], streams: PromptStreams): Promise<A> {
  const labels = columns(
    apps.map((a) => [a.name, a.resourceGroup, a.isFunctionApp ? 'Function App' : 'App Service', a.location, identityStatus(a)]),
  );
  const choices = apps.map((a, i) => ({
    value: a.id,
    name: labels[i]!,
    short: a.name,
    ...(a.defaultHostName ? { description: `https://${a.defaultHostName}` } : {}),
  }));
  const id = await search(
    {
      ...question('App', 'App', '(name, resource group, kind, region, identity; type to filter)'),
      source: (term) => choices.filter((_, i) => matchesTerm(term, [apps[i]!.name, apps[i]!.resourceGroup, apps[i]!.location])),
      pageSize: 10,
    },
    streams,
  );
  return apps.find((a) => a.id === id)!;
}

/** undefined means the app itself (its production slot). */
export async function askSlot(app: string, slots: readonly string[], streams: PromptStreams): Promise<string | undefined> {
  const PRODUCTION = '';
  const slot = await select(
    {
      ...question(`${app} has deployment slots; each has its own identity and settings. Which one?`, 'Slot'),
      choices: [
        { value: PRODUCTION, name: `${app} itself (production)`, short: 'production' },
        ...slots.map((s) => ({ value: s, name: `slot ${s}`, short: s })),
      ],
      default: PRODUCTION,
    },
    streams,
  );
  return slot === PRODUCTION ? undefined : slot;
}
