// Which database roles the identity's user should have: a checkbox list of the database's roles with
// the current memberships checked; unchecking one means remove it.
import { checkbox, Separator } from '@inquirer/prompts';
import { DEFAULT_ROLES } from '../engine/target.js';
import { columns } from './columns.js';
import { FIXED_ROLE_MEANINGS, meaningOf } from './role-meanings.js';
import { question as ask } from './question.js';
import type { PromptStreams } from './streams.js';

export interface RolesQuestion {
  userName: string;
  database: string;
  /** The database's roles; 'public' is left out (every user is in it). */
  roles: readonly { name: string; isFixedRole: boolean }[];
  /** The user's current roles; undefined when the user does not exist yet or the database cannot be read. */
  current?: readonly string[];
  /** Why the current roles are unknown, shown under the question. */
  note?: string;
}

export interface RolesAnswer {
  /** Every role checked (current ones included: the plan shows them as already in place). */
  add: string[];
  /** Current roles that were unchecked. */
  remove: string[];
}

export async function askRoles(question: RolesQuestion, streams: PromptStreams): Promise<RolesAnswer> {
  const current = question.current?.map((r) => r.toLowerCase());
  const rerun = current !== undefined;
  const has = (role: string) => current?.includes(role.toLowerCase()) ?? false;
  const checked = (role: string) => (rerun ? has(role) : (DEFAULT_ROLES as readonly string[]).includes(role));

  const fixed = orderedFixed(question.roles);
  const custom = question.roles.filter((r) => !r.isFixedRole && r.name.toLowerCase() !== 'public').map((r) => r.name);
  // Padded to one width so the (has it) / <- added markers line up.
  const labels = padded(columns([...fixed, ...custom].map((name) => [name, meaningOf(name) ?? 'custom role'])));
  const choice = (name: string, label: string) => ({
    value: name,
    name: rerun && has(name) ? `${label}  <- removed` : label.trimEnd(),
    checkedName: rerun ? `${label}  ${has(name) ? '(has it)' : '<- added'}` : label.trimEnd(),
    short: name,
    checked: checked(name),
  });
  const choices = [
    ...fixed.map((name, i) => choice(name, labels[i]!)),
    ...(custom.length > 0 ? [new Separator(`── custom roles in ${question.database} ──`)] : []),
    ...custom.map((name, i) => choice(name, labels[fixed.length + i]!)),
  ];
  const verb = rerun ? 'Roles (checked: has it; uncheck to remove)' : 'Roles (least privilege preselected)';
  const picked = await checkbox(
    {
      ...ask(`${verb} for ${question.userName} in ${question.database}${question.note ? `\n  ${question.note}` : ''}`, 'Roles'),
      choices,
      required: !rerun,
      pageSize: Math.min(choices.length, 14),
      loop: false,
      // One key that checks db_owner and the deny roles together is never what anyone wants.
      shortcuts: { all: null, invert: null },
    },
    streams,
  );
  return { add: picked, remove: (question.current ?? []).filter((r) => !picked.some((p) => p.toLowerCase() === r.toLowerCase())) };
}

function padded(lines: string[]): string[] {
  const width = Math.max(0, ...lines.map((l) => l.length));
  return lines.map((l) => l.padEnd(width));
}

/** The fixed roles the database has, in least-privilege order. */
function orderedFixed(roles: RolesQuestion['roles']): string[] {
  const present = new Set(roles.filter((r) => r.isFixedRole).map((r) => r.name.toLowerCase()));
  return FIXED_ROLE_MEANINGS.map(([name]) => name).filter((name) => present.has(name));
}
