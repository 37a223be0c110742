// The flow, one way through: sign in, choose, observe, plan, confirm, apply, verify.
import { BlockedError, CancelledError, ExitCode, UsageError, UserFacingError } from '../errors.js';
import { createArmClients, loadArmSdks } from '../azure/clients.js';
import { readSignedInUser } from '../azure/signed-in.js';
import { resolveSubscription } from '../azure/subscriptions.js';
import { apply, type ApplyResult } from '../engine/apply.js';
import { blockedChanges, pendingChanges, type Change } from '../engine/change.js';
import type { Cleanup } from '../engine/cleanup.js';
import { observe } from '../engine/observe.js';
import { adminScript } from '../engine/admin-script.js';
import { appReachability } from '../engine/app-reachability.js';
import type { Observed } from '../engine/observed.js';
import { databaseNotReadReason, plan } from '../engine/plan.js';
import { renderCounts, renderPlan } from '../engine/render-plan.js';
import type { Target } from '../engine/target.js';
import { verify, type Check } from '../engine/verify.js';
import type { Flags } from './args.js';
import { equivalentCommand } from './equivalent-command.js';
import { scaffoldOptionsFor, writeSample } from './scaffold-step.js';
import { debugStatement, engineContext } from './engine-context.js';
import { createProgress } from './progress.js';
import { openSession } from './session.js';
import { missingTargetFlags, targetFromFlags } from './target-from-flags.js';
import type { WizardDeps } from './run-wizard.js';
import type { Io, Ui } from './ui.js';
import type { RunReport } from './run-report.js';

export interface SetupDeps extends WizardDeps {
  /** Asks "Apply these N changes?"; only called on a terminal. */
  confirmApply: (count: number) => Promise<boolean>;
}

export async function runSetup(flags: Flags, io: Io, ui: Ui, cleanup: Cleanup, report: RunReport, deps: SetupDeps): Promise<number> {
  const interactive = isTerminal(io.stdin) && isTerminal(ui.stream) && !flags.json;
  // Loads while the user signs in and reads the first question; awaited where clients are built.
  const sdks = loadArmSdks();
  sdks.catch(() => undefined);
  if (flags.demo) {
    ui.line(ui.style.paint('cyan', 'DEMO: a simulated Azure subscription; nothing real is touched, no Azure account needed.'));
  }
  const session = await openSession(flags, io.env, flags.debug ? { onRequest: (line) => ui.debug(`ARM: ${line}`) } : {});
  if (session.demoStatePath) ui.line(ui.style.paint('dim', `The simulated subscription is kept in ${session.demoStatePath}; delete it to start over.`));
  const me = await readSignedInUser(session.credential, session.cloud);
  ui.line(`Signed in as ${me.name} (tenant ${me.tenantId}) through ${session.describeSignIn()}`);

  // The wizard (run-wizard.ts): on a terminal, whatever the flags leave open is asked; its answers become the flags.
  const wizard = interactive && missingTargetFlags(flags).length > 0 ? await (await import('./run-wizard.js')).runWizard({ flags, session, me, io, ui, cleanup }, deps) : undefined;
  if (wizard) flags = wizard.flags;
  const subscription = wizard?.subscription ?? (await resolveSubscription(session.arm, flags.subscription ?? session.defaultSubscriptionId, io.env));
  if (!wizard) ui.line(`Subscription ${subscription.displayName} (${subscription.subscriptionId})`);

  await sdks;
  const clients = wizard?.clients ?? createArmClients(session.arm, subscription.subscriptionId);
  let target = wizard?.target ?? (await targetFromFlags(withDemoDefaults(flags), clients, subscription.subscriptionId));
  report.target = target;
  const progress = await createProgress(ui, interactive);
  const ctx = engineContext(session, clients, me, cleanup, {
    status: (m) => progress.status(m),
    note: (m) => progress.note(m),
    statement: debugStatement(ui),
    changeStarted: (c) => progress.started(c),
    changeEnded: (c, o) => progress.ended(c, o),
  });

  // Stopped on failure too: a spinner left running (a wait that ended in an error) keeps drawing and the process alive.
  const observation =
    wizard?.observation ??
    (await observe(ctx, target, { mayOpenFirewall: !flags.dryRun && !flags.printSql, readDatabase: !flags.printSql }).finally(() => progress.stop()));
  // The wizard: on a terminal, the admin decision the flags did not make (someone else's admin refused you).
  if (interactive && !wizard) {
    const { decideAdmin, promptsFor } = await import('./run-wizard.js');
    target = report.target = await decideAdmin(target, observation.observed, flags, promptsFor(io, ui, deps));
  }
  const changes = plan(target, observation.observed);
  report.plan = changes;
  showPlan(ui, target, changes, observation.observed);

  const blocked = blockedChanges(changes);
  if (blocked.length > 0) throw blockedError(blocked);
  const pending = pendingChanges(changes);
  if (flags.printSql) return printSql(io, ui, report, flags.json, target, observation.observed, pending);
  const sample = scaffoldOptionsFor(flags, target, observation.observed);
  // A sample that cannot be written stops the run before anything changes.
  if (sample) await writeSample(sample, true);
  if (flags.dryRun) {
    if (sample) ui.line(`  + Write a ${sample.language} sample project to ${sample.outDir}`);
    ui.line(ui.style.paint('dim', 'Dry run: nothing was changed.'));
    return ExitCode.ok;
  }
  if (pending.length === 0) {
    ui.done('Nothing to do: everything is already in place.');
    if (sample) await scaffold(ui, sample);
    showNextSteps(ui, flags, target, observation.observed);
    printRerun(ui, flags, target);
    return ExitCode.ok;
  }
  await confirmOrStop(flags, interactive, pending.length, deps);

  ui.line();
  const result = await apply(ctx, target, observation, changes).finally(() => progress.stop());
  report.outcomes = Object.fromEntries([...result.outcomes].map(([id, o]) => [id, o.status]));
  const failure = firstFailure(result);
  if (failure) {
    ui.line();
    ui.failed(`Not everything was applied; what succeeded is listed above and stays in place. Rerun to finish.`);
    throw failure;
  }
  // Read only after the admin was set, the database was planned again: verify what was applied, not the first guess.
  const applied = observation.observed.database.reachable ? changes : [...changes.filter((c) => !isDatabaseChange(c)), ...result.databaseChanges];
  const checks = await verify(ctx, target, result.observed, applied, result.connection);
  report.verification = checks;
  showChecks(ui, checks);
  if (checks.some((c) => !c.ok)) {
    ui.failed('Verification found differences (listed above).');
    return ExitCode.failed;
  }
  ui.line();
  ui.done(`Done: ${target.app.name} can now sign in to ${target.database} with its managed identity.`);
  if (sample) await scaffold(ui, sample);
  showNextSteps(ui, flags, target, result.observed);
  printRerun(ui, flags, target);
  return ExitCode.ok;
}

