// The wizard's "please wait": a spinner while lists load or the database is read, nothing once they are there.
import type { Ora } from 'ora';
import type { Ui } from './ui.js';

export interface Waiting {
  /** Shows text with a spinner until work settles; returns (or throws) what work does. */
  <T>(text: string, work: Promise<T>): Promise<T>;
  /** Changes the text of the spinner that is showing, if one is. */
  status(text: string): void;
}

export function spinnerWaiting(ui: Ui): Waiting {
  let spinner: Ora | undefined;
  const waiting = async <T>(text: string, work: Promise<T>): Promise<T> => {
    if (await isSettled(work)) return work;
    const { default: ora } = await import('ora');
    spinner = ora({ text, stream: ui.stream, discardStdin: false }).start();
    try {
      return await work;
    } finally {
      spinner.stop();
      spinner = undefined;
    }
  };
  return Object.assign(waiting, {
    status(text: string) {
      if (spinner) spinner.text = text;
    },
  });
}

/** Waits without showing anything (tests). */
export const quietWaiting: Waiting = Object.assign(<T>(_text: string, work: Promise<T>) => work, { status() {} });

/** True when the promise has already settled, so no spinner flashes for work that is done. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([promise.then(() => true, () => true), Promise.resolve(pending)]);
  return first !== pending;
}
