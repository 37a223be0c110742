// Reads the database's roles and the target user (by name and by SID) with its roles: two round trips.
import type { SqlConnection, SqlRow } from './connection.js';
import type { DatabaseUser, ObservedDatabase } from '../engine/observed.js';

/** Every role but public, which holds everyone and cannot take members. */
export const ROLES_QUERY =
  "SELECT name, is_fixed_role FROM sys.database_principals WHERE type = 'R' AND principal_id <> 0;";

const USERS_WITH_ROLES_SELECT = `SELECT p.principal_id, p.name, p.type, p.sid, r.name AS role_name
FROM sys.database_principals AS p
LEFT JOIN sys.database_role_members AS m ON m.member_principal_id = p.principal_id
LEFT JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id`;

/** The principal named @name with one row per role it is in (a NULL role_name when none). */
export const USER_BY_NAME_QUERY = `${USERS_WITH_ROLES_SELECT}
WHERE p.name = @name;`;

/** As USER_BY_NAME_QUERY, plus the principal whose SID is @sid (a 16-byte varbinary). */
export const USER_BY_NAME_OR_SID_QUERY = `${USERS_WITH_ROLES_SELECT}
WHERE p.name = @name OR p.sid = @sid;`;

export async function readDatabase(
  connection: SqlConnection,
  who: { userName: string; sidHex?: string },
): Promise<Extract<ObservedDatabase, { reachable: true }>> {
  const roleRows = await connection.query({ text: ROLES_QUERY });
  const roles = roleRows
    .map((row) => ({ name: String(row.name), isFixedRole: toBoolean(row.is_fixed_role) }))
    .sort((a, b) => a.name.localeCompare(b.name));

  // Without a SID there is nothing to compare: a NULL varbinary parameter would not match anyway.
  const userRows =
    who.sidHex === undefined
      ? await connection.query({ text: USER_BY_NAME_QUERY, params: { name: who.userName } })
      : await connection.query({
          text: USER_BY_NAME_OR_SID_QUERY,
          params: { name: who.userName, sid: Buffer.from(who.sidHex.replace(/^0x/i, ''), 'hex') },
        });
  const users = usersFromRows(userRows);

  const wantedSid = who.sidHex?.replace(/^0x/i, '').toUpperCase();
  const userByName = users.find((u) => sameName(u.name, who.userName));
  const userBySid = wantedSid === undefined ? undefined : users.find((u) => u.sidHex === wantedSid);
  return {
    reachable: true,
    roles,
    ...(userByName ? { userByName } : {}),
    ...(userBySid ? { userBySid } : {}),
  };
}

/** Folds the one-row-per-role result into one user per principal. */
function usersFromRows(rows: SqlRow[]): DatabaseUser[] {
  const byId = new Map<number, DatabaseUser>();
  for (const row of rows) {
    const id = Number(row.principal_id);
    let user = byId.get(id);
    if (!user) {
      const sidHex = sidHexOf(row.sid);
      user = { name: String(row.name), type: String(row.type).trim(), roles: [], ...(sidHex ? { sidHex } : {}) };
      byId.set(id, user);
    }
    if (row.role_name !== null && row.role_name !== undefined) user.roles.push(String(row.role_name));
  }
  for (const user of byId.values()) user.roles.sort((a, b) => a.localeCompare(b));
  return [...byId.values()];
}

function sidHexOf(value: unknown): string | undefined {
  if (Buffer.isBuffer(value) && value.length > 0) return value.toString('hex').toUpperCase();
  if (value instanceof Uint8Array && value.length > 0) return Buffer.from(value).toString('hex').toUpperCase();
  return undefined;
}

function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Database names compare case-insensitively (Azure SQL's default collation). */
function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
