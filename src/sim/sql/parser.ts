// A recursive-descent parser for the T-SQL subset the simulated server runs; anything else is 102/156.
import type { ColumnType, Expr, Join, Select, SelectItem, Statement, StatementBody, TableRef } from './ast.js';
import { syntaxNear, unknownFunction } from './errors.js';
import { tokenize, type Token } from './tokenizer.js';

/** Reserved words SQL Server refuses as bare names (a subset: the ones this grammar meets). */
const RESERVED = new Set(
  (
    'ADD ALL ALTER AND ANY AS ASC BEGIN BETWEEN BY CASE COMMIT CREATE CROSS DEFAULT DELETE DESC DISTINCT DROP ELSE END ' +
    'EXEC EXECUTE EXISTS EXTERNAL FROM FULL GRANT GROUP HAVING IF IN INNER INSERT INTO IS JOIN LEFT LIKE NOT NULL OF ON ' +
    'OR ORDER OUTER RIGHT ROLLBACK SELECT SET TABLE TOP TRAN TRANSACTION UNION UPDATE USE USER VALUES WHERE WITH'
  ).split(' '),
);

export const FUNCTIONS = new Set(['DB_NAME', 'SUSER_SNAME', 'USER_NAME', 'IS_ROLEMEMBER']);

/** SET options accepted and ignored: tedious sends them after login; none changes what this simulator does. */
const IGNORED_ON_OFF_OPTIONS = new Set([
  'ANSI_NULLS', 'ANSI_NULL_DFLT_ON', 'ANSI_PADDING', 'ANSI_WARNINGS', 'ARITHABORT', 'CONCAT_NULL_YIELDS_NULL',
  'CURSOR_CLOSE_ON_COMMIT', 'NUMERIC_ROUNDABORT', 'QUOTED_IDENTIFIER', 'NOCOUNT',
]);
const IGNORED_VALUE_OPTIONS = new Set(['TEXTSIZE', 'LANGUAGE', 'DATEFORMAT', 'DATEFIRST', 'LOCK_TIMEOUT']);
const ISOLATION_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SNAPSHOT', 'SERIALIZABLE'];

export function parseBatch(sql: string): Statement[] {
  return new Parser(sql, tokenize(sql)).batch();
}

class Parser {
  private pos = 0;
  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  batch(): Statement[] {
    const statements: Statement[] = [];
    while (!this.atEnd()) {
      if (this.acceptSymbol(';')) continue;
      const first = this.peek()!;
      const body = this.statement();
      const last = this.tokens[this.pos - 1]!;
      statements.push({ ...body, text: this.sql.slice(first.start, last.end), line: first.line });
    }
    return statements;
  }

  private statement(): StatementBody {
    const word = this.peekWord();
    switch (word) {
      case 'SELECT':
        return { kind: 'select', select: this.select() };
      case 'CREATE':
        return this.createUser();
      case 'ALTER':
        return this.alterRole();
      case 'DROP':
        return this.dropUser();
      case 'BEGIN':
        this.next();
        this.expectOneOf(['TRAN', 'TRANSACTION']);
        this.optionalTransactionName();
        return { kind: 'beginTransaction' };
      case 'COMMIT':
      case 'ROLLBACK':
        this.next();
        if (this.acceptOneOf(['TRAN', 'TRANSACTION'])) this.optionalTransactionName();
        else this.acceptOneOf(['WORK']);
        return { kind: word === 'COMMIT' ? 'commit' : 'rollback' };
      case 'SET':
        return this.set();
      case 'IF':
        return this.ifStatement();
      default:
        return this.fail();
    }
  }

  /** IF <condition> <one statement> (no BEGIN...END blocks, no ELSE). */
  private ifStatement(): StatementBody {
    this.expect('IF');
    const condition = this.condition();
    const first = this.peek();
    if (!first) return this.fail();
    const body = this.statement();
    const last = this.tokens[this.pos - 1]!;
    return { kind: 'if', condition, then: { ...body, text: this.sql.slice(first.start, last.end), line: first.line } };
  }

