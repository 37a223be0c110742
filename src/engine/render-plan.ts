// The plan as text: one line per change with its symbol, the exact call or T-SQL beneath.
import { CHANGE_SYMBOL, type Change, type ChangeKind } from './change.js';

export interface Painter {
  paint(format: 'green' | 'yellow' | 'red' | 'dim' | 'bold' | 'cyan', text: string): string;
}

const COLOUR: Record<ChangeKind, 'green' | 'yellow' | 'red' | 'dim'> = {
  create: 'green',
  update: 'yellow',
  delete: 'red',
  'no-op': 'dim',
  blocked: 'red',
};

export function renderPlan(changes: Change[], painter: Painter, options: { details: boolean }): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    const symbol = painter.paint(COLOUR[change.kind], CHANGE_SYMBOL[change.kind]);
    const summary = change.kind === 'no-op' ? painter.paint('dim', change.summary) : change.summary;
    lines.push(`  ${symbol} ${summary}`);
    if (options.details && change.detail && change.kind !== 'no-op') {
      for (const line of change.detail.split('\n')) lines.push(painter.paint('dim', `      ${line}`));
    }
    if (change.blocked) {
      lines.push(`      ${change.blocked.reason}`);
      for (const option of change.blocked.options) lines.push(`      - ${option}`);
    }
  }
  return lines;
}

export function planCounts(changes: Change[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, delete: 0, 'no-op': 0, blocked: 0 };
  for (const change of changes) counts[change.kind] += 1;
  return counts;
}

export function renderCounts(changes: Change[]): string {
  const c = planCounts(changes);
  const parts = [`${c.create} to add`, `${c.update} to change`, `${c.delete} to remove`, `${c['no-op']} already in place`];
  if (c.blocked) parts.push(`${c.blocked} blocked`);
  return parts.join(', ') + '.';
}
