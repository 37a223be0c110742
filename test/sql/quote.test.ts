import { describe, expect, it } from 'vitest';
import { quoteName, quoteString } from '../../src/sql/quote.js';
import { UsageError } from '../../src/errors.js';

describe('quoteName', () => {
  it('brackets names and doubles closing brackets only', () => {
    expect(quoteName('my-app')).toBe('[my-app]');
    expect(quoteName('a]b')).toBe('[a]]b]');
    expect(quoteName(']]')).toBe('[]]]]]');
    expect(quoteName('[x')).toBe('[[x]');
  });

  it('keeps quotes, semicolons, slashes and unicode as they are', () => {
    expect(quoteName("o'brien; DROP USER x--")).toBe("[o'brien; DROP USER x--]");
    expect(quoteName('my-app/slots/staging')).toBe('[my-app/slots/staging]');
    expect(quoteName('データベース-ü')).toBe('[データベース-ü]');
  });

  it('accepts 128 characters and refuses empty names and 129 characters', () => {
    expect(quoteName('x'.repeat(128))).toBe(`[${'x'.repeat(128)}]`);
    expect(() => quoteName('')).toThrow(UsageError);
    expect(() => quoteName('x'.repeat(129))).toThrow(/129 characters/);
  });
});

describe('quoteString', () => {
  it('makes an N literal with single quotes doubled', () => {
    expect(quoteString("it's")).toBe("N'it''s'");
    expect(quoteString('')).toBe("N''");
    expect(quoteString('ü]')).toBe("N'ü]'");
  });
});
