// The Microsoft Graph lookups Azure SQL makes for Entra principals, over the simulated directory.
import type { DirectoryObject, World } from '../world.js';

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function directoryObjectById(world: World, objectId: string): DirectoryObject | undefined {
  return world.directory.find((o) => sameId(o.objectId, objectId));
}

/** FROM EXTERNAL PROVIDER's lookup: users by their UPN, groups and service principals by display name. */
export function directoryObjectsNamed(world: World, name: string): DirectoryObject[] {
  const lower = name.toLowerCase();
  return world.directory.filter((o) =>
    o.kind === 'user' ? o.userPrincipalName?.toLowerCase() === lower : o.displayName.toLowerCase() === lower,
  );
}

/** Whether objectId is in the group, directly or through nested groups. */
export function isGroupMember(world: World, groupObjectId: string, objectId: string): boolean {
  const seen = new Set<string>();
  const pending = [groupObjectId.toLowerCase()];
  while (pending.length > 0) {
    const groupId = pending.pop()!;
    if (seen.has(groupId)) continue;
    seen.add(groupId);
    const group = directoryObjectById(world, groupId);
    if (group?.kind !== 'group') continue;
    for (const member of group.members ?? []) {
      if (sameId(member, objectId)) return true;
      pending.push(member.toLowerCase());
    }
  }
  return false;
}

/** The GUID a database SID of this object is made from: apps by client id, users and groups by object id. */
export function sidGuidOf(object: DirectoryObject): string {
  return object.kind === 'servicePrincipal' && object.appId ? object.appId : object.objectId;
}
