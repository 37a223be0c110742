// One connection to a simulated database: runs batches, keeps transaction state, saves the world after writes.
import type { SqlValue } from '../../sql/connection.js';
import type { WorldStore } from '../store.js';
import type { SimDatabase, SimDbPrincipal } from '../world.js';
import type { Expr, Select, Statement } from './ast.js';
import { actingPrincipalIds, type SimSqlCaller } from './caller.js';
import type { Value } from './catalog.js';
import { PUBLIC_ROLE_ID, principalById, principalByName, rolesOf } from './database.js';
import { SimSqlError, commitWithoutBegin, databaseGone, rollbackWithoutBegin, undeclaredVariable } from './errors.js';
import { databaseByName, serverByFqdn } from './locate.js';
import { parseBatch } from './parser.js';
import { alterRole, createUserFromExternalProvider, createUserWithSid, dropUser, type DdlContext } from './principals.js';
import { runSelect, type ResultSet } from './select.js';

export interface SimSqlResult {
  /** Each SELECT's rows as objects keyed by column name (as mssql returns them). */
  recordsets: Record<string, unknown>[][];
  /** Row counts of the statements that report one (SELECTs). */
  rowsAffected: number[];
  /** Each SELECT's columns (name, type) and rows in order: what a TDS server needs to send them. */
  resultSets: ResultSet[];
}

export const SIM_SQL_VERSION =
  'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tSep 18 2025 12:00:00 \n\tCopyright (C) 2022 Microsoft Corporation\n';

let nextSessionId = 51;

type Snapshot = Pick<SimDatabase, 'principals' | 'roleMembers'>;

export class SimSqlSession {
  /** Each statement run, as written, in order (also those that failed). */
  readonly executed: string[] = [];
  readonly sessionId = nextSessionId++;
  private transactionDepth = 0;
  private snapshot: Snapshot | undefined;
  private xactAbort = false;
  private unsaved = false;

  constructor(
    private readonly store: WorldStore,
    /** The server's fullyQualifiedDomainName. */
    readonly serverName: string,
    readonly databaseName: string,
    readonly caller: SimSqlCaller,
  ) {}

  get transactionCount(): number {
    return this.transactionDepth;
  }

  get xactAbortOn(): boolean {
    return this.xactAbort;
  }

  /**
   * Runs a batch. A syntax error runs nothing. A failing statement ends the batch and rolls back an open
   * transaction when XACT_ABORT is ON; otherwise the batch goes on and the first error is thrown at the end.
   */
  execute(batch: string, params: Record<string, SqlValue> = {}): SimSqlResult {
    const statements = parseBatch(batch);
    const values = new Map(Object.entries(params).map(([k, v]) => [(k.startsWith('@') ? k : `@${k}`).toLowerCase(), v]));
    checkParameters(statements, values);

    const result: SimSqlResult = { recordsets: [], rowsAffected: [], resultSets: [] };
    let firstError: SimSqlError | undefined;
    for (const statement of statements) {
      this.executed.push(statement.text);
      try {
        this.run(statement, values, result);
      } catch (error) {
        if (!(error instanceof SimSqlError)) throw error;
        error.lineNumber = statement.line;
        if (this.xactAbort) {
          if (this.transactionDepth > 0) this.rollback();
          throw error;
        }
        firstError ??= error;
      }
    }
    if (firstError) throw firstError;
    return result;
  }

  /** Closing a connection rolls back what it left open, as SQL Server does. */
  close(): void {
    if (this.transactionDepth > 0) this.rollback();
  }

  private run(statement: Statement, params: Map<string, SqlValue>, result: SimSqlResult): void {
    switch (statement.kind) {
      case 'select': {
        const set = this.select(statement.select, params);
        result.resultSets.push(set);
        result.recordsets.push(set.rows.map((row) => recordOf(set, row)));
        result.rowsAffected.push(set.rows.length);
        return;
      }
      case 'createUserWithSid':
        return this.write((ctx) => createUserWithSid(ctx, statement));
      case 'createUserFromExternalProvider':
        return this.write((ctx) => createUserFromExternalProvider(ctx, statement));
      case 'alterRole':
        return this.write((ctx) => alterRole(ctx, statement));
      case 'dropUser':
        return this.write((ctx) => void dropUser(ctx, statement));
      case 'beginTransaction':
        if (this.transactionDepth === 0) this.snapshot = structuredClone(pick(this.database()));
        this.transactionDepth++;
        return;
      case 'commit':
        if (this.transactionDepth === 0) throw commitWithoutBegin();
        this.transactionDepth--;
        if (this.transactionDepth === 0) {
          this.snapshot = undefined;
          this.saveIfChanged();
        }
        return;
      case 'rollback':
        if (this.transactionDepth === 0) throw rollbackWithoutBegin();
        this.rollback();
        return;
      case 'set':
        if (statement.xactAbort !== undefined) this.xactAbort = statement.xactAbort;
        return;
      case 'if': {
        // The condition is evaluated as SELECT 1 WHERE <condition>.
        const one: Expr = { kind: 'literal', value: 1, type: 'int', text: '1' };
        const test = this.select({ items: [{ kind: 'expr', expr: one }], where: statement.condition, orderBy: [] }, params);
        if (test.rows.length > 0) this.run(statement.then, params, result);
        return;
      }
    }
  }

