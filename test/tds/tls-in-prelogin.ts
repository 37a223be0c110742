// TDS 7.x TLS: the handshake travels inside PRELOGIN packets, then the socket carries raw TLS records.
// The server side runs Node's TLS engine over an in-memory pair and wraps each server flight.
import { Duplex } from 'node:stream';

/** Two connected in-memory streams: what one side writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (other: () => Duplex) => new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      other().push(chunk);
      callback();
    },
    final(callback) {
      other().push(null);
      callback();
    },
  });
  sides.push(make(() => sides[1]!), make(() => sides[0]!));
  return [sides[0]!, sides[1]!];
}

const RECORD = { CHANGE_CIPHER_SPEC: 0x14, ALERT: 0x15, HANDSHAKE: 0x16 } as const;
const SERVER_HELLO_DONE = 14;

/**
 * Reads the TLS 1.2 records the server writes and says when a flight is complete: the first ends with
 * ServerHelloDone, the last with the (encrypted) Finished after ChangeCipherSpec; an alert ends any.
 * The client sends one PRELOGIN per flight and waits for exactly one PRELOGIN back.
 */
export class ServerFlightTracker {
  private pending = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private changedCipher = false;
  /** The final flight has been seen: from now on records go raw on the socket. */
  finished = false;

  push(chunk: Buffer): boolean {
    this.pending = Buffer.concat([this.pending, chunk]);
    let complete = false;
    while (this.pending.length >= 5) {
      const type = this.pending[0]!;
      const length = this.pending.readUInt16BE(3);
      if (this.pending.length < 5 + length) break;
      const body = this.pending.subarray(5, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      if (type === RECORD.CHANGE_CIPHER_SPEC) this.changedCipher = true;
      else if (type === RECORD.ALERT) complete = true;
      else if (type === RECORD.HANDSHAKE && this.changedCipher) {
        complete = true;
        this.finished = true;
      } else if (type === RECORD.HANDSHAKE) complete ||= this.sawServerHelloDone(body);
    }
    return complete && this.pending.length === 0;
  }

  private sawServerHelloDone(body: Buffer): boolean {
    this.handshake = Buffer.concat([this.handshake, body]);
    let seen = false;
    while (this.handshake.length >= 4) {
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) break;
      if (this.handshake[0] === SERVER_HELLO_DONE) seen = true;
      this.handshake = this.handshake.subarray(4 + length);
    }
    return seen;
  }
}
