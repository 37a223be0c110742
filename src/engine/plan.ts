// plan(target, observed) -> Change[]: pure, so every combination of state can be tested without Azure.
import { UsageError } from '../errors.js';
import { sqlSettingsFor, staleIdentityKeys } from '../sql/connection-settings.js';
import { addRoleMember, createUserFromExternalProvider, createUserWithSid, dropRoleMember } from '../sql/statements.js';
import { quoteName } from '../sql/quote.js';
import { sidHexFromClientId } from '../sql/sid.js';
import type { Change } from './change.js';
import type { Observed, Me, ServerAdmin, DatabaseUser } from './observed.js';
import { DEFAULT_ROLES, type Target } from './target.js';

/** The fixed database roles; the only ones a plan can check before it can read the database. */
export const FIXED_ROLES = [
  'db_owner',
  'db_accessadmin',
  'db_securityadmin',
  'db_ddladmin',
  'db_backupoperator',
  'db_datareader',
  'db_datawriter',
  'db_denydatareader',
  'db_denydatawriter',
] as const;

export function plan(target: Target, observed: Observed): Change[] {
  const changes: Change[] = [identityChange(target, observed), adminChange(target, observed)];
  changes.push(...databaseChanges(target, observed, changes[1]!));
  changes.push(settingsChange(target, observed));
  return changes;
}

/** The database user's name: given, or the identity's display name (AZURE-FACTS convention). */
export function userNameFor(target: Target, observed: Observed): string {
  return target.userName ?? observed.identity.displayName;
}

/** The SID an Entra admin or user is matched by: object id for users, client id for apps. */
export function sidOfMe(me: Me): string {
  return me.kind === 'app' ? (me.appId ?? me.objectId) : me.objectId;
}

export function adminIsMe(admin: ServerAdmin, me: Me): boolean {
  const sid = admin.sid.toLowerCase();
  return sid === me.objectId.toLowerCase() || (me.appId !== undefined && sid === me.appId.toLowerCase());
}

function identityChange(target: Target, observed: Observed): Change {
  const { identity, app } = observed;
  const where = appLabel(observed);
  if (identity.kind === 'system') {
    if (identity.enabled) {
      return noOp('identity', `System-assigned identity of ${where} is on (client id ${identity.clientId})`);
    }
    return {
      id: 'identity',
      kind: 'create',
      summary: `Enable the system-assigned identity of ${where}`,
      detail: `PATCH ${app.id}  identity.type = ${withSystem(app.identityType)}`,
      dependsOn: [],
      action: { type: 'enable-system-identity' },
    };
  }
  const resourceId = target.identity.kind === 'user' ? target.identity.resourceId : (identity.resourceId ?? '');
  if (identity.attached) {
    return noOp('identity', `User-assigned identity ${identity.displayName} is attached to ${where} (client id ${identity.clientId})`);
  }
  return {
    id: 'identity',
    kind: 'create',
    summary: `Attach the user-assigned identity ${identity.displayName} to ${where}`,
    detail: `PATCH ${app.id}  identity.type = ${withUser(app.identityType)}, userAssignedIdentities += ${resourceId}`,
    dependsOn: [],
    action: { type: 'attach-user-identity', resourceId },
  };
}

