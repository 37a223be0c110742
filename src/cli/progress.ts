// Shows apply's steps as they run: one spinner over the running steps on a terminal,
// a line per finished step everywhere.
import type { Ora } from 'ora';
import type { Change } from '../engine/change.js';
import type { ChangeOutcome } from '../engine/context.js';
import type { Ui } from './ui.js';

export interface Progress {
  started(change: Change): void;
  ended(change: Change, outcome: ChangeOutcome): void;
  status(message: string): void;
  note(message: string): void;
  stop(): void;
}

export async function createProgress(ui: Ui, interactive: boolean): Promise<Progress> {
  const running = new Map<string, string>();
  let spinner: Ora | undefined;
  if (interactive) {
    const { default: ora } = await import('ora');
    spinner = ora({ stream: ui.stream, discardStdin: false });
  }
  const refresh = () => {
    if (!spinner) return;
    if (running.size === 0) {
      spinner.stop();
      return;
    }
    spinner.text = [...running.values()].join(' · ');
    if (!spinner.isSpinning) spinner.start();
  };
  const above = (print: () => void) => {
    spinner?.clear();
    print();
    if (spinner?.isSpinning) spinner.render();
  };
  return {
    started(change) {
      running.set(change.id, change.summary);
      refresh();
    },
    ended(change, outcome) {
      running.delete(change.id);
      above(() => {
        if (outcome.status === 'done') ui.done(change.summary + (outcome.note ? ` (${outcome.note})` : ''));
        else if (outcome.status === 'skipped') ui.skipped(`${change.summary}: skipped, ${outcome.reason}`);
        else if (outcome.rolledBack) ui.failed(`${change.summary}: rolled back, nothing in the database changed (the reason follows)`);
        else ui.failed(`${change.summary}: ${outcome.error.message}`);
      });
      refresh();
    },
    status(message) {
      if (spinner) {
        spinner.text = message;
        if (!spinner.isSpinning) spinner.start();
      } else {
        ui.line(`… ${message}`);
      }
    },
    note(message) {
      above(() => ui.warn(message));
    },
    stop() {
      spinner?.stop();
    },
  };
}
