// Which subscription: a searchable list, the default (Azure CLI's, or AZURE_SUBSCRIPTION_ID) preselected.
import { search } from '@inquirer/prompts';
import { columns, matchesTerm } from './columns.js';
import { question } from './question.js';
import type { PromptStreams } from './streams.js';

export interface SubscriptionChoice {
  subscriptionId: string;
  displayName: string;
  state?: string;
}

const UNUSABLE_STATES = new Set(['disabled', 'deleted']);

export async function askSubscription(
  subscriptions: readonly SubscriptionChoice[],
  defaultId: string | undefined,
  streams: PromptStreams,
): Promise<string> {
  const wanted = defaultId?.toLowerCase();
  const labels = columns(
    subscriptions.map((s) => [
      s.displayName,
      s.subscriptionId,
      s.subscriptionId.toLowerCase() === wanted ? '(default)' : '',
    ]),
  );
  const choices = subscriptions.map((s, i) => ({
    value: s.subscriptionId,
    name: labels[i]!,
    short: s.displayName,
    disabled: s.state && UNUSABLE_STATES.has(s.state.toLowerCase()) ? `(${s.state})` : false,
  }));
  const preselected = subscriptions.find((s) => s.subscriptionId.toLowerCase() === wanted)?.subscriptionId;
  return search(
    {
      ...question('Subscription', 'Subscription', '(type to filter)'),
      source: (term) => choices.filter((c, i) => matchesTerm(term, [subscriptions[i]!.displayName, c.value])),
      ...(preselected ? { default: preselected } : {}),
      pageSize: 10,
    },
    streams,
  );
}
