// The catalog views the simulator can SELECT from, built from the database's principals and memberships.
import type { SimDatabase, SimDbPrincipal } from '../world.js';
import type { ColumnType } from './ast.js';

export type Value = string | number | boolean | Buffer | null;

export interface CatalogColumn {
  name: string;
  type: ColumnType;
  /** Characters (char, nvarchar) or bytes (varbinary). */
  length?: number;
}

export interface CatalogView {
  /** Lower-case, schema-qualified, e.g. 'sys.database_principals'. */
  name: string;
  columns: CatalogColumn[];
  rows(db: SimDatabase): Record<string, Value>[];
}

const TYPE_DESC: Record<SimDbPrincipal['type'], string> = {
  S: 'SQL_USER',
  U: 'WINDOWS_USER',
  E: 'EXTERNAL_USER',
  X: 'EXTERNAL_GROUPS',
  R: 'DATABASE_ROLE',
  A: 'APPLICATION_ROLE',
};

/** authentication_type and its description, as Azure SQL shows them. */
function authentication(p: SimDbPrincipal): [number, string] {
  if (p.type === 'E' || p.type === 'X') return [4, 'EXTERNAL'];
  if (p.principalId === 1) return [1, 'INSTANCE'];
  return [0, 'NONE'];
}

const databasePrincipals: CatalogView = {
  name: 'sys.database_principals',
  columns: [
    { name: 'name', type: 'nvarchar', length: 128 },
    { name: 'principal_id', type: 'int' },
    { name: 'type', type: 'char', length: 1 },
    { name: 'type_desc', type: 'nvarchar', length: 60 },
    { name: 'default_schema_name', type: 'nvarchar', length: 128 },
    { name: 'owning_principal_id', type: 'int' },
    { name: 'sid', type: 'varbinary', length: 85 },
    { name: 'is_fixed_role', type: 'bit' },
    { name: 'authentication_type', type: 'int' },
    { name: 'authentication_type_desc', type: 'nvarchar', length: 60 },
  ],
  rows: (db) =>
    db.principals.map((p) => {
      const [authType, authDesc] = authentication(p);
      return {
        name: p.name,
        principal_id: p.principalId,
        type: p.type,
        type_desc: TYPE_DESC[p.type],
        default_schema_name: p.type === 'R' ? null : 'dbo',
        owning_principal_id: p.type === 'R' ? 1 : null,
        sid: p.sidHex === null ? null : Buffer.from(p.sidHex, 'hex'),
        is_fixed_role: p.isFixedRole,
        authentication_type: authType,
        authentication_type_desc: authDesc,
      };
    }),
};

const databaseRoleMembers: CatalogView = {
  name: 'sys.database_role_members',
  columns: [
    { name: 'role_principal_id', type: 'int' },
    { name: 'member_principal_id', type: 'int' },
  ],
  rows: (db) => db.roleMembers.map(([role, member]) => ({ role_principal_id: role, member_principal_id: member })),
};

const VIEWS = [databasePrincipals, databaseRoleMembers];

/** 'sys.database_principals', '[sys].[database_principals]' (already unquoted) and case variants. */
export function catalogView(name: string): CatalogView | undefined {
  return VIEWS.find((v) => v.name === name.toLowerCase());
}
