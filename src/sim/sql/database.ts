// A new database's principals as Azure SQL makes them, and lookups over a database's principals.
import type { SimDatabase, SimDbPrincipal } from '../world.js';

export const FIXED_ROLES: Record<string, number> = {
  db_owner: 16384,
  db_accessadmin: 16385,
  db_securityadmin: 16386,
  db_ddladmin: 16387,
  db_backupoperator: 16389,
  db_datareader: 16390,
  db_datawriter: 16391,
  db_denydatareader: 16392,
  db_denydatawriter: 16393,
};

export const PUBLIC_ROLE_ID = 0;
export const DBO_ID = 1;
/** dbo, guest, INFORMATION_SCHEMA and sys: they cannot be dropped. */
const LAST_SPECIAL_ID = 4;
/** User principal ids start after the special users; role ids from 16384 up are taken. */
const FIRST_USER_ID = 5;

export function newSimDatabase(name: string): SimDatabase {
  const special = (principalId: number, principalName: string, sidHex: string | null): SimDbPrincipal => ({
    principalId,
    name: principalName,
    type: 'S',
    sidHex,
    isFixedRole: false,
    ownsSchema: principalName,
  });
  return {
    name,
    status: 'Online',
    principals: [
      { principalId: PUBLIC_ROLE_ID, name: 'public', type: 'R', sidHex: null, isFixedRole: false },
      special(DBO_ID, 'dbo', null),
      special(2, 'guest', '00'),
      special(3, 'INFORMATION_SCHEMA', null),
      special(4, 'sys', null),
      ...Object.entries(FIXED_ROLES).map(([roleName, principalId]) => ({
        principalId,
        name: roleName,
        type: 'R' as const,
        sidHex: null,
        isFixedRole: true,
        ownsSchema: roleName,
      })),
    ],
    // dbo is a member of db_owner, as sys.database_role_members shows in every database.
    roleMembers: [[FIXED_ROLES.db_owner!, DBO_ID]],
  };
}

/** Azure SQL's default collation (SQL_Latin1_General_CP1_CI_AS): case-insensitive, accent-sensitive. */
export const collation = new Intl.Collator('en', { sensitivity: 'accent' });

export function sameName(a: string, b: string): boolean {
  return collation.compare(a, b) === 0;
}

export function principalByName(db: SimDatabase, name: string): SimDbPrincipal | undefined {
  return db.principals.find((p) => sameName(p.name, name));
}

export function principalById(db: SimDatabase, id: number): SimDbPrincipal | undefined {
  return db.principals.find((p) => p.principalId === id);
}

export function isSpecialUser(principal: SimDbPrincipal): boolean {
  return principal.type !== 'R' && principal.principalId >= DBO_ID && principal.principalId <= LAST_SPECIAL_ID;
}

export function nextPrincipalId(db: SimDatabase): number {
  const userIds = db.principals.map((p) => p.principalId).filter((id) => id < FIXED_ROLES.db_owner!);
  return Math.max(FIRST_USER_ID - 1, ...userIds) + 1;
}

/** The roles a principal is in, directly or through roles that are members of other roles. */
export function rolesOf(db: SimDatabase, memberIds: Iterable<number>): Set<number> {
  const roles = new Set<number>();
  const pending = [...memberIds];
  while (pending.length > 0) {
    const member = pending.pop()!;
    for (const [role, m] of db.roleMembers) {
      if (m === member && !roles.has(role)) {
        roles.add(role);
        pending.push(role);
      }
    }
  }
  return roles;
}
