import { describe, expect, it } from 'vitest';
import { clientIdFromSidHex, isGuid, sidBytesFromClientId, sidHexFromClientId, sidLiteral } from '../../src/sql/sid.js';
import { UsageError } from '../../src/errors.js';

describe('SID of a client id', () => {
  it('matches the uniqueidentifier byte order vector', () => {
    expect(sidLiteral('01234567-89ab-cdef-0123-456789abcdef')).toBe('0x67452301AB89EFCD0123456789ABCDEF');
    expect(sidBytesFromClientId('01234567-89ab-cdef-0123-456789abcdef')).toEqual(
      Buffer.from('67452301AB89EFCD0123456789ABCDEF', 'hex'),
    );
  });

  it('is the same for upper-case input and round-trips to the lower-case GUID', () => {
    const guid = 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9';
    const hex = sidHexFromClientId(guid);
    expect(hex).toBe(sidHexFromClientId(guid.toLowerCase()));
    expect(hex).toMatch(/^[0-9A-F]{32}$/);
    expect(clientIdFromSidHex(hex)).toBe(guid.toLowerCase());
    expect(clientIdFromSidHex(`0x${hex.toLowerCase()}`)).toBe(guid.toLowerCase());
  });

  it('refuses malformed GUIDs and SIDs, naming the bad value', () => {
    for (const bad of ['', 'not-a-guid', '01234567-89ab-cdef-0123-456789abcde', '{01234567-89ab-cdef-0123-456789abcdef}']) {
      expect(isGuid(bad)).toBe(false);
      expect(() => sidHexFromClientId(bad)).toThrow(UsageError);
    }
    expect(() => sidLiteral('zz234567-89ab-cdef-0123-456789abcdef')).toThrow(/zz234567/);
    expect(() => clientIdFromSidHex('0x1234')).toThrow(/0x1234/);
  });
});
