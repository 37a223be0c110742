// The simulator's own GUID <-> SID conversion, written apart from src/sql/sid.ts so tests compare two implementations.

/** uniqueidentifier byte order: bytes 3,2,1,0, 5,4, 7,6, then 8..15 as written. */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function guidToSidHex(guid: string): string {
  const hex = guid.replace(/-/g, '').toUpperCase();
  return ORDER.map((i) => hex.slice(i * 2, i * 2 + 2)).join('');
}

/** The inverse: the permutation is its own inverse. */
export function sidHexToGuid(sidHex: string): string | undefined {
  if (!/^[0-9a-f]{32}$/i.test(sidHex)) return undefined;
  const hex = ORDER.map((i) => sidHex.slice(i * 2, i * 2 + 2)).join('').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isGuidText(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
