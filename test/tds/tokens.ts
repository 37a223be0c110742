// Server-to-client tokens (MS-TDS 2.2.7) written into a TABULAR_RESULT message.

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, INXACT: 0x04, COUNT: 0x10, ATTN: 0x20 } as const;

/** SQL_Latin1_General_CP1_CI_AS, the default collation of an Azure SQL database. */
export const DEFAULT_COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
  serverName: string;
  procName?: string;
  lineNumber?: number;
}

function bVarChar(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([text.length]), bytes]);
}

function usVarChar(text: string): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, Buffer.from(text, 'utf16le')]);
}

function bVarByte(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** A token whose body is prefixed with a USHORT length. */
function withLength16(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head[0] = type;
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

export class TokenWriter {
  private readonly parts: Buffer[] = [];

  raw(bytes: Buffer): this {
    this.parts.push(bytes);
    return this;
  }

  /** ENVCHANGE with string values: 1 database, 2 language, 4 packet size. */
  envChangeText(type: 1 | 2 | 4, newValue: string, oldValue: string): this {
    return this.raw(withLength16(0xe3, Buffer.concat([Buffer.from([type]), bVarChar(newValue), bVarChar(oldValue)])));
  }

  /** ENVCHANGE with byte values: 7 collation, 8 begin, 9 commit, 10 rollback transaction. */
  envChangeBytes(type: 7 | 8 | 9 | 10, newValue: Buffer, oldValue: Buffer): this {
    return this.raw(withLength16(0xe3, Buffer.concat([Buffer.from([type]), bVarByte(newValue), bVarByte(oldValue)])));
  }

  private message(type: 0xaa | 0xab, m: ServerMessage): this {
    const head = Buffer.alloc(6);
    head.writeInt32LE(m.number, 0);
    head[4] = m.state;
    head[5] = m.class;
    const line = Buffer.alloc(4);
    line.writeInt32LE(m.lineNumber ?? 1);
    return this.raw(withLength16(type, Buffer.concat([head, usVarChar(m.message), bVarChar(m.serverName), bVarChar(m.procName ?? ''), line])));
  }

  error(m: ServerMessage): this {
    return this.message(0xaa, m);
  }

  info(m: ServerMessage): this {
    return this.message(0xab, m);
  }

  /** LOGINACK: TSQL interface, TDS 7.4, and the program name and version Azure SQL reports. */
  loginAck(): this {
    const version = Buffer.alloc(4);
    version.writeUInt32BE(0x74000004);
    const prog = Buffer.from([12, 0, 0x07, 0xd0]);
    return this.raw(withLength16(0xad, Buffer.concat([Buffer.from([0x01]), version, bVarChar('Microsoft SQL Server'), prog])));
  }

  /** FEATUREEXTACK for FEDAUTH with no data (no nonce was sent). */
  featureExtAckFedAuth(): this {
    const ack = Buffer.alloc(1 + 1 + 4);
    ack[0] = 0x02;
    ack.writeUInt32LE(0, 1);
    ack[5] = 0xff;
    return this.raw(Buffer.concat([Buffer.from([0xae]), ack]));
  }

  /** FEDAUTHINFO: where to get a token (STS URL) and for which resource (SPN). */
  fedAuthInfo(stsUrl: string, spn: string): this {
    const values: [number, Buffer][] = [[0x01, Buffer.from(stsUrl, 'utf16le')], [0x02, Buffer.from(spn, 'utf16le')]];
    const options = Buffer.alloc(4 + values.length * 9);
    options.writeUInt32LE(values.length, 0);
    let dataOffset = options.length;
    values.forEach(([id, data], i) => {
      const at = 4 + i * 9;
      options[at] = id;
      options.writeUInt32LE(data.length, at + 1);
      options.writeUInt32LE(dataOffset, at + 5);
      dataOffset += data.length;
    });
    const body = Buffer.concat([options, ...values.map(([, data]) => data)]);
    const head = Buffer.alloc(5);
    head[0] = 0xee;
    head.writeUInt32LE(body.length, 1);
    return this.raw(Buffer.concat([head, body]));
  }

  /** DONE (0xfd), DONEPROC (0xfe) or DONEINPROC (0xff). */
  done(status: number, rowCount = 0, token: 0xfd | 0xfe | 0xff = 0xfd): this {
    const body = Buffer.alloc(13);
    body[0] = token;
    body.writeUInt16LE(status, 1);
    body.writeUInt16LE(0xc1, 3); // CurCmd: SELECT
    body.writeBigUInt64LE(BigInt(rowCount), 5);
    return this.raw(body);
  }

  returnStatus(value: number): this {
    const body = Buffer.alloc(5);
    body[0] = 0x79;
    body.writeInt32LE(value, 1);
    return this.raw(body);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
