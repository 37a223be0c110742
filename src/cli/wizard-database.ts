// What the wizard asks once the database has been read: the admin decision (only when the server
// refused you), a stop for a stale user, and the roles question with the current memberships.
import { BlockedError } from '../errors.js';
import type { Change } from '../engine/change.js';
import type { Observed } from '../engine/observed.js';
import { FIXED_ROLES, plan, userNameFor } from '../engine/plan.js';
import type { Target } from '../engine/target.js';
import { sidHexFromClientId } from '../sql/sid.js';
import type { AdminQuestion, RolesQuestion } from '../wizard/prompts.js';

/** Set when the server's admin is someone else and refused your sign-in: the one decision the run needs. */
export function adminQuestionFor(observed: Observed): AdminQuestion | undefined {
  const admin = observed.server.admin;
  if (!admin || observed.database.reachable || observed.database.reason !== 'login-refused') return undefined;
  return {
    server: observed.server.name,
    admin: admin.login,
    ...(admin.principalType ? { adminType: admin.principalType } : {}),
    me: observed.me.name,
  };
}

/** The plan's blocked change as the error the run stops with (exit 3): what, why, the ways forward. */
export function blockedError(change: Change): BlockedError {
  const lines = [change.detail, change.blocked?.reason, ...(change.blocked?.options.map((o) => `- ${o}`) ?? [])];
  return new BlockedError(`Blocked: ${change.summary}.`, lines.filter(Boolean).join('\n'));
}

/** A user of the identity's name with another SID: explained, and the run stops before more questions. */
export function staleUserStop(target: Target, observed: Observed): BlockedError | undefined {
  const stale = plan(target, observed).find((c) => c.id === 'user' && c.kind === 'blocked');
  return stale ? blockedError(stale) : undefined;
}

const UNREADABLE: Record<string, string> = {
  'no-admin': 'The server has no Entra admin yet, so its database can only be read once the run has made you admin: only fixed roles are listed.',
  'admin-replaced-by-plan': 'The database can only be read once the run has made you admin: only fixed roles are listed.',
  'login-refused': 'The server refused your sign-in, so only fixed roles are listed.',
  'dry-run-firewall': 'A dry run opens no firewall rule, so the database could not be read: only fixed roles are listed.',
  'identity-not-enabled-yet': 'The identity is not on yet: only fixed roles are listed.',
  'not-read': '--print-sql does not read the database: only fixed roles are listed.',
};

export function rolesQuestionFor(target: Target, observed: Observed): RolesQuestion {
  const db = observed.database;
  if (!db.reachable) {
    return {
      userName: userNameFor(target, observed),
      database: target.database,
      roles: FIXED_ROLES.map((name) => ({ name, isFixedRole: true })),
      note: UNREADABLE[target.adminPolicy === 'me' && db.reason === 'login-refused' ? 'admin-replaced-by-plan' : db.reason] ?? 'The database could not be read: only fixed roles are listed.',
    };
  }
  const user = matchingUser(observed);
  return {
    userName: user?.name ?? userNameFor(target, observed),
    database: target.database,
    roles: db.roles.filter((r) => r.name.toLowerCase() !== 'public'),
    ...(user ? { current: user.roles } : {}),
  };
}

/** The identity's user as the plan sees it: by SID, or by name when its SID is the identity's. */
function matchingUser(observed: Observed) {
  const db = observed.database;
  if (!db.reachable) return undefined;
  if (db.userBySid) return db.userBySid;
  const clientId = observed.identity.clientId;
  if (db.userByName && clientId && db.userByName.sidHex?.toUpperCase() === sidHexFromClientId(clientId)) return db.userByName;
  return undefined;
}
