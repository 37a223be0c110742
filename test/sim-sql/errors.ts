import { SimSqlError } from '../../src/sim/sql/errors.js';

/** The SimSqlError the call throws (fails the test when it throws nothing or something else). */
export function sqlErrorOf(run: () => unknown): SimSqlError {
  try {
    run();
  } catch (error) {
    if (error instanceof SimSqlError) return error;
    throw error;
  }
  throw new Error('expected a SQL error, got none');
}
