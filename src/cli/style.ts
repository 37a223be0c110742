// Colour only on a terminal that wants it (NO_COLOR, FORCE_COLOR, TERM=dumb respected).
import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

export interface Style {
  enabled: boolean;
  paint(format: Format, text: string): string;
}

export function createStyle(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): Style {
  const isTty = (stream as NodeJS.WriteStream).isTTY === true;
  const enabled = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : isTty && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    enabled,
    paint: (format, text) => (enabled ? styleText(format, text) : text),
  };
}