function adminChange(target: Target, observed: Observed): Change {
  const { me, server } = observed;
  const admin = server.admin;
  const setToMe = {
    type: 'set-admin' as const,
    login: me.name,
    sid: sidOfMe(me),
    tenantId: me.tenantId,
    principalType: me.kind === 'app' ? ('Application' as const) : ('User' as const),
  };
  const detail = `PUT ${server.id}/administrators/ActiveDirectory  login = ${me.name}, sid = ${setToMe.sid}`;
  if (!admin) {
    return {
      id: 'admin',
      kind: 'create',
      summary: `Make you (${me.name}) the Microsoft Entra admin of server ${server.name}, which has none`,
      detail,
      dependsOn: [],
      action: setToMe,
    };
  }
  if (adminIsMe(admin, me)) {
    if (!observed.database.reachable && observed.database.reason === 'login-refused') {
      if (target.adminPolicy !== 'me') return refusedThoughAdmin(observed, admin);
      return {
        id: 'admin',
        kind: 'update',
        summary: `Set the Microsoft Entra admin of server ${server.name} again from your current sign-in (the server refused it)`,
        detail,
        dependsOn: [],
        action: setToMe,
      };
    }
    return noOp('admin', `You (${me.name}) are the Microsoft Entra admin of server ${server.name}`);
  }
  if (target.adminPolicy === 'me') {
    return {
      id: 'admin',
      kind: 'update',
      summary: `Replace the Microsoft Entra admin of server ${server.name}: ${admin.login} -> you (${me.name})`,
      detail,
      dependsOn: [],
      action: { ...setToMe, replaces: admin.login },
    };
  }
  if (observed.database.reachable || observed.database.reason !== 'login-refused') {
    const how = observed.database.reachable ? 'your sign-in can connect as admin' : 'kept';
    return noOp('admin', `The Microsoft Entra admin of server ${server.name} is ${admin.login} (${how})`);
  }
  return {
    id: 'admin',
    kind: 'blocked',
    summary: `Server ${server.name}'s Microsoft Entra admin is ${admin.login}, and the server refused your sign-in (${me.name})`,
    detail: observed.database.detail ?? 'Login failed (18456).',
    dependsOn: [],
    action: { type: 'none' },
    blocked: {
      reason: `Only the server's Entra admin (or a member of it, if it is a group) can create the database user.`,
      options: [
        `Ask ${admin.login} to run this command, or rerun with --print-sql > grant.sql and hand them that script (it needs no database access to write).`,
        `Rerun with --admin me to make yourself the admin. This replaces ${admin.login}; anyone relying on it loses admin access.`,
      ],
    },
  };
}

/** I am the admin by ARM's record, yet the login failed: the token's tenant or the admin's SID does not match. */
function refusedThoughAdmin(observed: Observed, admin: ServerAdmin): Change {
  const { me, server } = observed;
  const tenantDiffers = admin.tenantId.toLowerCase() !== me.tenantId.toLowerCase();
  return {
    id: 'admin',
    kind: 'blocked',
    summary: `Server ${server.name} refused your sign-in (${me.name}) although ARM lists you as its Microsoft Entra admin`,
    detail: observed.database.reachable ? '' : (observed.database.detail ?? 'Login failed (18456).'),
    dependsOn: [],
    action: { type: 'none' },
    blocked: {
      reason: tenantDiffers
        ? `Your token is from tenant ${me.tenantId}, but the admin was set in tenant ${admin.tenantId}.`
        : `The admin's SID (${admin.sid}) or tenant may not match your token, or the admin was set moments ago.`,
      options: [
        tenantDiffers ? `Sign in to tenant ${admin.tenantId} (az login --tenant ${admin.tenantId}) and run this again.` : 'Wait a few minutes and run this again.',
        'Rerun with --admin me to set the admin again from your current sign-in.',
      ],
    },
  };
}

