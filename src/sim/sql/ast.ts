// The statements and expressions the simulated server understands, as parsed.
import type { SqlValue } from '../../sql/connection.js';

export type ColumnType = 'int' | 'bit' | 'float' | 'char' | 'varchar' | 'nvarchar' | 'varbinary';

export type Expr =
  | { kind: 'column'; qualifier?: string; name: string; text: string }
  | { kind: 'literal'; value: SqlValue; type: ColumnType; text: string }
  | { kind: 'param'; name: string; text: string }
  | { kind: 'systemVariable'; name: string; text: string }
  | { kind: 'call'; name: string; args: Expr[]; text: string }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '>' | '<=' | '>='; left: Expr; right: Expr; text: string }
  | { kind: 'and' | 'or'; left: Expr; right: Expr; text: string }
  | { kind: 'not'; operand: Expr; text: string }
  | { kind: 'in'; operand: Expr; list: Expr[]; negated: boolean; text: string }
  | { kind: 'isNull'; operand: Expr; negated: boolean; text: string }
  | { kind: 'exists'; select: Select; text: string };

export const CONDITION_KINDS = new Set<Expr['kind']>(['compare', 'and', 'or', 'not', 'in', 'isNull', 'exists']);

export interface TableRef {
  /** As written, e.g. 'sys.database_principals'. */
  name: string;
  alias?: string;
  text: string;
}

export interface Join {
  outer: boolean;
  table: TableRef;
  on: Expr;
}

export type SelectItem = { kind: 'star'; qualifier?: string; text: string } | { kind: 'expr'; expr: Expr; alias?: string };

export interface Select {
  items: SelectItem[];
  from?: { table: TableRef; joins: Join[] };
  where?: Expr;
  orderBy: { expr: Expr; descending: boolean }[];
}

export type StatementBody =
  | { kind: 'createUserWithSid'; name: string; sidHex: string; type: 'E' | 'X' }
  | { kind: 'createUserFromExternalProvider'; name: string; objectId?: string }
  | { kind: 'alterRole'; role: string; action: 'add' | 'drop'; member: string }
  | { kind: 'dropUser'; name: string; ifExists: boolean }
  | { kind: 'beginTransaction' }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'set'; xactAbort?: boolean }
  | { kind: 'select'; select: Select }
  | { kind: 'if'; condition: Expr; then: Statement };

export type Statement = StatementBody & { text: string; line: number };