async function scaffold(ui: Ui, sample: NonNullable<ReturnType<typeof scaffoldOptionsFor>>): Promise<void> {
  const written = await writeSample(sample);
  ui.done(`Wrote a ${sample.language} sample project (${written.files.length} files) to ${written.outDir}`);
  ui.line(`  Next: cd ${sample.outDir} and read README.md (run locally with func start; deploy with func azure functionapp publish ${sample.app}).`);
}

function showPlan(ui: Ui, target: Target, changes: Change[], observed: Observed): void {
  const app = target.app.slot ? `${target.app.name}/slots/${target.app.slot}` : target.app.name;
  ui.line();
  ui.line(ui.style.paint('bold', `Plan: ${app} -> ${target.server.name}/${target.database}`));
  for (const line of renderPlan(changes, ui.style, { details: true })) ui.line(line);
  const notRead = databaseNotReadReason(observed.database);
  if (notRead) ui.line(`  ${ui.style.paint('yellow', '!')} The database was not read (${notRead}): its part of the plan is checked again before it is applied.`);
  if (observed.firewallIpNeeded) {
    ui.line(`  ${ui.style.paint('yellow', '!')} The server's firewall does not admit ${observed.firewallIpNeeded}: applying opens a temporary rule for that IP and removes it afterwards.`);
  }
  ui.line(renderCounts(changes));
}

/** What the user does next: network reachability from the app, and the sample code. */
function showNextSteps(ui: Ui, flags: Flags, target: Target, observed: Observed): void {
  ui.line();
  ui.line(ui.style.paint('bold', 'Next steps'));
  const reach = appReachability(observed);
  if (reach.kind === 'azure-services') ui.line(`  - The server admits Azure services ("Allow Azure services"), so ${target.app.name} can reach it.`);
  else if (reach.kind === 'outbound-ips' && reach.covered === reach.total) ui.line(`  - The server's firewall admits all ${reach.total} outbound IPs of ${target.app.name}.`);
  else if (reach.kind === 'outbound-ips') ui.warn(`The server's firewall admits ${reach.covered} of the ${reach.total} outbound IPs ${target.app.name} may use; add the others, or some connections fail with 40615.`);
  else if (reach.kind === 'private-only') ui.line(`  - The server takes only private connections: ${target.app.name} needs VNet integration with a route to its private endpoint.`);
  else if (reach.kind === 'no-listed-ips') ui.warn(`Azure lists no outbound IPs for ${target.app.name} (its plan has none fixed), so no firewall rule can name them and "Allow Azure services" is off: the app will fail with 40615. Turn on "Allow Azure services", or use VNet integration with a private endpoint or VNet rule.`);
  else ui.warn(`The server's firewall admits none of ${target.app.name}'s ${reach.total} outbound IPs and "Allow Azure services" is off: the app will fail with 40615. Add rules for its outbound IPs, a VNet rule, or a private endpoint.`);
  if (target.client !== 'none') ui.line(`  - Your code reads the AZURE_SQL_* app settings; the app restarts to pick them up.`);
  if (!flags.scaffold || flags.scaffold === 'none') {
    const language = target.client === 'node' ? 'node-ts' : 'python';
    ui.line(`  - Sample code: npx azsql-mi-setup scaffold --language ${language} --server ${target.server.name} --database ${target.database} --app ${target.app.name}`);
  }
}

