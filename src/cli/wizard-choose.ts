// The wizard's choices that come from lists: each skipped when its flag is given, each list that is
// empty ends the run saying what to create (never an empty menu).
import { readApp } from '../azure/app.js';
import type { ArmClients, ArmContext } from '../azure/clients.js';
import {
  findSqlServer,
  listDatabases,
  listSlots,
  type AppSummary,
  type ServerSummary,
  type UserAssignedIdentitySummary,
} from '../azure/discovery.js';
import { listSubscriptions, resolveSubscription, type SubscriptionInfo } from '../azure/subscriptions.js';
import type { Me } from '../engine/observed.js';
import { adminIsMe } from '../engine/plan.js';
import type { AppRef, IdentityChoice } from '../engine/target.js';
import { UsageError } from '../errors.js';
import type { WizardPrompts } from '../wizard/prompts.js';
import type { Flags } from './args.js';
import type { Ui } from './ui.js';
import type { Waiting } from './wizard-wait.js';

export interface ChooseContext {
  flags: Flags;
  prompts: WizardPrompts;
  wait: Waiting;
  ui: Ui;
}

/**
 * --subscription, else the only one, else asked with the default (AZURE_SUBSCRIPTION_ID, the CLI's) preselected.
 * known: a list already at hand (the Azure CLI's profile), so no ARM call is needed before the question.
 */
export async function chooseSubscription(
  c: ChooseContext,
  arm: ArmContext,
  env: NodeJS.ProcessEnv,
  defaultId: string | undefined,
  known?: SubscriptionInfo[],
): Promise<SubscriptionInfo> {
  if (c.flags.subscription) {
    const chosen = await c.wait('Finding the subscription', resolveSubscription(arm, c.flags.subscription, env));
    c.ui.line(`Subscription ${chosen.displayName} (${chosen.subscriptionId})`);
    return chosen;
  }
  const visible = known ?? (await c.wait('Listing your subscriptions', listSubscriptions(arm)));
  if (visible.length === 0) {
    throw new UsageError(
      'This sign-in can see no Azure subscription.',
      'Sign in with an account that has access to a subscription (`az login`), or ask for a role on one.',
    );
  }
  if (visible.length === 1) {
    c.ui.line(`Subscription ${visible[0]!.displayName} (${visible[0]!.subscriptionId}), the only one this sign-in can see`);
    return visible[0]!;
  }
  const id = await c.prompts.subscription(visible, defaultId);
  return visible.find((s) => s.subscriptionId === id)!;
}

export async function chooseApp(c: ChooseContext, apps: Promise<AppSummary[]>, subscription: SubscriptionInfo): Promise<AppSummary> {
  const all = await c.wait(`Loading the apps and SQL servers of ${subscription.displayName}`, apps);
  const wanted = c.flags.app?.toLowerCase();
  const candidates = wanted
    ? all.filter((a) => a.name.toLowerCase() === wanted && (!c.flags.resourceGroup || a.resourceGroup.toLowerCase() === c.flags.resourceGroup.toLowerCase()))
    : all;
  if (candidates.length === 0 && c.flags.app) {
    throw new UsageError(
      `No Function App or App Service app named ${c.flags.app}${c.flags.resourceGroup ? ` in resource group ${c.flags.resourceGroup}` : ''} in subscription ${subscription.displayName}.`,
      all.length ? `Apps there: ${all.slice(0, 10).map((a) => a.name).join(', ')}.` : 'That subscription has no apps; pass --subscription for another one.',
    );
  }
  if (candidates.length === 0) {
    throw new UsageError(
      `Subscription ${subscription.displayName} has no Function App or App Service app.`,
      'Create the app first (in the portal, or `az functionapp create ...`), or run this again and choose another subscription (--subscription).',
    );
  }
  // A name given as a flag needs no question unless it is in several resource groups.
  if (c.flags.app && candidates.length === 1) return candidates[0]!;
  return c.prompts.app(candidates);
}

/** --slot, else (only when the app was picked here) asked when the app has slots. */
export async function chooseSlot(c: ChooseContext, clients: ArmClients, app: AppSummary): Promise<string | undefined> {
  if (c.flags.slot) return c.flags.slot;
  if (c.flags.app) return undefined;
  const slots = await c.wait(`Looking for deployment slots of ${app.name}`, listSlots(clients, app.resourceGroup, app.name));
  return slots.length > 0 ? c.prompts.slot(app.name, slots) : undefined;
}

export async function chooseIdentity(
  c: ChooseContext,
  clients: ArmClients,
  appRef: AppRef,
  identities: Promise<UserAssignedIdentitySummary[]>,
): Promise<IdentityChoice> {
  if (c.flags.identity) return c.flags.identity;
  const label = appRef.slot ? `${appRef.name}/slots/${appRef.slot}` : appRef.name;
  const [app, others] = await c.wait(`Reading the identities of ${label}`, Promise.all([readApp(clients, appRef), identities]));
  return c.prompts.identity({
    app: label,
    ...(app.systemAssigned ? { system: { clientId: app.systemAssigned.clientId } } : {}),
    attached: app.userAssigned,
    others,
  });
}

export async function chooseServer(c: ChooseContext, clients: ArmClients, servers: Promise<ServerSummary[]>, me: Me, subscription: SubscriptionInfo): Promise<ServerSummary> {
  if (c.flags.server) return c.wait(`Finding SQL server ${c.flags.server}`, findSqlServer(clients, c.flags.server));
  const all = await c.wait(`Loading the SQL servers of ${subscription.displayName}`, servers);
  if (all.length === 0) {
    throw new UsageError(
      `Subscription ${subscription.displayName} has no Azure SQL server.`,
      'Create a server and database first (in the portal, or `az sql server create ...` then `az sql db create ...`), or choose another subscription (--subscription). A server in another subscription can be named with --server <its resource id>.',
    );
  }
  return c.prompts.server(all, (s) => s.admin !== undefined && adminIsMe(s.admin, me));
}

export async function chooseDatabase(c: ChooseContext, clients: ArmClients, server: ServerSummary): Promise<string> {
  if (c.flags.database) {
    if (c.flags.database.toLowerCase() === 'master') {
      throw new UsageError("The master database cannot hold the app's user: name the app's own database with --database.");
    }
    return c.flags.database;
  }
  const sql = clients.inSubscription(server.subscriptionId);
  const databases = await c.wait(`Loading the databases on ${server.name}`, listDatabases(sql, server.resourceGroup, server.name));
  if (databases.length === 0) {
    throw new UsageError(
      `Server ${server.name} has no database besides master, and master cannot hold the app's user.`,
      `Create one first (in the portal, or \`az sql db create -g ${server.resourceGroup} -s ${server.name} -n <name> --edition GeneralPurpose --compute-model Serverless --family Gen5 --capacity 1\`), then run this again.`,
    );
  }
  return c.prompts.database(server.name, databases);
}
