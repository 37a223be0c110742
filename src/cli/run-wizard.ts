// The wizard: on a terminal, asks whatever the flags leave open and returns the same Target the flags
// would. Lists load in the background while earlier questions are answered; the database is read
// (connecting as admin) while the language question is asked, so the roles show current memberships.
import { debugStatement, engineContext } from './engine-context.js';
import { readAppSettings } from '../azure/app-settings.js';
import { createArmClients, loadArmSdks, type ArmClients } from '../azure/clients.js';
import { listApps, listSqlServers, listUserAssignedIdentities } from '../azure/discovery.js';
import { defaultSubscriptionIdFromCli, type SubscriptionInfo } from '../azure/subscriptions.js';
import type { Cleanup } from '../engine/cleanup.js';
import type { Me, Observed } from '../engine/observed.js';
import { observe, type Observation } from '../engine/observe.js';
import { plan } from '../engine/plan.js';
import type { Target } from '../engine/target.js';
import { UserFacingError } from '../errors.js';
import { clientFromSettings } from '../wizard/ask-client.js';
import { terminalPrompts, type ScaffoldAnswer, type WizardPrompts } from '../wizard/prompts.js';
import type { Flags } from './args.js';
import { scaffoldOptionsFor, writeSample } from './scaffold-step.js';
import type { Session } from './session.js';
import { missingTargetFlags, targetOf } from './target-from-flags.js';
import type { Io, Ui } from './ui.js';
import { chooseApp, chooseDatabase, chooseIdentity, chooseServer, chooseSlot, chooseSubscription } from './wizard-choose.js';
import { adminQuestionFor, blockedError, rolesQuestionFor, staleUserStop } from './wizard-database.js';
import { cliProfileSubscriptions } from './wizard-cli-profile.js';
import { spinnerWaiting, type Waiting } from './wizard-wait.js';

export interface WizardInput {
  flags: Flags;
  session: Session;
  me: Me;
  io: Io;
  ui: Ui;
  cleanup: Cleanup;
}

export interface WizardDeps {
  /** The questions; the terminal's by default, scripted answers in tests. */
  prompts?: WizardPrompts;
  wait?: Waiting;
}

export interface WizardResult {
  subscription: SubscriptionInfo;
  clients: ArmClients;
  target: Target;
  /** The flags with every answer filled in: the equivalent command line is built from these. */
  flags: Flags;
  /** The database as read during the questions (its admin connection kept open for apply). */
  observation: Observation;
}

/** The wizard runs when a terminal is there to ask on and the flags do not name the whole target. */
export function needsWizard(flags: Flags): boolean {
  return missingTargetFlags(flags).length > 0;
}

export function promptsFor(io: Io, ui: Ui, deps: WizardDeps = {}): WizardPrompts {
  return deps.prompts ?? terminalPrompts({ input: io.stdin, output: ui.stream });
}

