// SELECT over the catalog views: binding (errors before any row is read), joins, WHERE, ORDER BY, projection.
import type { SqlValue } from '../../sql/connection.js';
import type { SimDatabase } from '../world.js';
import { CONDITION_KINDS, type ColumnType, type Expr, type Select } from './ast.js';
import { catalogView, type CatalogColumn, type CatalogView, type Value } from './catalog.js';
import { collation } from './database.js';
import {
  SimSqlError,
  ambiguousColumn,
  conversionFailed,
  incompatibleTypes,
  invalidColumn,
  invalidObject,
  nonBooleanCondition,
  syntaxNear,
  unboundIdentifier,
  undeclaredVariable,
  wrongArgumentCount,
} from './errors.js';

export interface ResultColumn {
  name: string;
  type: ColumnType;
  length?: number;
}

export interface ResultSet {
  columns: ResultColumn[];
  rows: Value[][];
}

/** What expressions can ask of the session: parameters, built-in functions, @@variables. */
export interface EvalContext {
  db: SimDatabase;
  /** Keys are lower-case and start with @. */
  params: Map<string, SqlValue>;
  call(name: string, args: Value[]): Value;
  systemVariable(name: string): Value | undefined;
}

type Row = (Record<string, Value> | null)[];
type Scalar = { evaluate: (row: Row) => Value; type: ColumnType; length?: number; columnName?: string };
type Condition = (row: Row) => boolean | null;

interface Source {
  view: CatalogView;
  alias: string;
}

const FUNCTION_TYPES: Record<string, { type: ColumnType; length?: number; args: [number, number] }> = {
  DB_NAME: { type: 'nvarchar', length: 128, args: [0, 0] },
  SUSER_SNAME: { type: 'nvarchar', length: 128, args: [0, 0] },
  USER_NAME: { type: 'nvarchar', length: 128, args: [0, 1] },
  IS_ROLEMEMBER: { type: 'int', args: [1, 2] },
};

const SYSTEM_VARIABLE_TYPES: Record<string, { type: ColumnType; length?: number }> = {
  '@@VERSION': { type: 'nvarchar', length: 300 },
  '@@TRANCOUNT': { type: 'int' },
  '@@SPID': { type: 'int' },
};

export function runSelect(select: Select, ctx: EvalContext): ResultSet {
  const sources = bindSources(select);
  const binder = new Binder(sources, ctx);

  const joins = (select.from?.joins ?? []).map((j) => ({ outer: j.outer, on: binder.condition(j.on) }));
  const where = select.where ? binder.condition(select.where) : undefined;
  const projection = select.items.flatMap((item) => binder.selectItem(item));
  const order = select.orderBy.map((o) => ({ key: binder.orderKey(o.expr, projection), descending: o.descending }));

  let rows: Row[] = sources.length === 0 ? [[]] : sources[0]!.view.rows(ctx.db).map((r) => [r]);
  joins.forEach((join, index) => {
    const right = sources[index + 1]!.view.rows(ctx.db);
    rows = rows.flatMap((row) => {
      const matched = right.map((r) => [...row, r]).filter((candidate) => join.on(candidate) === true);
      return matched.length > 0 || !join.outer ? matched : [[...row, null]];
    });
  });
  if (where) rows = rows.filter((row) => where(row) === true);
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const { key, descending } of order) {
        const c = sortCompare(key(a), key(b));
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
  }
  return {
    columns: projection.map((p) => ({ name: p.name, type: p.type, ...(p.length !== undefined ? { length: p.length } : {}) })),
    rows: rows.map((row) => projection.map((p) => p.evaluate(row))),
  };
}

function bindSources(select: Select): Source[] {
  if (!select.from) return [];
  const refs = [select.from.table, ...select.from.joins.map((j) => j.table)];
  return refs.map((ref) => {
    const view = catalogView(ref.name);
    if (!view) throw invalidObject(ref.text);
    return { view, alias: (ref.alias ?? ref.name.split('.').pop()!).toLowerCase() };
  });
}

class Binder {
  constructor(
    private readonly sources: Source[],
    private readonly ctx: EvalContext,
  ) {}

