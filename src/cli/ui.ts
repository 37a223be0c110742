// Where human-readable output goes, with consistent prefixes (done, failed, warning, skipped).
// With --json the machine-readable document owns stdout, so everything human goes to stderr.
import { createStyle, type Style } from './style.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export interface Ui {
  style: Style;
  /** The stream human output goes to (a spinner draws here). */
  stream: NodeJS.WritableStream;
  line(text?: string): void;
  done(text: string): void;
  failed(text: string): void;
  warn(text: string): void;
  skipped(text: string): void;
  debug(text: string): void;
  error(text: string): void;
}

export function createUi(io: Io, options: { json: boolean; debug: boolean }): Ui {
  const stream = options.json ? io.stderr : io.stdout;
  const style = createStyle(stream, io.env);
  const errStyle = createStyle(io.stderr, io.env);
  const write = (s: NodeJS.WritableStream, text: string) => s.write(text + '\n');
  return {
    style,
    stream,
    line: (text = '') => write(stream, text),
    done: (text) => write(stream, `${style.paint('green', '✔')} ${text}`),
    failed: (text) => write(stream, `${style.paint('red', '✖')} ${text}`),
    warn: (text) => write(stream, `${style.paint('yellow', '⚠')} ${text}`),
    skipped: (text) => write(stream, `${style.paint('dim', '○')} ${text}`),
    debug: (text) => {
      if (options.debug) write(io.stderr, errStyle.paint('dim', `[debug] ${text}`));
    },
    error: (text) => write(io.stderr, text),
  };
}
