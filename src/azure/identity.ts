// A user-assigned managed identity's ids, from its own resource.

import type { UserAssignedIdentityInfo } from '../engine/observed.js';
import { AzureError } from '../errors.js';
import { translateArmError } from './arm-error.js';
import type { ArmClients } from './clients.js';
import { parseUserAssignedIdentityId } from './resource-id.js';

export async function readUserAssignedIdentity(clients: ArmClients, resourceId: string): Promise<UserAssignedIdentityInfo> {
  const ref = parseUserAssignedIdentityId(resourceId);
  const what = `user-assigned identity ${ref.name} in resource group ${ref.resourceGroup} (subscription ${ref.subscriptionId})`;
  let found;
  try {
    found = await clients.inSubscription(ref.subscriptionId).msi.userAssignedIdentities.get(ref.resourceGroup, ref.name);
  } catch (error) {
    throw translateArmError(error, what);
  }
  if (!found.clientId || !found.principalId) {
    throw new AzureError(`Azure returned ${what} without its client id.`, 'Wait a minute and run this again.');
  }
  return { resourceId: found.id ?? ref.resourceId, name: found.name ?? ref.name, clientId: found.clientId, principalId: found.principalId };
}