export async function runWizard(input: WizardInput, deps: WizardDeps = {}): Promise<WizardResult> {
  const { flags, session, me, io, ui } = input;
  const prompts = promptsFor(io, ui, deps);
  const wait = deps.wait ?? spinnerWaiting(ui);
  const c = { flags, prompts, wait, ui };

  const subscription = await chooseSubscription(c, session.arm, io.env, defaultSubscription(session, io.env), knownSubscriptions(input));
  const subscriptionId = subscription.subscriptionId;
  await loadArmSdks();
  const clients = createArmClients(session.arm, subscriptionId);
  // Everything the next questions list, loading at once while the first one is answered.
  const apps = background(listApps(clients));
  const servers = background(flags.server ? Promise.resolve([]) : listSqlServers(clients));
  const identities = background(flags.identity ? Promise.resolve([]) : listUserAssignedIdentities(clients));

  const app = await chooseApp(c, apps, subscription);
  const slot = await chooseSlot(c, clients, app);
  const appRef = { subscriptionId, resourceGroup: app.resourceGroup, name: app.name, ...(slot ? { slot } : {}) };
  const appLabel = slot ? `${app.name}/slots/${slot}` : app.name;
  const settings = background(readAppSettings(clients, appRef));
  const identity = await chooseIdentity(c, clients, appRef, identities);
  const server = await chooseServer(c, clients, servers, me, subscription);
  const database = await chooseDatabase(c, clients, server);

  let target: Target = targetOf(flags, { app: appRef, identity, server, database });
  const notes: string[] = [];
  // Waits show on the spinner; notes wait until the prompt is gone.
  const ctx = engineContext(input.session, clients, input.me, input.cleanup, {
    status: (message) => wait.status(message),
    note: (message) => notes.push(message),
    statement: debugStatement(input.ui),
  });
  // As without the wizard: --print-sql writes a script for someone else, so it neither reads the database nor opens a rule.
  const observing = background(observe(ctx, target, { mayOpenFirewall: !flags.dryRun && !flags.printSql, readDatabase: !flags.printSql }));
  try {
    const client =
      flags.client ?? (await prompts.client(appLabel, clientFromSettings(await wait('Reading the app settings', settings).catch(() => undefined)) ?? 'python'));
    target = { ...target, client };
    const observation = await wait(`Reading database ${database} on ${server.name} (signing in as admin)`, observing);
    for (const note of notes) ui.warn(note);
    target = await decideAdmin(target, observation.observed, flags, prompts);
    const stale = staleUserStop(target, observation.observed);
    if (stale) throw stale;
    if (flags.roles.length === 0 && flags.removeRoles.length === 0) {
      const roles = await prompts.roles(rolesQuestionFor(target, observation.observed));
      target = { ...target, rolesToAdd: roles.add, rolesToRemove: roles.remove };
    }
    // --print-sql stops after the script: a sample would never be written.
    const scaffold = flags.scaffold ?? (flags.printSql ? 'none' : await prompts.scaffold(scaffoldFor(client)));
    const out =
      scaffold === 'none'
        ? undefined
        : (flags.out ?? (await prompts.outDir(`./${app.name}-sql-sample`, (p) => sampleProblem({ ...flags, scaffold, out: p }, target, observation.observed))));
    return { subscription, clients, target, flags: answered(flags, target, scaffold, out), observation };
  } catch (error) {
    // A firewall rule opened in the background must be registered for cleanup before the run ends.
    await observing.catch(() => undefined);
    throw error;
  }
}

/**
 * The admin decision, asked only when the flags did not make it (--admin) and the server's admin is
 * someone else who refused your sign-in. 'stop' ends the run as blocked (exit 3).
 */
export async function decideAdmin(target: Target, observed: Observed, flags: Pick<Flags, 'admin'>, prompts: WizardPrompts): Promise<Target> {
  const question = flags.admin ? undefined : adminQuestionFor(observed);
  if (!question) return target;
  if ((await prompts.adminDecision(question)) === 'replace') return { ...target, adminPolicy: 'me' };
  const blocked = plan(target, observed).find((change) => change.id === 'admin' && change.kind === 'blocked');
  throw blockedError(blocked!);
}

function defaultSubscription(session: Session, env: NodeJS.ProcessEnv): string | undefined {
  if (env.AZURE_SUBSCRIPTION_ID?.trim()) return env.AZURE_SUBSCRIPTION_ID.trim();
  if (session.demoStatePath) return session.defaultSubscriptionId;
  return defaultSubscriptionIdFromCli(env);
}

/** Signed in through the Azure CLI: its profile lists the subscriptions without a network call. */
function knownSubscriptions({ session, me, io }: WizardInput): SubscriptionInfo[] | undefined {
  if (session.signedInThrough() !== 'cli') return undefined;
  return cliProfileSubscriptions(io.env, me.tenantId, session.cloud.name);
}

function scaffoldFor(client: Target['client']): ScaffoldAnswer {
  return client === 'python' ? 'python' : client === 'node' ? 'node-ts' : 'none';
}

/** Why the sample cannot be written there (files it would overwrite, a file in the way), or undefined. */
async function sampleProblem(flags: Flags, target: Target, observed: Observed): Promise<string | undefined> {
  const options = scaffoldOptionsFor(flags, target, observed);
  if (!options) return undefined;
  try {
    await writeSample(options, true);
    return undefined;
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return error.suggestion ? `${error.message} ${error.suggestion}` : error.message;
  }
}

/** The answers as flags, so the printed command line repeats this run without questions. */
function answered(flags: Flags, target: Target, scaffold: ScaffoldAnswer, out: string | undefined): Flags {
  const result: Flags = {
    ...flags,
    subscription: target.app.subscriptionId,
    resourceGroup: target.app.resourceGroup,
    app: target.app.name,
    identity: target.identity,
    server: flags.server ?? target.server.name,
    database: target.database,
    roles: target.rolesToAdd,
    removeRoles: target.rolesToRemove,
    client: target.client,
    admin: target.adminPolicy,
    scaffold,
  };
  if (target.app.slot) result.slot = target.app.slot;
  if (out) result.out = out;
  return result;
}

/** Marks a promise as handled now (it is awaited later), so a failure while a question is open is not an unhandled rejection. */
function background<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
