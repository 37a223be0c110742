// T-SQL tokens as SQL Server reads them: [ident]]s], "ident", N'str''s', 0xBEEF, @p, @@v, comments.
import { SimSqlError, missingEndComment, syntaxNear, unclosedQuote } from './errors.js';

export type TokenKind = 'word' | 'quotedName' | 'string' | 'binary' | 'number' | 'variable' | 'systemVariable' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** The unescaped value: the name, the string's content, the hex digits (upper case), the symbol. */
  value: string;
  /** Exactly as written (for error messages). */
  text: string;
  /** N'...' strings. */
  unicode?: boolean;
  line: number;
  start: number;
  end: number;
}

const SYMBOLS = ['<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', ',', '.', ';', '*', '+', '-', '/', '%'];
const WORD_START = /[\p{L}_#]/u;
const WORD_PART = /[\p{L}\p{Nd}_@$#]/u;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, value: string, start: number, extra: Partial<Token> = {}) => {
    const text = sql.slice(start, i);
    tokens.push({ kind, value, text, line: lineAt(start), start, end: i, ...extra });
  };
  // Lines are counted lazily from the start of each token.
  let countedTo = 0;
  const lineAt = (offset: number) => {
    for (; countedTo < offset; countedTo++) if (sql[countedTo] === '\n') line++;
    return line;
  };

  try {
    scan();
  } catch (error) {
    if (error instanceof SimSqlError) error.lineNumber = lineAt(i);
    throw error;
  }
  return tokens;

  function scan(): void {
    while (i < sql.length) {
      const c = sql[i]!;
      const next = sql[i + 1];
      if (/\s/u.test(c)) {
        i++;
      } else if (c === '-' && next === '-') {
        while (i < sql.length && sql[i] !== '\n') i++;
      } else if (c === '/' && next === '*') {
        i = skipBlockComment(sql, i);
      } else if (c === '[') {
        const start = i;
        const value = readDelimited(sql, i + 1, ']');
        i = value.end;
        push('quotedName', value.text, start);
      } else if (c === '"') {
        const start = i;
        const value = readDelimited(sql, i + 1, '"');
        i = value.end;
        push('quotedName', value.text, start);
      } else if (c === "'" || ((c === 'N' || c === 'n') && next === "'")) {
        const start = i;
        const unicode = c !== "'";
        const value = readDelimited(sql, unicode ? i + 2 : i + 1, "'");
        i = value.end;
        push('string', value.text, start, { unicode });
      } else if (c === '0' && (next === 'x' || next === 'X')) {
        const start = i;
        i += 2;
        while (i < sql.length && /[0-9a-f]/i.test(sql[i]!)) i++;
        const digits = sql.slice(start + 2, i).toUpperCase();
        push('binary', digits.length % 2 === 1 ? `0${digits}` : digits, start);
      } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
        const start = i;
        const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i))!;
        i += match[0].length;
        push('number', match[0], start);
      } else if (c === '@') {
        const start = i;
        const system = next === '@';
        i += system ? 2 : 1;
        while (i < sql.length && WORD_PART.test(sql[i]!)) i++;
        if (i === start + (system ? 2 : 1)) throw syntaxNear(sql.slice(start, i), false);
        push(system ? 'systemVariable' : 'variable', sql.slice(start, i), start);
      } else if (WORD_START.test(c)) {
        const start = i;
        while (i < sql.length && WORD_PART.test(sql[i]!)) i++;
        push('word', sql.slice(start, i), start);
      } else {
        const symbol = SYMBOLS.find((s) => sql.startsWith(s, i));
        if (!symbol) throw syntaxNear(c, false);
        const start = i;
        i += symbol.length;
        push('symbol', symbol, start);
      }
    }
  }
}

/** Reads up to the closing delimiter; a doubled delimiter stands for itself. */
function readDelimited(sql: string, from: number, close: string): { text: string; end: number } {
  let text = '';
  let i = from;
  for (;;) {
    const at = sql.indexOf(close, i);
    if (at < 0) throw unclosedQuote(text + sql.slice(i));
    text += sql.slice(i, at);
    if (sql[at + 1] === close) {
      text += close;
      i = at + 2;
    } else {
      return { text, end: at + 1 };
    }
  }
}

/** Block comments nest in T-SQL. */
function skipBlockComment(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw missingEndComment();
}
