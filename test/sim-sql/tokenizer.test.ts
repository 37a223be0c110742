import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/sim/sql/tokenizer.js';
import { SimSqlError } from '../../src/sim/sql/errors.js';

const kinds = (sql: string) => tokenize(sql).map((t) => [t.kind, t.value]);

describe('tokenizer', () => {
  it('unescapes bracketed and double-quoted names', () => {
    expect(kinds('[a]]b] [x y;] "q""uote" [データ]')).toEqual([
      ['quotedName', 'a]b'],
      ['quotedName', 'x y;'],
      ['quotedName', 'q"uote'],
      ['quotedName', 'データ'],
    ]);
  });

  it("reads '' inside strings, N'' strings and empty strings", () => {
    const tokens = tokenize("N'it''s' 'plain' '' N'ü]'");
    expect(tokens.map((t) => [t.value, t.unicode])).toEqual([
      ["it's", true],
      ['plain', false],
      ['', false],
      ['ü]', true],
    ]);
  });

  it('reads binary literals, numbers, variables and operators', () => {
    expect(kinds('0x67aB 0x 0x123 42 1.5 @name @@VERSION <> != <= >= = ( ) , . ; *')).toEqual([
      ['binary', '67AB'],
      ['binary', ''],
      ['binary', '0123'],
      ['number', '42'],
      ['number', '1.5'],
      ['variable', '@name'],
      ['systemVariable', '@@VERSION'],
      ...['<>', '!=', '<=', '>=', '=', '(', ')', ',', '.', ';', '*'].map((s) => ['symbol', s]),
    ]);
  });

  it('skips line comments and nested block comments, and counts lines', () => {
    const tokens = tokenize('SELECT -- a [comment\n/* outer /* inner */ still */ 1\n\n[x]');
    expect(tokens.map((t) => [t.value, t.line])).toEqual([
      ['SELECT', 1],
      ['1', 2],
      ['x', 4],
    ]);
  });

  it('keeps unicode letters in bare identifiers', () => {
    expect(kinds('Überprüfung_1 データ')).toEqual([
      ['word', 'Überprüfung_1'],
      ['word', 'データ'],
    ]);
  });

  it('reports unclosed quotes and comments with SQL Server error numbers and the line', () => {
    const failure = (sql: string) => {
      try {
        tokenize(sql);
      } catch (error) {
        return error as SimSqlError;
      }
      throw new Error('no error');
    };
    expect(failure("SELECT\n'abc")).toMatchObject({ number: 105, lineNumber: 2, message: "Unclosed quotation mark after the character string 'abc'." });
    expect(failure('SELECT [abc')).toMatchObject({ number: 105 });
    expect(failure('SELECT 1 /* never /* closed */')).toMatchObject({ number: 113, message: "Missing end comment mark '*/'." });
    expect(failure('SELECT `x`')).toMatchObject({ number: 102, message: "Incorrect syntax near '`'." });
  });
});
