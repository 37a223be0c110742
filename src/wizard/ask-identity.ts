// Which managed identity the app uses to sign in: its system-assigned one (on, or to be turned on),
// a user-assigned one it already has, or another user-assigned identity from the subscription.
import { select, Separator } from '@inquirer/prompts';
import type { IdentityChoice } from '../engine/target.js';
import { columns } from './columns.js';
import { question as ask } from './question.js';
import type { PromptStreams } from './streams.js';

export interface IdentityQuestion {
  /** The app as the user knows it: "orders-func" or "orders-func/slots/staging". */
  app: string;
  /** Present when the system-assigned identity is on. */
  system?: { clientId: string };
  /** User-assigned identities attached to the app. */
  attached: readonly { resourceId: string; name: string; clientId: string }[];
  /** The subscription's other user-assigned identities (attached by the run if chosen). */
  others: readonly { resourceId: string; name: string; resourceGroup: string; location?: string }[];
}

const SYSTEM = 'system';

export async function askIdentity(question: IdentityQuestion, streams: PromptStreams): Promise<IdentityChoice> {
  const attachedIds = new Set(question.attached.map((a) => a.resourceId.toLowerCase()));
  const others = question.others.filter((o) => !attachedIds.has(o.resourceId.toLowerCase()));
  const otherLabels = columns(others.map((o) => [o.name, o.resourceGroup, o.location ?? '']));
  const choices = [
    question.system
      ? { value: SYSTEM, name: `System-assigned identity (on, client id ${question.system.clientId})`, short: 'system-assigned' }
      : { value: SYSTEM, name: 'System-assigned identity (not on yet: the run turns it on)', short: 'system-assigned' },
    ...question.attached.map((a) => ({
      value: a.resourceId,
      name: `User-assigned identity ${a.name} (attached, client id ${a.clientId})`,
      short: a.name,
    })),
    ...(others.length > 0 ? [new Separator(`── other user-assigned identities (the run attaches the one you pick) ──`)] : []),
    ...others.map((o, i) => ({ value: o.resourceId, name: otherLabels[i]!, short: o.name })),
  ];
  // Keep what the app already signs in with; the system identity when it has none.
  const preselected = question.system || question.attached.length === 0 ? SYSTEM : question.attached[0]!.resourceId;
  const value = await select(
    { ...ask(`Which identity should ${question.app} use to sign in to the database?`, 'Identity'), choices, default: preselected, pageSize: 10 },
    streams,
  );
  return value === SYSTEM ? { kind: 'system' } : { kind: 'user', resourceId: value };
}