  /** Changes are saved at once outside a transaction, at the outermost COMMIT inside one. */
  private write(change: (ctx: DdlContext) => void): void {
    const ctx = this.ddlContext();
    change(ctx);
    this.unsaved = true;
    if (this.transactionDepth === 0) this.saveIfChanged();
  }

  private rollback(): void {
    const db = this.database();
    if (this.snapshot) Object.assign(db, this.snapshot);
    this.snapshot = undefined;
    this.transactionDepth = 0;
    this.unsaved = false;
  }

  private saveIfChanged(): void {
    if (!this.unsaved) return;
    this.unsaved = false;
    this.store.save();
  }

  private select(select: Select, params: Map<string, SqlValue>): ResultSet {
    const { world, db } = this.ddlContext();
    return runSelect(select, {
      db,
      params,
      systemVariable: (name) => {
        if (name === '@@VERSION') return SIM_SQL_VERSION;
        if (name === '@@TRANCOUNT') return this.transactionDepth;
        if (name === '@@SPID') return this.sessionId;
        return undefined;
      },
      call: (name, args) => {
        const acting = () => actingPrincipalIds(world, db, this.caller);
        switch (name) {
          case 'DB_NAME':
            return db.name;
          case 'SUSER_SNAME':
            return this.caller.loginName;
          case 'USER_NAME': {
            const id = args.length === 0 ? acting()[0] : args[0] === null ? undefined : Number(args[0]);
            return (id === undefined ? undefined : principalById(db, id)?.name) ?? null;
          }
          case 'IS_ROLEMEMBER':
            return isRoleMember(db, args, acting);
          default:
            return null;
        }
      },
    });
  }

  private ddlContext(): DdlContext {
    const world = this.store.world;
    const server = serverByFqdn(world, this.serverName);
    const db = server && databaseByName(server, this.databaseName);
    if (!server || !db) throw databaseGone(this.databaseName);
    return { world, server, db, caller: this.caller };
  }

  private database(): SimDatabase {
    return this.ddlContext().db;
  }
}

/** IS_ROLEMEMBER('role'[, 'principal']): 1, 0, or NULL when either name is not a principal of that kind. */
function isRoleMember(db: SimDatabase, args: Value[], acting: () => number[]): Value {
  const [roleName, memberName] = args;
  if (typeof roleName !== 'string') return null;
  const role = principalByName(db, roleName);
  if (!role || role.type !== 'R') return null;
  let members: number[];
  if (args.length > 1) {
    if (typeof memberName !== 'string') return null;
    const member: SimDbPrincipal | undefined = principalByName(db, memberName);
    if (!member) return null;
    members = [member.principalId];
  } else {
    members = acting();
  }
  if (role.principalId === PUBLIC_ROLE_ID) return 1;
  return rolesOf(db, members).has(role.principalId) ? 1 : 0;
}

/** SQL Server compiles the whole batch first: an undeclared @variable fails it before anything runs. */
function checkParameters(statements: Statement[], params: Map<string, SqlValue>): void {
  for (const statement of statements) {
    if (statement.kind !== 'select') continue;
    for (const name of parameterNames(statement.select)) {
      if (!params.has(name.toLowerCase())) {
        const error = undeclaredVariable(name);
        error.lineNumber = statement.line;
        throw error;
      }
    }
  }
}

function parameterNames(select: Select): string[] {
  const exprs: Expr[] = [
    ...select.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])),
    ...(select.from?.joins.map((j) => j.on) ?? []),
    ...(select.where ? [select.where] : []),
    ...select.orderBy.map((o) => o.expr),
  ];
  const names: string[] = [];
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'param':
        names.push(e.name);
        return;
      case 'call':
        return e.args.forEach(walk);
      case 'compare':
      case 'and':
      case 'or':
        walk(e.left);
        walk(e.right);
        return;
      case 'not':
        return walk(e.operand);
      case 'in':
        walk(e.operand);
        return e.list.forEach(walk);
      case 'isNull':
        return walk(e.operand);
      default:
        return;
    }
  };
  exprs.forEach(walk);
  return names;
}

function pick(db: SimDatabase): Snapshot {
  return { principals: db.principals, roleMembers: db.roleMembers };
}

/** As mssql does: a repeated column name collects its values in an array. */
function recordOf(set: ResultSet, row: Value[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  set.columns.forEach((column, i) => {
    const value = row[i];
    if (!(column.name in record)) record[column.name] = value;
    else if (Array.isArray(record[column.name])) (record[column.name] as unknown[]).push(value);
    else record[column.name] = [record[column.name], value];
  });
  return record;
}