  selectItem(item: Select['items'][number]): (Scalar & { name: string })[] {
    if (item.kind === 'star') {
      if (this.sources.length === 0) throw new SimSqlError(263, 'Must specify table to select from.', { class: 16 });
      const chosen = item.qualifier === undefined ? this.sources.map((_, i) => i) : [this.sourceIndex(item.qualifier, item.text)];
      return chosen.flatMap((index) =>
        this.sources[index]!.view.columns.map((column) => ({ ...this.columnScalar(index, column), name: column.name })),
      );
    }
    const scalar = this.scalar(item.expr);
    return [{ ...scalar, name: item.alias ?? scalar.columnName ?? '' }];
  }

  /** ORDER BY may name a select-list alias. */
  orderKey(expr: Expr, projection: (Scalar & { name: string })[]): (row: Row) => Value {
    if (expr.kind === 'column' && expr.qualifier === undefined) {
      const aliased = projection.find((p) => p.name.toLowerCase() === expr.name.toLowerCase());
      if (aliased) return aliased.evaluate;
    }
    return this.scalar(expr).evaluate;
  }

  condition(expr: Expr): Condition {
    switch (expr.kind) {
      case 'and': {
        const [l, r] = [this.condition(expr.left), this.condition(expr.right)];
        return (row) => {
          const a = l(row);
          if (a === false) return false;
          const b = r(row);
          return b === false ? false : a === null || b === null ? null : true;
        };
      }
      case 'or': {
        const [l, r] = [this.condition(expr.left), this.condition(expr.right)];
        return (row) => {
          const a = l(row);
          if (a === true) return true;
          const b = r(row);
          return b === true ? true : a === null || b === null ? null : false;
        };
      }
      case 'not': {
        const inner = this.condition(expr.operand);
        return (row) => {
          const v = inner(row);
          return v === null ? null : !v;
        };
      }
      case 'compare': {
        const [l, r] = [this.scalar(expr.left), this.scalar(expr.right)];
        const test = COMPARISONS[expr.op];
        return (row) => {
          const c = compareValues(l.evaluate(row), r.evaluate(row), expr.op);
          return c === null ? null : test(c);
        };
      }
      case 'in': {
        const operand = this.scalar(expr.operand);
        const list = expr.list.map((e) => this.scalar(e));
        return (row) => {
          const v = operand.evaluate(row);
          let unknown = false;
          for (const item of list) {
            const c = compareValues(v, item.evaluate(row), '=');
            if (c === 0) return !expr.negated;
            if (c === null) unknown = true;
          }
          return unknown ? null : expr.negated;
        };
      }
      case 'isNull': {
        const operand = this.scalar(expr.operand);
        return (row) => (operand.evaluate(row) === null) !== expr.negated;
      }
      case 'exists': {
        // Uncorrelated subqueries only: the inner SELECT sees none of the outer row.
        const inner = expr.select;
        return () => runSelect(inner, this.ctx).rows.length > 0;
      }
      default:
        throw nonBooleanCondition(expr.text);
    }
  }

  scalar(expr: Expr): Scalar {
    if (CONDITION_KINDS.has(expr.kind)) throw syntaxNear(expr.text, false);
    switch (expr.kind) {
      case 'literal':
        return { evaluate: () => expr.value, type: expr.type, ...literalLength(expr.value) };
      case 'param': {
        const key = expr.name.toLowerCase();
        if (!this.ctx.params.has(key)) throw undeclaredVariable(expr.name);
        const value = this.ctx.params.get(key)!;
        return { evaluate: () => value, ...typeOfValue(value) };
      }
      case 'systemVariable': {
        const type = SYSTEM_VARIABLE_TYPES[expr.name];
        if (!type) throw undeclaredVariable(expr.text);
        return { evaluate: () => this.ctx.systemVariable(expr.name) ?? null, ...type };
      }
      case 'call': {
        const signature = FUNCTION_TYPES[expr.name]!;
        const [min, max] = signature.args;
        if (expr.args.length < min || expr.args.length > max) {
          throw wrongArgumentCount(expr.name, min === max ? String(min) : `${min} to ${max}`);
        }
        const args = expr.args.map((a) => this.scalar(a));
        return {
          evaluate: (row) => this.ctx.call(expr.name, args.map((a) => a.evaluate(row))),
          type: signature.type,
          ...(signature.length !== undefined ? { length: signature.length } : {}),
        };
      }
      case 'column':
        return this.column(expr);
      default:
        throw syntaxNear(expr.text, false);
    }
  }

