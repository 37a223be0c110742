// Which subscription the run uses: --subscription, else AZURE_SUBSCRIPTION_ID, else the Azure CLI's default.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { translateArmError } from './arm-error.js';
import { createSubscriptionClient, loadArmSdks, type ArmContext } from './clients.js';
import { azureConfigDir } from './cloud.js';

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  /** 'Enabled', 'Disabled', 'Warned', ... as ARM reports it. */
  state?: string;
}

type Env = Record<string, string | undefined>;

export async function listSubscriptions(ctx: ArmContext): Promise<SubscriptionInfo[]> {
  await loadArmSdks();
  const client = createSubscriptionClient(ctx);
  const found: SubscriptionInfo[] = [];
  try {
    for await (const s of client.subscriptions.list()) {
      if (!s.subscriptionId) continue;
      found.push({
        subscriptionId: s.subscriptionId,
        displayName: s.displayName ?? s.subscriptionId,
        tenantId: s.tenantId ?? '',
        ...(s.state ? { state: s.state } : {}),
      });
    }
  } catch (error) {
    throw translateArmError(error, 'the list of subscriptions');
  }
  return found;
}

/**
 * The run's subscription, by id or (case-insensitive) display name. Without one: AZURE_SUBSCRIPTION_ID,
 * else the Azure CLI's default subscription, else the only subscription visible.
 */
export async function resolveSubscription(ctx: ArmContext, idOrName: string | undefined, env: Env = process.env): Promise<SubscriptionInfo> {
  const chosen = pickWanted(idOrName, env);
  const visible = await listSubscriptions(ctx);
  if (!chosen) {
    if (visible.length === 1) return visible[0] as SubscriptionInfo;
    if (visible.length === 0) throw noneVisible();
    throw new UsageError(
      `Several subscriptions are visible and none is chosen: ${describeList(visible)}.`,
      'Pick one with --subscription <id or name> (or set AZURE_SUBSCRIPTION_ID, or `az account set -s <id>`).',
    );
  }
  const wanted = chosen.value.trim().toLowerCase();
  const byId = visible.find((s) => s.subscriptionId.toLowerCase() === wanted);
  if (byId) return byId;
  const byName = visible.filter((s) => s.displayName.toLowerCase() === wanted);
  if (byName.length === 1) return byName[0] as SubscriptionInfo;
  if (byName.length > 1) {
    throw new UsageError(
      `Several subscriptions are named '${chosen.value}': ${byName.map((s) => s.subscriptionId).join(', ')}.`,
      'Give the subscription id with --subscription.',
    );
  }
  if (visible.length === 0) throw noneVisible();
  throw new UsageError(
    `Subscription '${chosen.value}' (${chosen.source}) is not among the subscriptions this sign-in can see: ${describeList(visible)}.`,
    'Check the id or name, or sign in to the tenant that holds it (`az login --tenant <tenant id>`).',
  );
}

function pickWanted(idOrName: string | undefined, env: Env): { value: string; source: string } | undefined {
  if (idOrName?.trim()) return { value: idOrName.trim(), source: 'from --subscription' };
  if (env.AZURE_SUBSCRIPTION_ID?.trim()) return { value: env.AZURE_SUBSCRIPTION_ID.trim(), source: 'from AZURE_SUBSCRIPTION_ID' };
  const fromCli = defaultSubscriptionIdFromCli(env);
  if (fromCli) return { value: fromCli, source: "the Azure CLI's default subscription" };
  return undefined;
}

function noneVisible(): UsageError {
  return new UsageError(
    'This sign-in can see no Azure subscription.',
    'Sign in with an account that has access to a subscription (`az login`), or ask for a role on one.',
  );
}

function describeList(subscriptions: SubscriptionInfo[]): string {
  const shown = subscriptions.slice(0, 10).map((s) => `${s.displayName} (${s.subscriptionId})`);
  const more = subscriptions.length > shown.length ? ` and ${subscriptions.length - shown.length} more` : '';
  return shown.join(', ') + more;
}

/** The Azure CLI's default subscription id, read from its profile file (faster than spawning az). */
export function defaultSubscriptionIdFromCli(env: Env = process.env): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(azureConfigDir(env), 'azureProfile.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    // The CLI writes the file with a UTF-8 byte order mark.
    const profile = JSON.parse(text.replace(/^\uFEFF/, '')) as { subscriptions?: { id?: unknown; isDefault?: unknown }[] };
    const current = profile.subscriptions?.find((s) => s.isDefault === true);
    return typeof current?.id === 'string' && current.id !== '' ? current.id : undefined;
  } catch {
    return undefined;
  }
}
