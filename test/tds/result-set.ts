// Result sets as COLMETADATA + ROW tokens, column types inferred from the JS values the backend returns:
// string -> nvarchar, integer -> int/bigint, other number -> float, boolean -> bit, Buffer -> varbinary.

type ColumnKind = 'nvarchar' | 'int' | 'bigint' | 'float' | 'bit' | 'varbinary';

interface Column {
  name: string;
  kind: ColumnKind;
  /** nvarchar(max) / varbinary(max): values go as PLP chunks. */
  max: boolean;
}

const NULLABLE = 0x0001;
const PLP_NULL = Buffer.from('ffffffffffffffff', 'hex');
const SHORT_NULL = Buffer.from([0xff, 0xff]);
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

function kindOf(value: unknown): ColumnKind | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'nvarchar';
  if (typeof value === 'boolean') return 'bit';
  if (Buffer.isBuffer(value)) return 'varbinary';
  if (typeof value === 'bigint') return 'bigint';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'float';
    return value >= -2147483648 && value <= 2147483647 ? 'int' : 'bigint';
  }
  return 'nvarchar';
}

/** Widens int to bigint to float when rows disagree; anything else mixed becomes text. */
function merge(a: ColumnKind | undefined, b: ColumnKind | undefined): ColumnKind | undefined {
  if (!a || a === b) return b ?? a;
  if (!b) return a;
  const numeric: ColumnKind[] = ['int', 'bigint', 'float'];
  if (numeric.includes(a) && numeric.includes(b)) return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))];
  return 'nvarchar';
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

function columnsOf(rows: Record<string, unknown>[]): Column[] {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return names.map((name) => {
    let kind: ColumnKind | undefined;
    for (const row of rows) kind = merge(kind, kindOf(row[name]));
    const finalKind = kind ?? 'nvarchar';
    const max = rows.some((row) => {
      const value = row[name];
      if (value === null || value === undefined) return false;
      if (finalKind === 'nvarchar') return textOf(value).length > 4000;
      return finalKind === 'varbinary' && Buffer.isBuffer(value) && value.length > 8000;
    });
    return { name, kind: finalKind, max };
  });
}

function typeInfo(column: Column): Buffer {
  const length = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return b;
  };
  switch (column.kind) {
    case 'int': return Buffer.from([0x26, 4]);
    case 'bigint': return Buffer.from([0x26, 8]);
    case 'float': return Buffer.from([0x6d, 8]);
    case 'bit': return Buffer.from([0x68, 1]);
    case 'varbinary': return Buffer.concat([Buffer.from([0xa5]), length(column.max ? 0xffff : 8000)]);
    case 'nvarchar': return Buffer.concat([Buffer.from([0xe7]), length(column.max ? 0xffff : 8000), COLLATION]);
  }
}

function colMetadata(columns: Column[]): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0x81;
  head.writeUInt16LE(columns.length, 1);
  const parts = columns.map((column) => {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt32LE(0, 0); // UserType
    fixed.writeUInt16LE(NULLABLE, 4);
    const name = Buffer.from(column.name, 'utf16le');
    return Buffer.concat([fixed, typeInfo(column), Buffer.from([column.name.length]), name]);
  });
  return Buffer.concat([head, ...parts]);
}

function plp(bytes: Buffer): Buffer {
  const total = Buffer.alloc(8);
  total.writeBigUInt64LE(BigInt(bytes.length));
  const chunkLength = Buffer.alloc(4);
  chunkLength.writeUInt32LE(bytes.length);
  const parts = bytes.length > 0 ? [total, chunkLength, bytes] : [total];
  return Buffer.concat([...parts, Buffer.alloc(4)]);
}

function shortLength(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function fixed(size: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(1 + size);
  b[0] = size;
  write(b.subarray(1));
  return b;
}

function cell(column: Column, value: unknown): Buffer {
  const isNull = value === null || value === undefined;
  if (column.kind === 'nvarchar' || column.kind === 'varbinary') {
    if (isNull) return column.max ? PLP_NULL : SHORT_NULL;
    const bytes = column.kind === 'nvarchar' ? Buffer.from(textOf(value), 'utf16le') : (value as Buffer);
    return column.max ? plp(bytes) : shortLength(bytes);
  }
  if (isNull) return Buffer.from([0]);
  switch (column.kind) {
    case 'int': return fixed(4, (b) => b.writeInt32LE(Number(value)));
    case 'bigint': return fixed(8, (b) => b.writeBigInt64LE(BigInt(value as number | bigint)));
    case 'float': return fixed(8, (b) => b.writeDoubleLE(Number(value)));
    case 'bit': return fixed(1, (b) => { b[0] = value ? 1 : 0; });
  }
}

function encode(columns: Column[], rows: unknown[][]): Buffer {
  const encodedRows = rows.map((row) => Buffer.concat([Buffer.from([0xd1]), ...columns.map((c, i) => cell(c, row[i]))]));
  return Buffer.concat([colMetadata(columns), ...encodedRows]);
}

/** COLMETADATA then one ROW per row, types inferred; an empty result set carries no columns (names unknown). */
export function encodeResultSet(rows: Record<string, unknown>[]): Buffer {
  const columns = columnsOf(rows);
  return encode(columns, rows.map((row) => columns.map((c) => row[c.name])));
}

export interface TypedResultSet {
  columns: { name: string; type: string; length?: number }[];
  rows: unknown[][];
}

const KINDS: Record<string, ColumnKind> = { int: 'int', bigint: 'bigint', bit: 'bit', float: 'float', varbinary: 'varbinary', binary: 'varbinary' };

/** A result set whose columns the backend typed (the simulator does): names and types even with no rows. */
export function encodeTypedResultSet(set: TypedResultSet): Buffer {
  const columns = set.columns.map((column, i): Column => {
    const kind = KINDS[column.type] ?? 'nvarchar';
    const max = set.rows.some((row) => {
      const value = row[i];
      if (value === null || value === undefined) return false;
      return kind === 'nvarchar' ? textOf(value).length > 4000 : kind === 'varbinary' && Buffer.isBuffer(value) && value.length > 8000;
    });
    return { name: column.name, kind, max };
  });
  return encode(columns, set.rows);
}
