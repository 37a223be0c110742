// A question that leaves a short line once answered ("✔ Database orders"), not the whole question again.
import { styleText } from 'node:util';

export function question(asking: string, answered: string, hint?: string) {
  const style = (text: string, status: string) =>
    status === 'done' ? styleText('bold', answered) : styleText('bold', text) + (hint ? ` ${styleText('dim', hint)}` : '');
  return { message: asking, theme: { style: { message: style } } };
}