  private createUser(): StatementBody {
    this.expect('CREATE');
    this.expect('USER');
    const name = this.name();
    if (this.accept('FROM')) {
      this.expect('EXTERNAL');
      this.expect('PROVIDER');
      if (!this.accept('WITH')) return { kind: 'createUserFromExternalProvider', name };
      this.expect('OBJECT_ID');
      this.expectSymbol('=');
      const objectId = this.expectKind('string').value;
      return { kind: 'createUserFromExternalProvider', name, objectId };
    }
    this.expect('WITH');
    let sidHex: string | undefined;
    let type: 'E' | 'X' | undefined;
    do {
      const option = this.expectOneOf(['SID', 'TYPE']);
      this.expectSymbol('=');
      if (option === 'SID' && sidHex === undefined) {
        sidHex = this.expectKind('binary').value;
      } else if (option === 'TYPE' && type === undefined) {
        type = this.expectOneOf(['E', 'X']) as 'E' | 'X';
      } else {
        return this.fail(this.tokens[this.pos - 2]);
      }
    } while (this.acceptSymbol(','));
    if (sidHex === undefined || type === undefined) return this.fail(this.tokens[this.pos - 1]);
    return { kind: 'createUserWithSid', name, sidHex, type };
  }

  private alterRole(): StatementBody {
    this.expect('ALTER');
    this.expect('ROLE');
    const role = this.name();
    const action = this.expectOneOf(['ADD', 'DROP']) === 'ADD' ? 'add' : 'drop';
    this.expect('MEMBER');
    return { kind: 'alterRole', role, action, member: this.name() };
  }

  private dropUser(): StatementBody {
    this.expect('DROP');
    this.expect('USER');
    const ifExists = this.peekWord() === 'IF' && this.peekWord(1) === 'EXISTS';
    if (ifExists) this.pos += 2;
    return { kind: 'dropUser', name: this.name(), ifExists };
  }

  private set(): StatementBody {
    this.expect('SET');
    const option = this.peekWord();
    if (option === 'TRANSACTION') {
      this.next();
      this.expect('ISOLATION');
      this.expect('LEVEL');
      const first = this.expectWord();
      const level = ['READ', 'REPEATABLE'].includes(first) ? `${first} ${this.expectWord()}` : first;
      if (!ISOLATION_LEVELS.includes(level)) return this.fail(this.tokens[this.pos - 1]);
      return { kind: 'set' };
    }
    if (option !== undefined && IGNORED_VALUE_OPTIONS.has(option)) {
      this.next();
      const value = this.next();
      if (!value || !['word', 'number'].includes(value.kind)) return this.fail(value);
      return { kind: 'set' };
    }
    if (option === 'IMPLICIT_TRANSACTIONS') {
      this.next();
      this.expect('OFF');
      return { kind: 'set' };
    }
    if (option === 'XACT_ABORT') {
      this.next();
      return { kind: 'set', xactAbort: this.expectOneOf(['ON', 'OFF']) === 'ON' };
    }
    do {
      const name = this.expectWord();
      if (!IGNORED_ON_OFF_OPTIONS.has(name)) return this.fail(this.tokens[this.pos - 1]);
    } while (this.acceptSymbol(','));
    this.expectOneOf(['ON', 'OFF']);
    return { kind: 'set' };
  }

  private optionalTransactionName(): void {
    const token = this.peek();
    if (token && (token.kind === 'quotedName' || (token.kind === 'word' && !RESERVED.has(token.value.toUpperCase())))) {
      this.next();
    }
  }

