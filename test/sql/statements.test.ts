import { describe, expect, it } from 'vitest';
import {
  addRoleMember,
  createUserFromExternalProvider,
  createUserWithSid,
  dropRoleMember,
  dropUser,
} from '../../src/sql/statements.js';

const clientId = '01234567-89ab-cdef-0123-456789abcdef';

describe('statements', () => {
  it('creates a user with the SID of the client id', () => {
    expect(createUserWithSid('my-app', clientId)).toEqual({
      text: 'CREATE USER [my-app] WITH SID = 0x67452301AB89EFCD0123456789ABCDEF, TYPE = E;',
    });
  });

  it('creates a user from the external provider, with or without an object id', () => {
    expect(createUserFromExternalProvider('my app]')).toEqual({ text: 'CREATE USER [my app]]] FROM EXTERNAL PROVIDER;' });
    expect(createUserFromExternalProvider('my-app', clientId.toUpperCase())).toEqual({
      text: `CREATE USER [my-app] FROM EXTERNAL PROVIDER WITH OBJECT_ID = '${clientId}';`,
    });
    expect(() => createUserFromExternalProvider('my-app', "x'; DROP USER dbo; --")).toThrow(/not an object id/);
  });

  it('adds and drops role members and users with quoted names', () => {
    expect(addRoleMember('db_datareader', 'a]b')).toEqual({ text: 'ALTER ROLE [db_datareader] ADD MEMBER [a]]b];' });
    expect(dropRoleMember('custom role', "o'x")).toEqual({ text: "ALTER ROLE [custom role] DROP MEMBER [o'x];" });
    expect(dropUser('old-app')).toEqual({ text: 'DROP USER [old-app];' });
  });

  it('refuses names SQL Server would refuse', () => {
    expect(() => addRoleMember('', 'x')).toThrow(/empty/);
    expect(() => createUserWithSid('x'.repeat(129), clientId)).toThrow(/128/);
  });
});