function databaseChanges(target: Target, observed: Observed, admin: Change): Change[] {
  if (admin.kind === 'blocked') return [];
  const userName = userNameFor(target, observed);
  const { database, identity } = observed;
  const dbLabel = `${observed.server.name}/${target.database}`;
  const readable = database.reachable ? database : undefined;
  checkRolesExist(target, readable?.roles.map((r) => r.name));

  const clientId = identity.clientId;
  const sidHex = clientId ? sidHexFromClientId(clientId) : undefined;
  const existing = existingUser(readable?.userByName, readable?.userBySid, sidHex);
  const dependsOnAccess = ['identity', 'admin'];

  const changes: Change[] = [];
  let memberName = userName;
  let currentRoles: string[] = [];
  if (existing.kind === 'stale') {
    return [staleUserChange(userName, existing.user, clientId, dbLabel)];
  }
  if (existing.kind === 'match') {
    memberName = existing.user.name;
    currentRoles = existing.user.roles;
    changes.push(noOp('user', `Database user ${quoteName(memberName)} in ${dbLabel} matches the identity's SID`));
  } else {
    changes.push(createUserChange(target, userName, clientId, dbLabel, dependsOnAccess));
  }


  const firstRun = existing.kind === 'none';
  const wanted = target.rolesToAdd.length > 0 ? target.rolesToAdd : firstRun ? [...DEFAULT_ROLES] : [];
  const userDep = changes[0]!.kind === 'no-op' ? dependsOnAccess : ['user'];
  for (const role of unique(wanted)) {
    if (hasRole(currentRoles, role)) {
      changes.push(noOp(`role:add:${role}`, `${quoteName(memberName)} is a member of ${role}`));
      continue;
    }
    const statement = addRoleMember(role, memberName);
    changes.push({
      id: `role:add:${role}`,
      kind: 'create',
      summary: `Add ${quoteName(memberName)} to role ${role}`,
      detail: statement.text,
      dependsOn: userDep,
      action: { type: 'add-role', userName: memberName, role },
    });
  }
  for (const role of unique(target.rolesToRemove)) {
    if (!hasRole(currentRoles, role)) continue;
    const statement = dropRoleMember(role, memberName);
    changes.push({
      id: `role:remove:${role}`,
      kind: 'delete',
      summary: `Remove ${quoteName(memberName)} from role ${role}`,
      detail: statement.text,
      dependsOn: userDep,
      action: { type: 'remove-role', userName: memberName, role },
    });
  }
  return changes;
}

/** Why the database part of a plan was made without reading the database; undefined when it was read. */
export function databaseNotReadReason(database: Observed['database']): string | undefined {
  // --print-sql (not-read) says what the script is for instead.
  if (database.reachable || database.reason === 'login-refused' || database.reason === 'not-read') return undefined;
  if (database.reason === 'dry-run-firewall') return 'the firewall refused this machine and a dry run opens no rule';
  if (database.reason === 'no-admin') return 'the server has no Entra admin yet';
  return 'you become its admin only when the plan is applied';
}

type ExistingUser =
  | { kind: 'none' }
  | { kind: 'match'; user: DatabaseUser }
  | { kind: 'stale'; user: DatabaseUser };

/** A user whose SID is the identity's is a match whatever its name; a user of the name with another SID is stale. */
function existingUser(byName: DatabaseUser | undefined, bySid: DatabaseUser | undefined, sidHex: string | undefined): ExistingUser {
  if (bySid) return { kind: 'match', user: bySid };
  if (byName && sidHex && byName.sidHex?.toUpperCase() === sidHex) return { kind: 'match', user: byName };
  if (byName) return { kind: 'stale', user: byName };
  return { kind: 'none' };
}

function createUserChange(
  target: Target,
  userName: string,
  clientId: string | undefined,
  dbLabel: string,
  dependsOn: string[],
): Change {
  const bySid = target.createUser === 'sid';
  const detail = bySid
    ? clientId
      ? createUserWithSid(userName, clientId).text
      : `CREATE USER ${quoteName(userName)} WITH SID = <SID of the new identity's client id>, TYPE = E;`
    : createUserFromExternalProvider(userName).text;
  return {
    id: 'user',
    kind: 'create',
    summary: `Create database user ${quoteName(userName)} in ${dbLabel} for the identity${clientId ? ` (client id ${clientId})` : ''}`,
    detail,
    dependsOn,
    action: { type: 'create-user', userName, method: target.createUser },
  };
}

function staleUserChange(userName: string, user: DatabaseUser, clientId: string | undefined, dbLabel: string): Change {
  const found = user.sidHex ? `SID 0x${user.sidHex}` : `type ${user.type}`;
  const expected = clientId ? `0x${sidHexFromClientId(clientId)} (client id ${clientId})` : `the SID of an identity that is not enabled yet`;
  return {
    id: 'user',
    kind: 'blocked',
    summary: `Database user ${quoteName(userName)} in ${dbLabel} belongs to another principal (stale user?)`,
    detail: `Found ${found}; the identity's is ${expected}.`,
    dependsOn: [],
    action: { type: 'none' },
    blocked: {
      reason:
        'A user of this name exists with another SID. This happens when the app or its identity was re-created: the old user keeps the old SID and the new identity cannot log in as it.',
      options: [
        `Drop the old user (DROP USER ${quoteName(userName)};) after checking nothing else uses it, then rerun.`,
        `Or rerun with --user-name <another name> to create a second user for this identity.`,
      ],
    },
  };
}