  private select(): Select {
    this.expect('SELECT');
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptSymbol(','));
    const select: Select = { items, orderBy: [] };
    if (this.accept('FROM')) {
      const table = this.tableRef();
      const joins: Join[] = [];
      for (;;) {
        const word = this.peekWord();
        const outer = word === 'LEFT';
        if (word === 'INNER' || word === 'LEFT') this.next();
        else if (word !== 'JOIN') break;
        if (outer) this.accept('OUTER');
        this.expect('JOIN');
        const joined = this.tableRef();
        this.expect('ON');
        joins.push({ outer, table: joined, on: this.condition() });
      }
      select.from = { table, joins };
    }
    if (this.accept('WHERE')) select.where = this.condition();
    if (this.accept('ORDER')) {
      this.expect('BY');
      do {
        const expr = this.scalar();
        const direction = this.acceptOneOf(['ASC', 'DESC']);
        select.orderBy.push({ expr, descending: direction === 'DESC' });
      } while (this.acceptSymbol(','));
    }
    return select;
  }

  private selectItem(): SelectItem {
    const token = this.peek();
    if (token?.kind === 'symbol' && token.value === '*') {
      this.next();
      return { kind: 'star', text: '*' };
    }
    const dotStar = this.peek(1)?.value === '.' && this.peek(2)?.kind === 'symbol' && this.peek(2)?.value === '*';
    if (token && (token.kind === 'word' || token.kind === 'quotedName') && dotStar) {
      this.pos += 3;
      return { kind: 'star', qualifier: token.value, text: `${token.text}.*` };
    }
    const expr = this.scalar();
    const alias = this.alias(true);
    return alias === undefined ? { kind: 'expr', expr } : { kind: 'expr', expr, alias };
  }

  private tableRef(): TableRef {
    const start = this.peek();
    const parts = [this.name()];
    while (this.acceptSymbol('.')) parts.push(this.name());
    const text = this.sql.slice(start!.start, this.tokens[this.pos - 1]!.end);
    const alias = this.alias(false);
    return alias === undefined ? { name: parts.join('.'), text } : { name: parts.join('.'), alias, text };
  }

  /** [AS] alias; a column alias may also be a string literal. */
  private alias(allowString: boolean): string | undefined {
    const hasAs = this.accept('AS');
    const token = this.peek();
    if (token?.kind === 'quotedName' || (token?.kind === 'string' && allowString)) {
      this.next();
      return token.value;
    }
    if (token?.kind === 'word' && !RESERVED.has(token.value.toUpperCase())) {
      this.next();
      return token.value;
    }
    if (hasAs) return this.fail();
    return undefined;
  }

  /** A search condition (WHERE, ON): must be boolean. */
  private condition(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.accept('OR')) {
      const right = this.and();
      left = { kind: 'or', left, right, text: `${left.text} OR ${right.text}` };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.accept('AND')) {
      const right = this.not();
      left = { kind: 'and', left, right, text: `${left.text} AND ${right.text}` };
    }
    return left;
  }

  private not(): Expr {
    if (this.accept('NOT')) {
      const operand = this.not();
      return { kind: 'not', operand, text: `NOT ${operand.text}` };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    if (this.accept('EXISTS')) {
      this.expectSymbol('(');
      const select = this.select();
      this.expectSymbol(')');
      return { kind: 'exists', select, text: 'EXISTS (...)' };
    }
    const left = this.scalar();
    const token = this.peek();
    if (token?.kind === 'symbol' && ['=', '<>', '!=', '<', '>', '<=', '>='].includes(token.value)) {
      this.next();
      const right = this.scalar();
      const op = token.value === '!=' ? '<>' : (token.value as '=' | '<>' | '<' | '>' | '<=' | '>=');
      return { kind: 'compare', op, left, right, text: `${left.text} ${token.value} ${right.text}` };
    }
    const negatedIn = this.peekWord() === 'NOT' && this.peekWord(1) === 'IN';
    if (negatedIn || this.peekWord() === 'IN') {
      this.pos += negatedIn ? 2 : 1;
      this.expectSymbol('(');
      const list: Expr[] = [];
      do list.push(this.scalar());
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
      return { kind: 'in', operand: left, list, negated: negatedIn, text: `${left.text} IN (...)` };
    }
    if (this.accept('IS')) {
      const negated = this.accept('NOT');
      this.expect('NULL');
      return { kind: 'isNull', operand: left, negated, text: `${left.text} IS NULL` };
    }
    return left;
  }

  /** A value: literal, @param, @@variable, function call, column, or a parenthesised expression. */
  private scalar(): Expr {
    const token = this.peek();
    if (!token) return this.fail();
    switch (token.kind) {
      case 'number':
        this.next();
        return { kind: 'literal', value: Number(token.value), type: numberType(token.value), text: token.text };
      case 'string':
        this.next();
        return { kind: 'literal', value: token.value, type: token.unicode ? 'nvarchar' : 'varchar', text: token.text };
      case 'binary':
        this.next();
        return { kind: 'literal', value: Buffer.from(token.value, 'hex'), type: 'varbinary', text: token.text };
      case 'variable':
        this.next();
        return { kind: 'param', name: token.value, text: token.text };
      case 'systemVariable':
        this.next();
        return { kind: 'systemVariable', name: token.value.toUpperCase(), text: token.text };
      case 'symbol':
        if (token.value === '(') {
          this.next();
          const inner = this.or();
          this.expectSymbol(')');
          return { ...inner, text: `(${inner.text})` };
        }
        if (token.value === '-' && this.peek(1)?.kind === 'number') {
          this.pos += 2;
          const digits = this.tokens[this.pos - 1]!.value;
          return { kind: 'literal', value: -Number(digits), type: numberType(digits), text: `-${digits}` };
        }
        return this.fail();
      case 'word':
        if (token.value.toUpperCase() === 'NULL') {
          this.next();
          return { kind: 'literal', value: null, type: 'int', text: 'NULL' };
        }
        if (this.peek(1)?.kind === 'symbol' && this.peek(1)?.value === '(') return this.call();
        return this.column();
      case 'quotedName':
        return this.column();
    }
  }

  private call(): Expr {
    const nameToken = this.next()!;
    const name = nameToken.value.toUpperCase();
    if (!FUNCTIONS.has(name)) throw withLine(unknownFunction(nameToken.value), nameToken);
    this.expectSymbol('(');
    const args: Expr[] = [];
    if (!this.acceptSymbol(')')) {
      do args.push(this.scalar());
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    return { kind: 'call', name, args, text: `${nameToken.text}(...)` };
  }

  private column(): Expr {
    const start = this.peek()!;
    const first = this.name();
    if (this.acceptSymbol('.')) {
      const name = this.name();
      return { kind: 'column', qualifier: first, name, text: this.sql.slice(start.start, this.tokens[this.pos - 1]!.end) };
    }
    return { kind: 'column', name: first, text: start.text };
  }

  /** An identifier: a non-reserved word, [bracketed] or "quoted". */
  private name(): string {
    const token = this.peek();
    if (token?.kind === 'quotedName' || (token?.kind === 'word' && !RESERVED.has(token.value.toUpperCase()))) {
      this.next();
      return token.value;
    }
    return this.fail();
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private peekWord(offset = 0): string | undefined {
    const token = this.peek(offset);
    return token?.kind === 'word' ? token.value.toUpperCase() : undefined;
  }

  private next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  private atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  private accept(keyword: string): boolean {
    if (this.peekWord() !== keyword) return false;
    this.pos++;
    return true;
  }

  private acceptOneOf(keywords: string[]): string | undefined {
    const word = this.peekWord();
    if (word === undefined || !keywords.includes(word)) return undefined;
    this.pos++;
    return word;
  }

  private expect(keyword: string): void {
    if (!this.accept(keyword)) this.fail();
  }

  private expectOneOf(keywords: string[]): string {
    return this.acceptOneOf(keywords) ?? this.fail();
  }

  private expectWord(): string {
    const word = this.peekWord();
    if (word === undefined) return this.fail();
    this.pos++;
    return word;
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'symbol' || token.value !== symbol) return false;
    this.pos++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) this.fail();
  }

  private expectKind(kind: Token['kind']): Token {
    const token = this.peek();
    if (token?.kind !== kind) return this.fail();
    this.pos++;
    return token;
  }

  /** "Incorrect syntax near" the offending token, or the last one at the end of the batch. */
  private fail(at: Token | undefined = this.peek()): never {
    const token = at ?? this.tokens[this.tokens.length - 1];
    if (!token) throw syntaxNear('', false);
    const keyword = token.kind === 'word' && RESERVED.has(token.value.toUpperCase());
    throw withLine(syntaxNear(token.text, keyword), token);
  }
}

function numberType(text: string): ColumnType {
  const value = Number(text);
  return Number.isInteger(value) && !/[.eE]/.test(text) && Math.abs(value) <= 2 ** 31 - 1 ? 'int' : 'float';
}

function withLine<E extends { lineNumber: number }>(error: E, token: Token): E {
  error.lineNumber = token.line;
  return error;
}
