// Connect to the database as the signed-in admin, handling what Azure SQL answers on the way:
// a firewall that does not know this IP (40615), a resuming serverless database (40613),
// a new admin not yet in effect (18456 right after the admin was set).
import { AzureError } from '../errors.js';
import { closeFirewallRule, openFirewallRule } from '../azure/firewall.js';
import { ipFromFirewallMessage } from '../sql/classify-sql-error.js';
import { SqlFailure, type SqlConnection } from '../sql/connection.js';
import type { EngineContext } from './context.js';
import type { ObservedServer } from './observed.js';
import type { Target } from './target.js';

export type ConnectOutcome =
  | { ok: true; connection: SqlConnection }
  | { ok: false; reason: 'login-refused'; detail: string }
  | { ok: false; reason: 'firewall'; ip: string };

export interface ConnectOptions {
  /** False for --dry-run: report that a rule is needed instead of opening one. */
  mayOpenFirewall: boolean;
  /** True right after this run set the admin: a refused login is retried while it takes effect. */
  adminJustSet?: boolean;
}

const FIREWALL = 40615;
const RESUMING = 40613;
const LOGIN_FAILED = 18456;
const NO_PUBLIC_ACCESS = 47073;
const CANNOT_OPEN_DATABASE = 4060;

export async function connectToDatabase(
  ctx: EngineContext,
  target: Target,
  server: ObservedServer,
  options: ConnectOptions,
): Promise<ConnectOutcome> {
  const attempt = () =>
    ctx.connector({
      serverName: server.fullyQualifiedDomainName,
      ...(target.sqlEndpoint ? { endpoint: target.sqlEndpoint } : {}),
      database: target.database,
      credential: ctx.credential,
      onStatement: (s) => ctx.events.statement?.(s),
    });
  const delays = {
    [FIREWALL]: [...ctx.timing.firewallDelaysMs],
    [RESUMING]: [...ctx.timing.resumeDelaysMs],
    [LOGIN_FAILED]: options.adminJustSet ? [...ctx.timing.newAdminDelaysMs] : [],
  };
  let ruleOpened = false;
  for (;;) {
    try {
      return { ok: true, connection: await attempt() };
    } catch (error) {
      const failure = asSqlFailure(error);
      const number = failure.number;
      if (number === FIREWALL && !ruleOpened) {
        const ip = ipFromFirewallMessage(failure.message);
        if (!ip) throw new AzureError(`The server's firewall refused this machine, and its message named no IP address: ${failure.message}`);
        if (!options.mayOpenFirewall) return { ok: false, reason: 'firewall', ip };
        await openTemporaryRule(ctx, target, server, ip);
        ruleOpened = true;
        continue;
      }
      const wait = number === FIREWALL || number === RESUMING || number === LOGIN_FAILED ? delays[number].shift() : undefined;
      if (wait !== undefined) {
        ctx.events.status?.(waitingMessage(number!, server, target, wait));
        await ctx.sleep(wait);
        continue;
      }
      if (number === LOGIN_FAILED) return { ok: false, reason: 'login-refused', detail: failure.message };
      throw explain(failure, server, target);
    }
  }
}

async function openTemporaryRule(ctx: EngineContext, target: Target, server: ObservedServer, ip: string): Promise<void> {
  const opening = openFirewallRule(ctx.clients, target.server, ip);
  // Registered before ARM answers: a Ctrl+C while the PUT is in flight waits for it, then removes the rule.
  const unregister = ctx.cleanup.add(`remove temporary firewall rule for ${ip} on ${server.name}`, async () => {
    const rule = await opening.catch(() => undefined);
    if (rule) await closeFirewallRule(ctx.clients, target.server, rule.name);
  });
  const rule = await opening.catch((error: unknown) => {
    unregister();
    throw error;
  });
  // Now that it has a name, the step says which rule, for a user who must remove it by hand.
  unregister();
  ctx.cleanup.add(`remove temporary firewall rule ${rule.name} on ${server.name}`, () => closeFirewallRule(ctx.clients, target.server, rule.name));
  ctx.events.note?.(`Opened temporary firewall rule ${rule.name} for ${ip} on ${server.name}; it is removed when the run ends.`);
}

