// The SID of an Entra principal in a database: its GUID in SQL Server uniqueidentifier byte order.
import { UsageError } from '../errors.js';

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SID_HEX_PATTERN = /^(?:0x)?[0-9a-f]{32}$/i;

export function isGuid(s: string): boolean {
  return GUID_PATTERN.test(s);
}

/** 16 bytes: the first three groups little-endian, the last two as written (like Guid.ToByteArray()). */
export function sidBytesFromClientId(guid: string): Buffer {
  if (!isGuid(guid)) {
    throw new UsageError(`'${guid}' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
  }
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes;
}

/** Upper-case hex without 0x, as sys.database_principals.sid shows it. */
export function sidHexFromClientId(guid: string): string {
  return sidBytesFromClientId(guid).toString('hex').toUpperCase();
}

/** A T-SQL binary literal, e.g. 0x67452301AB89EFCD0123456789ABCDEF. */
export function sidLiteral(guid: string): string {
  return `0x${sidHexFromClientId(guid)}`;
}

/** The lower-case GUID a 16-byte SID (hex, with or without 0x) was made from. */
export function clientIdFromSidHex(hex: string): string {
  if (!SID_HEX_PATTERN.test(hex)) {
    throw new UsageError(`'${hex}' is not a 16-byte SID in hex.`);
  }
  const bytes = Buffer.from(hex.replace(/^0x/i, ''), 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
