// The simulated Azure SQL server: what --demo, the engine's tests and the TDS test server use.
export { createSimSqlConnector, tokenScopeFor, type SimSqlConnectorOptions } from './connector.js';
export { FIXED_ROLES, newSimDatabase } from './database.js';
export { SimSqlError, SimSqlHostNotFound } from './errors.js';
export { DEFAULT_RESUME_MS, loginToSimSql, type SimSqlLoginOptions, type SimSqlLoginRequest } from './login.js';
export { SIM_SQL_VERSION, SimSqlSession, type SimSqlResult } from './session.js';
export type { SimSqlCaller } from './caller.js';
export type { ResultColumn, ResultSet } from './select.js';
export type { ColumnType } from './ast.js';