function waitingMessage(number: number, server: ObservedServer, target: Target, waitMs: number): string {
  const seconds = Math.round(waitMs / 1000);
  if (number === FIREWALL) return `Waiting for the firewall rule to take effect on ${server.name} (retrying in ${seconds}s)`;
  if (number === RESUMING) return `Database ${target.database} is resuming (serverless) or failing over; retrying in ${seconds}s`;
  return `Waiting for the new Entra admin of ${server.name} to take effect (retrying in ${seconds}s)`;
}

function asSqlFailure(error: unknown): SqlFailure {
  if (error instanceof SqlFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SqlFailure(message, { phase: 'connect', cause: error });
}

function explain(failure: SqlFailure, server: ObservedServer, target: Target): Error {
  const where = target.sqlEndpoint ? `${target.sqlEndpoint.host}:${target.sqlEndpoint.port}` : `${server.fullyQualifiedDomainName}:1433`;
  switch (failure.number) {
    case FIREWALL:
      return new AzureError(
        `The firewall of server ${server.name} still refuses this machine after a temporary rule was added and a minute passed.`,
        'Your outbound IP may change between connections (a proxy or NAT pool). Add a rule for your range in the portal, or connect through --sql-endpoint.',
        failure,
      );
    case RESUMING:
      return new AzureError(
        `Database ${target.database} on ${server.name} stayed unavailable for about a minute (40613).`,
        'A serverless database can take longer to resume, and failovers take a while: wait a minute and run this again.',
        failure,
      );
    case NO_PUBLIC_ACCESS:
      // Through --sql-endpoint the user already took a private path, but it ends at the public gateway.
      return new AzureError(
        target.sqlEndpoint
          ? `Server ${server.name} has public network access disabled (47073), and ${where} (--sql-endpoint) reached its public gateway, not its private endpoint.`
          : `Server ${server.name} has public network access disabled (47073), so no firewall rule can let this machine in.`,
        target.sqlEndpoint
          ? "Point the tunnel behind --sql-endpoint at the private endpoint's address in the server's virtual network (from a VM, VPN or bastion there); TLS still checks the server's real name. This tool never turns public access on."
          : "Connect through a private path (VPN, a bastion or SSH tunnel to the private endpoint) and pass --sql-endpoint host:port; TLS still checks the server's real name. This tool never turns public access on.",
        failure,
      );
    case CANNOT_OPEN_DATABASE:
      // ARM listed the database before this connection, so the name is right: the database is not ready.
      return new AzureError(
        `Server ${server.name} could not open database ${target.database} for your login (4060), although Azure lists it.`,
        'It may still be being created, restored or copied: wait a minute and run this again. If it persists, check in the portal that the database is Online.',
        failure,
      );
    default:
      if (failure.phase === 'connect') {
        const at = failure.message.includes(where) ? '' : ` at ${where}`;
        return new AzureError(`Could not reach SQL server ${server.name}${at}: ${failure.message}`, networkHint(failure, where, target), failure);
      }
      return new AzureError(`SQL server ${server.name} refused the connection: ${failure.message}`, undefined, failure);
  }
}

/** What to check for a connection that never reached the server, by what went wrong on the way. */
function networkHint(failure: SqlFailure, where: string, target: Target): string {
  const tunnel = target.sqlEndpoint !== undefined;
  if (/^Could not resolve/.test(failure.message)) {
    return tunnel
      ? 'Check the host name given with --sql-endpoint.'
      : "This machine cannot resolve the server's name: check your DNS (a private endpoint needs its private DNS zone), or connect through --sql-endpoint host:port.";
  }
  if (/\(ECONNREFUSED\)/.test(failure.message)) {
    return tunnel
      ? `Nothing is listening at ${where}: start the tunnel, or fix the port given with --sql-endpoint.`
      : 'The server refused the connection on port 1433: check for a proxy or firewall on your network, or connect through --sql-endpoint.';
  }
  if (/^Timed out/.test(failure.message)) {
    return tunnel
      ? `Nothing answered at ${where} in time: check that the tunnel behind --sql-endpoint is up and forwards to the server's port 1433.`
      : 'Outbound port 1433 may be blocked on this network: open it, or connect through --sql-endpoint host:port.';
  }
  return tunnel
    ? 'Check that the tunnel or private path behind --sql-endpoint is up.'
    : 'Check your network (outbound port 1433 must be open) or connect through --sql-endpoint.';
}