  private column(expr: Extract<Expr, { kind: 'column' }>): Scalar {
    if (expr.qualifier !== undefined) {
      const index = this.sourceIndex(expr.qualifier, expr.text);
      const column = this.sources[index]!.view.columns.find((c) => c.name === expr.name.toLowerCase());
      if (!column) throw invalidColumn(expr.name);
      return this.columnScalar(index, column);
    }
    const matches = this.sources.flatMap((source, index) =>
      source.view.columns.filter((c) => c.name === expr.name.toLowerCase()).map((column) => ({ index, column })),
    );
    if (matches.length === 0) throw invalidColumn(expr.name);
    if (matches.length > 1) throw ambiguousColumn(expr.name);
    return this.columnScalar(matches[0]!.index, matches[0]!.column);
  }

  private columnScalar(index: number, column: CatalogColumn): Scalar {
    return {
      evaluate: (row) => row[index]?.[column.name] ?? null,
      type: column.type,
      ...(column.length !== undefined ? { length: column.length } : {}),
      columnName: column.name,
    };
  }

  private sourceIndex(qualifier: string, text: string): number {
    const index = this.sources.findIndex((s) => s.alias === qualifier.toLowerCase());
    if (index < 0) throw unboundIdentifier(text);
    return index;
  }
}

const COMPARISONS: Record<Extract<Expr, { kind: 'compare' }>['op'], (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '>=': (c) => c >= 0,
};

const OPERATOR_NAMES: Record<string, string> = {
  '=': 'equal to',
  '<>': 'not equal to',
  '<': 'less than',
  '>': 'greater than',
  '<=': 'less than or equal to',
  '>=': 'greater than or equal to',
};

/** SQL comparison: NULL is unknown; strings compare case-insensitively ignoring trailing spaces. */
export function compareValues(a: Value, b: Value, op: string): number | null {
  if (a === null || b === null) return null;
  const left = typeof a === 'boolean' ? Number(a) : a;
  const right = typeof b === 'boolean' ? Number(b) : b;
  if (Buffer.isBuffer(left) || Buffer.isBuffer(right)) {
    if (Buffer.isBuffer(left) && Buffer.isBuffer(right)) return Buffer.compare(left, right);
    throw incompatibleTypes(sqlTypeName(left), sqlTypeName(right), OPERATOR_NAMES[op] ?? op);
  }
  if (typeof left === 'number' || typeof right === 'number') {
    const [x, y] = [toNumber(left), toNumber(right)];
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return collation.compare(left.trimEnd(), right.trimEnd());
}

function toNumber(value: string | number): number {
  if (typeof value === 'number') return value;
  const n = Number(value.trim());
  if (value.trim() === '' || Number.isNaN(n)) throw conversionFailed(value, 'int');
  return n;
}

function sqlTypeName(value: string | number | Buffer): string {
  return Buffer.isBuffer(value) ? 'varbinary' : typeof value === 'number' ? 'int' : 'nvarchar';
}

/** NULLs first, then in SQL order. */
function sortCompare(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareValues(a, b, '<') ?? 0;
}

function literalLength(value: SqlValue): { length?: number } {
  if (typeof value === 'string') return { length: Math.max(1, value.length) };
  if (Buffer.isBuffer(value)) return { length: Math.max(1, value.length) };
  return {};
}

function typeOfValue(value: SqlValue): { type: ColumnType; length?: number } {
  if (typeof value === 'boolean') return { type: 'bit' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'int' : 'float' };
  if (Buffer.isBuffer(value)) return { type: 'varbinary', ...literalLength(value) };
  if (typeof value === 'string') return { type: 'nvarchar', ...literalLength(value) };
  return { type: 'nvarchar', length: 1 };
}
