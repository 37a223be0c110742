// Client requests after login: SQL batches (2.2.6.7), RPC calls of sp_executesql (2.2.6.6) with their
// parameters decoded to plain values, and transaction manager requests (2.2.6.9).
import type { SqlValue } from '../../src/sql/connection.js';

export type ClientRequest =
  | { kind: 'batch'; text: string; params: Record<string, SqlValue> }
  | { kind: 'rpc'; text: string; params: Record<string, SqlValue>; declarations: string }
  | { kind: 'begin' | 'commit' | 'rollback' };

const SP_EXECUTESQL = 10;
const TM = { BEGIN: 5, COMMIT: 7, ROLLBACK: 8 } as const;

/** ALL_HEADERS starts with its own total length; the transaction descriptor inside is not needed here. */
function skipAllHeaders(payload: Buffer): number {
  return payload.readUInt32LE(0);
}

export function parseSqlBatch(payload: Buffer): ClientRequest {
  return { kind: 'batch', text: payload.toString('utf16le', skipAllHeaders(payload)), params: {} };
}

export function parseTransactionRequest(payload: Buffer): ClientRequest {
  const type = payload.readUInt16LE(skipAllHeaders(payload));
  if (type === TM.BEGIN) return { kind: 'begin' };
  if (type === TM.COMMIT) return { kind: 'commit' };
  if (type === TM.ROLLBACK) return { kind: 'rollback' };
  throw new Error(`test server: transaction manager request ${type} is not supported`);
}

class Cursor {
  constructor(private readonly buf: Buffer, public offset: number) {}
  u8(): number { return this.buf.readUInt8(this.offset++); }
  u16(): number { const v = this.buf.readUInt16LE(this.offset); this.offset += 2; return v; }
  u32(): number { const v = this.buf.readUInt32LE(this.offset); this.offset += 4; return v; }
  bytes(n: number): Buffer { const v = this.buf.subarray(this.offset, this.offset + n); this.offset += n; return v; }
  get done(): boolean { return this.offset >= this.buf.length; }
}

/** A PLP value: total length (all ones for NULL), chunks of [ULONG length, bytes], a zero terminator. */
function readPlp(c: Cursor): Buffer | null {
  const low = c.u32();
  const high = c.u32();
  if (low === 0xffffffff && high === 0xffffffff) return null;
  const chunks: Buffer[] = [];
  for (let length = c.u32(); length !== 0; length = c.u32()) chunks.push(c.bytes(length));
  return Buffer.concat(chunks);
}

function guidText(b: Buffer): string {
  const hex = Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8, 16),
  ]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();
}

function fixedValue(type: number, b: Buffer): SqlValue {
  if (type === 0x68 || type === 0x32) return b[0] !== 0;
  if (type === 0x6d || type === 0x3e || type === 0x3b) return b.length === 4 ? b.readFloatLE(0) : b.readDoubleLE(0);
  if (type === 0x24) return guidText(b);
  if (b.length === 1) return b.readUInt8(0);
  if (b.length === 2) return b.readInt16LE(0);
  if (b.length === 4) return b.readInt32LE(0);
  return Number(b.readBigInt64LE(0));
}

const FIXED_SIZES: Record<number, number> = { 0x30: 1, 0x32: 1, 0x34: 2, 0x38: 4, 0x3b: 4, 0x3e: 8, 0x7f: 8 };
const BYTELEN_TYPES = new Set([0x26, 0x68, 0x6d, 0x24]);
const CHAR_TYPES = new Set([0xe7, 0xef, 0xa7, 0xaf]);
const BINARY_TYPES = new Set([0xa5, 0xad]);

/** TYPE_INFO followed by the value, for the types a driver sends as parameters. */
function readTypedValue(c: Cursor): SqlValue {
  const type = c.u8();
  const size = FIXED_SIZES[type];
  if (size !== undefined) return fixedValue(type, c.bytes(size));
  if (BYTELEN_TYPES.has(type)) {
    c.u8(); // declared length
    const length = c.u8();
    return length === 0 ? null : fixedValue(type, c.bytes(length));
  }
  if (CHAR_TYPES.has(type) || BINARY_TYPES.has(type)) {
    const maxLength = c.u16();
    if (CHAR_TYPES.has(type)) c.bytes(5); // collation
    let bytes: Buffer | null;
    if (maxLength === 0xffff) bytes = readPlp(c);
    else {
      const length = c.u16();
      bytes = length === 0xffff ? null : c.bytes(length);
    }
    if (bytes === null || BINARY_TYPES.has(type)) return bytes === null ? null : Buffer.from(bytes);
    return bytes.toString(type === 0xe7 || type === 0xef ? 'utf16le' : 'latin1');
  }
  throw new Error(`test server: parameter type 0x${type.toString(16)} is not supported`);
}

export function parseRpcRequest(payload: Buffer): ClientRequest {
  const c = new Cursor(payload, skipAllHeaders(payload));
  const nameLength = c.u16();
  const procedure = nameLength === 0xffff ? c.u16() : c.bytes(nameLength * 2).toString('utf16le');
  if (procedure !== SP_EXECUTESQL && String(procedure).toLowerCase() !== 'sp_executesql') {
    throw new Error(`test server: only sp_executesql is supported, not ${procedure}`);
  }
  c.u16(); // option flags
  const values: [string, SqlValue][] = [];
  while (!c.done) {
    const name = c.bytes(c.u8() * 2).toString('utf16le');
    c.u8(); // status flags
    values.push([name.replace(/^@/, ''), readTypedValue(c)]);
  }
  const [statement, declarations, ...rest] = values;
  return {
    kind: 'rpc',
    text: String(statement?.[1] ?? ''),
    declarations: String(declarations?.[1] ?? ''),
    params: Object.fromEntries(rest),
  };
}
