// PRELOGIN (MS-TDS 2.2.6.5): option table of [token, offset, length], then the option data.

const OPTION = { VERSION: 0x00, ENCRYPTION: 0x01, INSTOPT: 0x02, THREADID: 0x03, MARS: 0x04, TRACEID: 0x05, FEDAUTHREQUIRED: 0x06 } as const;
const TERMINATOR = 0xff;

export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

export interface ClientPrelogin {
  /** ENCRYPT_* byte the client sent. */
  encryption: number | undefined;
  fedAuthRequired: boolean;
}

export function parsePrelogin(payload: Buffer): ClientPrelogin {
  const result: ClientPrelogin = { encryption: undefined, fedAuthRequired: false };
  let offset = 0;
  while (offset < payload.length && payload[offset] !== TERMINATOR) {
    const token = payload[offset]!;
    const dataOffset = payload.readUInt16BE(offset + 1);
    const length = payload.readUInt16BE(offset + 3);
    if (token === OPTION.ENCRYPTION && length > 0) result.encryption = payload[dataOffset];
    if (token === OPTION.FEDAUTHREQUIRED && length > 0) result.fedAuthRequired = payload[dataOffset] === 0x01;
    offset += 5;
  }
  return result;
}

/** The server's answer: its version, its encryption stance, and that it supports Entra (FEDAUTH). */
export function buildPreloginResponse(encryption: number): Buffer {
  const version = Buffer.from([12, 0, 0x07, 0xd0, 0, 0]); // 12.0.2000: what Azure SQL reports
  const options: [number, Buffer][] = [
    [OPTION.VERSION, version],
    [OPTION.ENCRYPTION, Buffer.from([encryption])],
    [OPTION.INSTOPT, Buffer.from([0])],
    [OPTION.THREADID, Buffer.alloc(0)],
    [OPTION.MARS, Buffer.from([0])],
    [OPTION.FEDAUTHREQUIRED, Buffer.from([0x01])],
  ];
  const table = Buffer.alloc(options.length * 5 + 1);
  let dataOffset = table.length;
  options.forEach(([token, data], i) => {
    table[i * 5] = token;
    table.writeUInt16BE(dataOffset, i * 5 + 1);
    table.writeUInt16BE(data.length, i * 5 + 3);
    dataOffset += data.length;
  });
  table[options.length * 5] = TERMINATOR;
  return Buffer.concat([table, ...options.map(([, data]) => data)]);
}
