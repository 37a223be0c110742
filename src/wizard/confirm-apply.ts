// The one question the non-wizard path asks: apply the plan?
import type { Io } from '../cli/ui.js';

export async function confirmApply(count: number, io: Pick<Io, 'stdin' | 'stdout'>): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm(
    { message: `Apply ${count === 1 ? 'this change' : `these ${count} changes`}?`, default: true },
    { input: io.stdin, output: io.stdout },
  );
}
