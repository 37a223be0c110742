// Who a session runs as, and what that lets it do in a database.
import type { SimDatabase, World } from '../world.js';
import { DBO_ID, FIXED_ROLES, rolesOf } from './database.js';
import { isGroupMember } from './directory.js';
import { guidToSidHex, sidHexToGuid } from './guid-sid.js';

export interface SimSqlCaller {
  /** The token's oid. */
  objectId: string;
  tenantId: string;
  /** The GUID the caller's database SID is made from: the app (client) id for apps, the object id otherwise. */
  sidGuid: string;
  isApp: boolean;
  /** The server's Entra admin, or a member of the admin group: enters every database as dbo. */
  isAdmin: boolean;
  /** What SUSER_SNAME() returns: the UPN for users, the app id for apps. */
  loginName: string;
  /** False only for SQL authentication, which cannot create Entra users (33159). */
  entra: boolean;
}

/** The database principals the caller acts as: dbo, its own user, and users for groups it is in. */
export function actingPrincipalIds(world: World, db: SimDatabase, caller: SimSqlCaller): number[] {
  if (caller.isAdmin) return [DBO_ID];
  const sidHex = guidToSidHex(caller.sidGuid);
  const own = db.principals.filter((p) => p.type === 'E' && p.sidHex === sidHex);
  const groups = db.principals.filter((p) => {
    const groupId = p.type === 'X' && p.sidHex ? sidHexToGuid(p.sidHex) : undefined;
    return groupId !== undefined && isGroupMember(world, groupId, caller.objectId);
  });
  return [...own, ...groups].map((p) => p.principalId);
}

/** ALTER ANY USER: db_owner or db_accessadmin. */
export function canAlterAnyUser(world: World, db: SimDatabase, caller: SimSqlCaller): boolean {
  if (caller.isAdmin) return true;
  const roles = rolesOf(db, actingPrincipalIds(world, db, caller));
  return roles.has(FIXED_ROLES.db_owner!) || roles.has(FIXED_ROLES.db_accessadmin!);
}

/** db_owner changes any role; db_securityadmin any role but db_owner. */
export function canChangeMembership(world: World, db: SimDatabase, caller: SimSqlCaller, roleId: number): boolean {
  if (caller.isAdmin) return true;
  const roles = rolesOf(db, actingPrincipalIds(world, db, caller));
  if (roles.has(FIXED_ROLES.db_owner!)) return true;
  return roles.has(FIXED_ROLES.db_securityadmin!) && roleId !== FIXED_ROLES.db_owner;
}
