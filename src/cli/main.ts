// Entry point: argv in, exit code out. Heavy modules (SDKs, driver) load only when a run needs them.
import { Cleanup, type CleanupFailure } from '../engine/cleanup.js';
import { CancelledError, ExitCode, UserFacingError } from '../errors.js';
import { VERSION } from '../version.js';
import { parseFlags, type Flags } from './args.js';
import { HELP } from './help.js';
import { reportToJson, type RunReport } from './run-report.js';
import { createUi, type Io, type Ui } from './ui.js';

export async function main(argv: string[], io: Io, cleanup = new Cleanup()): Promise<number> {
  if (argv[0] === 'scaffold') {
    const { runScaffoldCommand } = await import('./scaffold-command.js');
    return runScaffoldCommand(argv.slice(1), io);
  }
  const report: RunReport = {};
  let flags: Flags | undefined;
  let ui = createUi(io, { json: argv.includes('--json') || argv.includes('--print-sql'), debug: argv.includes('--debug') });
  try {
    flags = parseFlags(argv);
    // --json and --print-sql own stdout; the human-readable lines go to stderr.
    ui = createUi(io, { json: flags.json || flags.printSql, debug: flags.debug });
    if (flags.help) {
      io.stdout.write(HELP);
      return ExitCode.ok;
    }
    if (flags.version) {
      io.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    const { runSetup } = await import('./run-setup.js');
    const { confirmApply } = await import('../wizard/confirm-apply.js');
    report.exitCode = await runSetup(flags, io, ui, cleanup, report, { confirmApply: (n) => confirmApply(n, io) });
  } catch (error) {
    report.exitCode = reportError(ui, error, flags?.debug ?? argv.includes('--debug'), report);
  } finally {
    await runCleanup(cleanup, ui);
  }
  if (flags?.json || (!flags && argv.includes('--json'))) io.stdout.write(reportToJson(report) + '\n');
  return report.exitCode ?? ExitCode.failed;
}

function reportError(ui: Ui, error: unknown, debug: boolean, report: RunReport): number {
  const cancelled = isPromptCancel(error) ? new CancelledError() : error;
  if (cancelled instanceof UserFacingError) {
    ui.error(ui.style.paint('red', cancelled.message));
    if (cancelled.suggestion) ui.error(cancelled.suggestion);
    if (debug && cancelled.cause) ui.error(String((cancelled.cause as Error).stack ?? cancelled.cause));
    report.error = { message: cancelled.message, ...(cancelled.suggestion ? { suggestion: cancelled.suggestion } : {}) };
    return cancelled.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ui.error(ui.style.paint('red', `Unexpected error: ${message}`));
  ui.error(debug ? String((error as Error)?.stack ?? error) : 'This is a bug in azsql-mi-setup. Run again with --debug for details, and report it.');
  report.error = { message };
  return ExitCode.failed;
}

/** @inquirer/prompts rejects with ExitPromptError when the user presses Ctrl+C at a prompt. */
function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

async function runCleanup(cleanup: Cleanup, ui: Ui): Promise<void> {
  const pending = cleanup.pending;
  const outcome = describeCleanup(pending, await cleanup.run());
  for (const line of outcome.failed) ui.error(line);
  for (const line of outcome.removed) ui.done(line);
}

/** What cleanup did, in the user's words: each removal done, and each one to do by hand. */
function describeCleanup(pending: string[], failures: CleanupFailure[]): { removed: string[]; failed: string[] } {
  const failed = failures.map((failure) => {
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
    return `Could not ${failure.label}: ${message}. Do it by hand in the portal or with the Azure CLI.`;
  });
  const removed = pending
    .filter((label) => label.startsWith('remove ') && !failures.some((f) => f.label === label))
    .map((label) => label.replace(/^remove/, 'Removed'));
  return { removed, failed };
}

/** Ctrl+C: clean up (temporary firewall rule) and exit 130; a second Ctrl+C exits at once. */
function onInterrupt(cleanup: Cleanup, io: Io): void {
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(ExitCode.cancelled);
    interrupted = true;
    const again = signal === 'SIGINT' ? ' (press Ctrl+C again to quit at once)' : '';
    io.stderr.write(`\nCancelled; cleaning up${again}...\n`);
    const pending = cleanup.pending;
    void cleanup.run().then((failures) => {
      // Said as on a normal exit, so the user knows no temporary firewall rule was left behind.
      const outcome = describeCleanup(pending, failures);
      for (const line of [...outcome.failed, ...outcome.removed.map((l) => `✔ ${l}`)]) io.stderr.write(`${line}\n`);
      process.exit(ExitCode.cancelled);
    });
  };
  // Ctrl+C, a pipeline cancelling the job, a closed terminal: all clean up the same way.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
}

/** What bin/azsql-mi-setup.js calls. */
export async function runFromProcess(): Promise<void> {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
  const cleanup = new Cleanup();
  onInterrupt(cleanup, io);
  process.exitCode = await main(process.argv.slice(2), io, cleanup);
}
