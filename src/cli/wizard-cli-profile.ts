// The Azure CLI's own subscription list (its profile file): when the sign-in is the Azure CLI, the
// subscription question can appear at once, without asking ARM.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azureConfigDir } from '../azure/cloud.js';
import type { SubscriptionInfo } from '../azure/subscriptions.js';

interface ProfileSubscription {
  id?: unknown;
  name?: unknown;
  state?: unknown;
  tenantId?: unknown;
  environmentName?: unknown;
}

/** The profile's subscriptions in this tenant and cloud; undefined when there are none or the file cannot be read. */
export function cliProfileSubscriptions(env: NodeJS.ProcessEnv, tenantId: string, cloudName: string): SubscriptionInfo[] | undefined {
  let subscriptions: ProfileSubscription[];
  try {
    // The CLI writes the file with a UTF-8 byte order mark.
    const text = readFileSync(join(azureConfigDir(env), 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '');
    subscriptions = (JSON.parse(text) as { subscriptions?: ProfileSubscription[] }).subscriptions ?? [];
  } catch {
    return undefined;
  }
  const found = subscriptions.flatMap((s): SubscriptionInfo[] => {
    if (typeof s.id !== 'string' || typeof s.tenantId !== 'string' || s.tenantId.toLowerCase() !== tenantId.toLowerCase()) return [];
    if (typeof s.environmentName === 'string' && s.environmentName !== cloudName) return [];
    const displayName = typeof s.name === 'string' && s.name ? s.name : s.id;
    return [{ subscriptionId: s.id, displayName, tenantId: s.tenantId, ...(typeof s.state === 'string' ? { state: s.state } : {}) }];
  });
  const unique = [...new Map(found.map((s) => [s.subscriptionId.toLowerCase(), s])).values()];
  return unique.length > 0 ? unique.sort((a, b) => a.displayName.localeCompare(b.displayName)) : undefined;
}