/** --print-sql: the database part of the plan as a script on stdout; nothing is changed. */
function printSql(io: Io, ui: Ui, report: RunReport, json: boolean, target: Target, observed: Observed, pending: Change[]): number {
  const databaseChanges = pending.filter(isDatabaseChange);
  const needsSid = databaseChanges.some((c) => c.action.type === 'create-user' && c.action.method === 'sid');
  if (needsSid && !observed.identity.clientId) {
    throw new UsageError(
      `The identity of ${observed.identity.displayName} is not on yet, so its client id (the database user's SID) does not exist.`,
      `Turn it on first (az webapp identity assign -g ${target.app.resourceGroup} -n ${target.app.name}${target.app.slot ? ` --slot ${target.app.slot}` : ''}), then run this again.`,
    );
  }
  const script = adminScript(databaseChanges, observed, target.database);
  report.sql = script;
  // With --json the script is part of the JSON document instead.
  if (!json) io.stdout.write(script);
  const others = pending.filter((c) => !databaseChanges.includes(c));
  ui.line();
  ui.line(`The T-SQL above is for the admin of ${target.server.name} to run in ${target.database}; nothing was changed.`);
  if (others.length > 0) ui.line(`Still to do afterwards (run this again without --print-sql): ${others.map((c) => c.summary).join('; ')}.`);
  return ExitCode.ok;
}

function isDatabaseChange(change: Change): boolean {
  return change.id === 'user' || change.id.startsWith('role:');
}

function showChecks(ui: Ui, checks: Check[]): void {
  ui.line();
  for (const check of checks) {
    if (check.ok) ui.done(`Verified ${check.what}: ${check.detail}`);
    else ui.failed(`Verification of ${check.what} failed: ${check.detail}`);
  }
}

function printRerun(ui: Ui, flags: Flags, target: Target): void {
  ui.line();
  ui.line(ui.style.paint('dim', 'To run this again without prompts (add roles with --roles):'));
  // No --scaffold: the sample was written by this run, and a rerun would stop at its files.
  ui.line(`  ${equivalentCommand(target, { demo: flags.demo, roles: flags.roles, ...(flags.cloud ? { cloud: flags.cloud } : {}), ...(flags.auth ? { auth: flags.auth } : {}) })}`);
}

async function confirmOrStop(flags: Flags, interactive: boolean, count: number, deps: SetupDeps): Promise<void> {
  if (flags.yes) return;
  if (!interactive) {
    throw new UsageError(
      `Not applying ${count} change(s): there is no terminal to confirm on.`,
      'Add --yes to apply without asking, or --dry-run to only show the plan.',
    );
  }
  if (!(await deps.confirmApply(count))) throw new CancelledError('Nothing was changed.');
}

function blockedError(blocked: Change[]): BlockedError {
  const first = blocked[0]!;
  const options = first.blocked?.options.map((o) => `- ${o}`).join('\n');
  return new BlockedError(`Blocked: ${first.summary}.`, options);
}

function firstFailure(result: ApplyResult): Error | undefined {
  const errors = [...result.outcomes.values()].flatMap((o) => (o.status === 'failed' ? [o.error] : []));
  if (errors.length === 0) return undefined;
  return errors.find((e) => e instanceof UserFacingError && e.exitCode === ExitCode.blocked) ?? errors[0];
}

/** --demo with no target flags at all walks the demo's first app, so the README's one command shows the whole flow. */
function withDemoDefaults(flags: Flags): Flags {
  if (!flags.demo || flags.app || flags.server || flags.database) return flags;
  return { ...flags, ...DEMO_TARGET };
}

const DEMO_TARGET = { app: 'contoso-orders-func', server: 'contoso-sql', database: 'orders' };

function isTerminal(stream: NodeJS.ReadableStream | NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
