// The one decision the run cannot make for you: the server's Entra admin is someone else and the
// server refused your sign-in. Replace them (naming who is replaced), or stop.
import { select } from '@inquirer/prompts';
import { question as ask } from './question.js';
import type { PromptStreams } from './streams.js';

export interface AdminQuestion {
  server: string;
  /** The current admin's login (a user, group or app). */
  admin: string;
  adminType?: string;
  /** Who you are signed in as. */
  me: string;
}

export type AdminDecision = 'replace' | 'stop';

export async function askAdminDecision(question: AdminQuestion, streams: PromptStreams): Promise<AdminDecision> {
  const who = question.adminType && question.adminType !== 'User' ? `${question.admin} (${question.adminType.toLowerCase()})` : question.admin;
  return select<AdminDecision>(
    {
      ...ask(
        `Server ${question.server}'s Microsoft Entra admin is ${who}, and it refused your sign-in (${question.me}).\n` +
          '  Only its admin can create the database user. What now?',
        'Entra admin',
      ),
      choices: [
        {
          value: 'stop',
          name: `Stop; ask ${question.admin} to run this (nothing is changed)`,
          short: 'stop',
        },
        {
          value: 'replace',
          name: `Make me the admin, replacing ${question.admin}`,
          short: `replace ${question.admin}`,
          description: `${who} loses admin rights on ${question.server}; anyone relying on them (people, pipelines) loses access.`,
        },
      ],
      default: 'stop',
    },
    streams,
  );
}
