// One planned change: what it is, how it is shown, and exactly what it will run.

export type ChangeKind = 'create' | 'update' | 'delete' | 'no-op' | 'blocked';

export const CHANGE_SYMBOL: Record<ChangeKind, string> = {
  create: '+',
  update: '~',
  delete: '-',
  'no-op': '=',
  blocked: '!',
};

/** What apply does for a change; each variant maps to one ARM call or one T-SQL statement. */
export type ChangeAction =
  | { type: 'enable-system-identity' }
  | { type: 'attach-user-identity'; resourceId: string }
  | { type: 'set-admin'; login: string; sid: string; tenantId: string; principalType: 'User' | 'Application'; replaces?: string }
  | { type: 'create-user'; userName: string; method: 'sid' | 'external-provider'; objectId?: string }
  | { type: 'add-role'; userName: string; role: string }
  | { type: 'remove-role'; userName: string; role: string }
  /** remove: identity keys left from another identity (AZURE_SQL_USER), which would make the app sign in as that one. */
  | { type: 'write-settings'; settings: Record<string, string>; remove?: string[] }
  | { type: 'none' };

export interface Change {
  /** Stable id, e.g. 'identity', 'admin', 'user', 'role:add:db_datareader', 'settings'. */
  id: string;
  kind: ChangeKind;
  /** One line in the user's words. */
  summary: string;
  /** Exactly what runs: the ARM request line or the T-SQL (with the SID once known). */
  detail: string;
  /** Ids of changes that must succeed first. */
  dependsOn: string[];
  action: ChangeAction;
  /** For 'blocked': the decision that is needed and the ways forward. */
  blocked?: { reason: string; options: string[] };
}

export type Plan = Change[];

export function pendingChanges(plan: Plan): Change[] {
  return plan.filter((c) => c.kind !== 'no-op' && c.kind !== 'blocked');
}

export function blockedChanges(plan: Plan): Change[] {
  return plan.filter((c) => c.kind === 'blocked');
}
