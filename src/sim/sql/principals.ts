// CREATE USER, ALTER ROLE and DROP USER against a simulated database, with Azure SQL's checks and errors.
import type { SimDatabase, SimSqlServer, World } from '../world.js';
import type { StatementBody } from './ast.js';
import { canAlterAnyUser, canChangeMembership, type SimSqlCaller } from './caller.js';
import { DBO_ID, PUBLIC_ROLE_ID, isSpecialUser, nextPrincipalId, principalByName } from './database.js';
import { directoryObjectById, directoryObjectsNamed, sidGuidOf } from './directory.js';
import * as errors from './errors.js';
import { guidToSidHex, isGuidText } from './guid-sid.js';

export interface DdlContext {
  world: World;
  server: SimSqlServer;
  db: SimDatabase;
  caller: SimSqlCaller;
}

type Body<K extends StatementBody['kind']> = Extract<StatementBody, { kind: K }>;

export function createUserWithSid(ctx: DdlContext, statement: Body<'createUserWithSid'>): void {
  checkNewUser(ctx, statement.name);
  addUser(ctx.db, statement.name, statement.type, statement.sidHex);
}

export function createUserFromExternalProvider(ctx: DdlContext, statement: Body<'createUserFromExternalProvider'>): void {
  const { name, objectId } = statement;
  if (!ctx.caller.entra) throw errors.onlyEntraCreatesEntra(name);
  checkNewUser(ctx, name);
  // An app's own token cannot read the directory: the server's identity does it, if it may.
  if (ctx.caller.isApp && !ctx.server.directoryReaders) throw errors.noDirectoryReaders(name);
  if (objectId !== undefined && !isGuidText(objectId)) throw errors.notAGuid();
  const found = objectId === undefined ? directoryObjectsNamed(ctx.world, name) : [directoryObjectById(ctx.world, objectId)];
  const matches = found.filter((o) => o !== undefined);
  if (matches.length === 0) throw errors.principalNotFound(name);
  if (matches.length > 1) throw errors.duplicateDisplayName(name);
  const principal = matches[0]!;
  addUser(ctx.db, name, principal.kind === 'group' ? 'X' : 'E', guidToSidHex(sidGuidOf(principal)));
}

export function alterRole(ctx: DdlContext, statement: Body<'alterRole'>): void {
  const { db } = ctx;
  const role = principalByName(db, statement.role);
  if (!role || role.type !== 'R' || !canChangeMembership(ctx.world, db, ctx.caller, role.principalId)) {
    throw errors.cannotAlterRole(statement.role);
  }
  if (role.principalId === PUBLIC_ROLE_ID) throw errors.publicMembership();
  const member = principalByName(db, statement.member);
  if (!member) throw errors.cannotChangeMember(statement.action, statement.member);
  if (member.principalId === DBO_ID) throw errors.specialPrincipal(member.name);
  const isMember = db.roleMembers.some(([r, m]) => r === role.principalId && m === member.principalId);
  if (statement.action === 'add' && !isMember) db.roleMembers.push([role.principalId, member.principalId]);
  if (statement.action === 'drop') {
    db.roleMembers = db.roleMembers.filter(([r, m]) => !(r === role.principalId && m === member.principalId));
  }
}

/** Returns false when IF EXISTS found nothing to drop. */
export function dropUser(ctx: DdlContext, statement: Body<'dropUser'>): boolean {
  const { db } = ctx;
  const user = principalByName(db, statement.name);
  const isUser = user !== undefined && user.type !== 'R' && user.type !== 'A';
  if (!isUser && statement.ifExists) return false;
  if (!isUser || !canAlterAnyUser(ctx.world, db, ctx.caller)) throw errors.cannotDropUser(statement.name);
  if (isSpecialUser(user)) throw errors.cannotDropSpecialUser(user.name);
  if (user.ownsSchema) throw errors.ownsSchema();
  db.principals = db.principals.filter((p) => p !== user);
  db.roleMembers = db.roleMembers.filter(([, m]) => m !== user.principalId);
  return true;
}

function checkNewUser(ctx: DdlContext, name: string): void {
  if (!canAlterAnyUser(ctx.world, ctx.db, ctx.caller)) throw errors.noPermission();
  if (principalByName(ctx.db, name)) throw errors.principalExists(name);
}

function addUser(db: SimDatabase, name: string, type: 'E' | 'X', sidHex: string): void {
  if (db.principals.some((p) => p.sidHex === sidHex)) throw errors.sidHasOtherUser();
  db.principals.push({ principalId: nextPrincipalId(db), name, type, sidHex, isFixedRole: false });
}