function settingsChange(target: Target, observed: Observed): Change {
  const userAssignedClientId = observed.identity.kind === 'user' ? observed.identity.clientId : undefined;
  const wanted = sqlSettingsFor(target.client, {
    serverFqdn: observed.server.fullyQualifiedDomainName,
    database: target.database,
    ...(userAssignedClientId ? { userAssignedClientId } : {}),
  });
  const keys = Object.keys(wanted);
  const where = appLabel(observed);
  if (keys.length === 0) return noOp('settings', `No app settings requested (--client none)`);
  const differing = keys.filter((k) => observed.app.settings[k] !== wanted[k]);
  const remove = staleIdentityKeys(target.client, wanted, observed.app.settings);
  if (differing.length === 0 && remove.length === 0) return noOp('settings', `App settings ${keys.join(', ')} of ${where} are in place`);
  const changed = [...differing.filter((k) => observed.app.settings[k] !== undefined), ...remove];
  const toWrite = Object.fromEntries(differing.map((k) => [k, wanted[k]!]));
  const removing = remove.length ? `removing ${remove.join(', ')}, the client id of another identity` : '';
  const what = differing.length ? `Write app settings ${differing.join(', ')} to ${where}` : `Update the app settings of ${where}`;
  const changing = differing.filter((k) => observed.app.settings[k] !== undefined);
  const notes = [changing.length ? `changing ${changing.join(', ')}` : '', removing].filter(Boolean).join('; ');
  return {
    id: 'settings',
    kind: changed.length > 0 ? 'update' : 'create',
    summary: `${what}${notes ? ` (${notes})` : ''}`,
    detail: `PUT ${observed.app.id}/config/appsettings  ${[...differing.map((k) => `${k}=${toWrite[k]}`), ...remove.map((k) => `-${k}`)].join(' ')} (other settings kept)`,
    dependsOn: [],
    action: { type: 'write-settings', settings: toWrite, ...(remove.length ? { remove } : {}) },
  };
}

/** A role that does not exist is an error before anything changes. Before the database can be read, only fixed roles can be checked. */
function checkRolesExist(target: Target, roles: string[] | undefined): void {
  const both = target.rolesToAdd.filter((r) => hasRole(target.rolesToRemove, r));
  if (both.length > 0) throw new UsageError(`Role ${both.join(', ')} is both added and removed.`, 'Name each role in --roles or in --remove-roles, not both.');
  if (!roles) return;
  const known = new Set(roles.map((r) => r.toLowerCase()));
  const missing = [...target.rolesToAdd, ...target.rolesToRemove].filter((r) => !known.has(r.toLowerCase()));
  if (missing.length > 0) {
    throw new UsageError(
      `Role ${missing.join(', ')} does not exist in database ${target.database}.`,
      `Roles there: ${roles.filter((r) => r !== 'public').join(', ')}.`,
    );
  }
}

function appLabel(observed: Observed): string {
  return observed.app.slot ? `${observed.app.name}/slots/${observed.app.slot}` : observed.app.name;
}

function withSystem(type: string): string {
  return /UserAssigned/i.test(type) ? 'SystemAssigned, UserAssigned' : 'SystemAssigned';
}

function withUser(type: string): string {
  return /SystemAssigned/i.test(type) ? 'SystemAssigned, UserAssigned' : 'UserAssigned';
}

function noOp(id: string, summary: string): Change {
  return { id, kind: 'no-op', summary, detail: '', dependsOn: [], action: { type: 'none' } };
}

function unique(values: string[]): string[] {
  return [...new Map(values.map((v) => [v.toLowerCase(), v])).values()];
}

/** Role names compare as the database's default (case-insensitive) collation does. */
function hasRole(roles: string[], role: string): boolean {
  return roles.some((r) => r.toLowerCase() === role.toLowerCase());
}
