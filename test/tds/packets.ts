// TDS packet framing (MS-TDS 2.2.3): an 8-byte header, messages split into packets, EOM on the last.

export const PACKET = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  FEDAUTH_TOKEN: 0x08,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(PACKET).map(([name, value]) => [value, name]));

export function packetTypeName(type: number): string {
  return NAMES[type] ?? `0x${type.toString(16).padStart(2, '0')}`;
}

const HEADER = 8;
const STATUS_EOM = 0x01;
const STATUS_RESET = 0x08;

export interface TdsMessage {
  type: number;
  payload: Buffer;
  /** The client asked for a connection reset with this message. */
  resetConnection: boolean;
}

/** Collects bytes and hands out whole messages (all packets up to the one flagged EOM). */
export class MessageReader {
  private pending = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private reset = false;

  push(chunk: Buffer): TdsMessage[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const messages: TdsMessage[] = [];
    while (this.pending.length >= HEADER) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER) throw new Error(`bad TDS packet length ${length}`);
      if (this.pending.length < length) break;
      const type = this.pending[0]!;
      const status = this.pending[1]!;
      this.parts.push(this.pending.subarray(HEADER, length));
      this.reset ||= (status & STATUS_RESET) !== 0;
      this.pending = this.pending.subarray(length);
      if (status & STATUS_EOM) {
        messages.push({ type, payload: Buffer.concat(this.parts), resetConnection: this.reset });
        this.parts = [];
        this.reset = false;
      }
    }
    return messages;
  }
}

/** Splits a message into packets of at most packetSize bytes. */
export function framePackets(type: number, payload: Buffer, packetSize = 4096): Buffer {
  const room = packetSize - HEADER;
  const packets: Buffer[] = [];
  let packetId = 1;
  let offset = 0;
  do {
    const body = payload.subarray(offset, offset + room);
    offset += body.length;
    const header = Buffer.alloc(HEADER);
    header[0] = type;
    header[1] = offset >= payload.length ? STATUS_EOM : 0;
    header.writeUInt16BE(HEADER + body.length, 2);
    header.writeUInt16BE(0, 4); // SPID
    header[6] = packetId++ % 256;
    packets.push(header, body);
  } while (offset < payload.length);
  return Buffer.concat(packets);
}
