// One client connection to the TDS test server: PRELOGIN, TLS inside PRELOGIN, LOGIN7 with FEDAUTH
// (token in LOGIN7, or FEDAUTHINFO then FEDAUTH_TOKEN), then batches, RPCs and transactions.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import { isServerMessage, type TdsBackend, type TdsResult, type TdsServerMessage, type TdsSession } from './backend.js';
import { parseFedAuthToken, parseLogin7, type Login7 } from './login7.js';
import { MessageReader, PACKET, framePackets, packetTypeName, type TdsMessage } from './packets.js';
import { ENCRYPT, buildPreloginResponse, parsePrelogin } from './prelogin.js';
import { tokenClaims, type Layer, type ReceivedConnection, type ReceivedRequest } from './recording.js';
import { parseRpcRequest, parseSqlBatch, parseTransactionRequest, type ClientRequest } from './requests.js';
import { encodeResultSet, encodeTypedResultSet } from './result-set.js';
import { DEFAULT_COLLATION, DONE_STATUS, TokenWriter } from './tokens.js';
import { ServerFlightTracker, duplexPair } from './tls-in-prelogin.js';

export interface ConnectionSettings {
  backend: TdsBackend;
  secureContext: SecureContext;
  /** ENCRYPT.REQ (Azure), ENCRYPT.ON, or ENCRYPT.NOT_SUP to show what a client does without TLS. */
  encryption: number;
  stsUrl: string;
  spn: string;
}

const DONE_IN_PROC = 0xff;
const DONE_PROC = 0xfe;
const DONE = 0xfd;

export class TdsConnection {
  private readonly plainReader = new MessageReader();
  private readonly tlsReader = new MessageReader();
  private tls: TLSSocket | undefined;
  private encryptedSide: Duplex | undefined;
  private rawTls = false;
  private readonly flights = new ServerFlightTracker();
  private flight: Buffer[] = [];
  private login: Login7 | undefined;
  private session: TdsSession | undefined;
  private trackedTranCount = 0;
  private packetSize = 4096;
  private queue: Promise<void> = Promise.resolve();
  private descriptor = Buffer.alloc(8);

  constructor(
    private readonly socket: Socket,
    private readonly settings: ConnectionSettings,
    private readonly record: ReceivedConnection,
  ) {
    socket.on('data', (chunk: Buffer) => this.onSocketData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.session?.close?.());
  }

  private onSocketData(chunk: Buffer): void {
    this.record.wire.push(Buffer.from(chunk));
    if (this.rawTls) {
      this.encryptedSide!.write(chunk);
      return;
    }
    this.readMessages(this.plainReader, chunk, 'plain');
  }

  private readMessages(reader: MessageReader, chunk: Buffer, layer: Layer): void {
    let messages: TdsMessage[];
    try {
      messages = reader.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const message of messages) {
      this.record.messages.push({ type: packetTypeName(message.type), layer, length: message.payload.length });
      this.queue = this.queue.then(() => this.handle(message, layer)).catch((error: unknown) => this.fail(error));
    }
  }

  private async handle(message: TdsMessage, layer: Layer): Promise<void> {
    switch (message.type) {
      case PACKET.PRELOGIN: return this.onPrelogin(message.payload);
      case PACKET.LOGIN7: return this.onLogin7(message.payload, layer);
      case PACKET.FEDAUTH_TOKEN: return this.onFedAuthToken(message.payload, layer);
      case PACKET.SQL_BATCH: return this.onRequest(parseSqlBatch(message.payload), layer);
      case PACKET.RPC_REQUEST: return this.onRequest(parseRpcRequest(message.payload), layer);
      case PACKET.TRANSACTION_MANAGER: return this.onRequest(parseTransactionRequest(message.payload), layer);
      case PACKET.ATTENTION: return this.send(new TokenWriter().done(DONE_STATUS.ATTN));
      default: throw new Error(`test server: unexpected ${packetTypeName(message.type)} message`);
    }
  }

  private onPrelogin(payload: Buffer): void {
    if (this.tls) {
      // a TLS handshake flight from the client, wrapped in PRELOGIN
      this.encryptedSide!.write(payload);
      return;
    }
    this.record.clientEncryption = parsePrelogin(payload).encryption;
    this.socket.write(framePackets(PACKET.PRELOGIN, buildPreloginResponse(this.settings.encryption)));
    if (this.settings.encryption === ENCRYPT.REQ || this.settings.encryption === ENCRYPT.ON) this.startTls();
  }

  private startTls(): void {
    const [inner, outer] = duplexPair();
    this.encryptedSide = outer;
    const tls = new TLSSocket(inner, { isServer: true, secureContext: this.settings.secureContext });
    this.tls = tls;
    outer.on('data', (chunk: Buffer) => this.onTlsOutput(chunk));
    outer.on('end', () => this.socket.end());
    tls.on('secure', () => {
      this.record.tlsUp = true;
      this.record.tlsServerName = (tls as TLSSocket & { servername?: string | false }).servername || undefined;
    });
    tls.on('data', (chunk: Buffer) => this.readMessages(this.tlsReader, chunk, 'tls'));
    tls.on('error', () => this.socket.destroy());
  }

  /** Handshake output goes back in one PRELOGIN per flight; after the last flight, raw on the socket. */
  private onTlsOutput(chunk: Buffer): void {
    if (this.rawTls) {
      this.socket.write(chunk);
      return;
    }
    this.flight.push(chunk);
    if (!this.flights.push(chunk)) return;
    this.socket.write(framePackets(PACKET.PRELOGIN, Buffer.concat(this.flight)));
    this.flight = [];
    this.rawTls = this.flights.finished;
  }

  private send(tokens: TokenWriter): void {
    const bytes = framePackets(PACKET.TABULAR_RESULT, tokens.toBuffer(), this.packetSize);
    if (this.tls) this.tls.write(bytes);
    else this.socket.write(bytes);
  }

  private get serverShortName(): string {
    return (this.login?.serverName ?? '').split('.')[0] ?? '';
  }

  private async onLogin7(payload: Buffer, layer: Layer): Promise<void> {
    const login = parseLogin7(payload);
    this.login = login;
    this.packetSize = login.packetSize || 4096;
    const fedAuth = login.fedAuth;
    this.record.login = {
      serverName: login.serverName, database: login.database, hostname: login.hostname,
      appName: login.appName, libraryName: login.libraryName,
      fedAuth: fedAuth && { library: fedAuth.library, echo: fedAuth.echo, workflow: fedAuth.workflow },
    };
    if (fedAuth?.library === 'securityToken' && fedAuth.token !== undefined) return this.logIn(fedAuth.token, 'login7', layer);
    if (fedAuth?.library === 'msal') {
      this.send(new TokenWriter().fedAuthInfo(this.settings.stsUrl, this.settings.spn));
      return;
    }
    this.refuseLogin({ number: 18456, state: 1, class: 14, message: `Login failed for user '${login.userName}'.` });
  }

  private async onFedAuthToken(payload: Buffer, layer: Layer): Promise<void> {
    await this.logIn(parseFedAuthToken(payload), 'fedauth-token', layer);
  }

  private async logIn(token: string, via: 'login7' | 'fedauth-token', layer: Layer): Promise<void> {
    this.record.token = { via, layer, length: token.length, claims: tokenClaims(token) };
    const login = this.login!;
    const database = login.database || 'master';
    try {
      this.session = await this.settings.backend.login({
        serverName: login.serverName, database, accessToken: token, clientIp: this.record.clientIp,
      });
    } catch (error) {
      if (!isServerMessage(error)) throw error;
      this.refuseLogin(error);
      return;
    }
    const info = (number: number, message: string) => ({ number, state: 1, class: 0, message, serverName: this.serverShortName });
    const size = String(this.packetSize);
    this.send(new TokenWriter()
      .envChangeText(1, database, 'master')
      .info(info(5701, `Changed database context to '${database}'.`))
      .envChangeBytes(7, DEFAULT_COLLATION, Buffer.alloc(0))
      .envChangeText(2, 'us_english', '')
      .info(info(5703, 'Changed language setting to us_english.'))
      .loginAck()
      .featureExtAckFedAuth()
      .envChangeText(4, size, size)
      .done(DONE_STATUS.FINAL));
  }

  /** A refused login: ERROR then DONE with the error bit, and the server hangs up (as Azure does). */
  private refuseLogin(error: TdsServerMessage): void {
    this.record.loginError = { number: error.number, message: error.message };
    this.send(new TokenWriter()
      .error(this.asServerMessage(error, 14))
      .done(DONE_STATUS.ERROR));
    this.hangUp();
  }

  /** Field by field: an Error's message is not an own enumerable property, so no spreading. */
  private asServerMessage(error: TdsServerMessage, defaultClass: number) {
    return {
      number: error.number, state: error.state ?? 1, class: error.class ?? defaultClass, message: error.message,
      lineNumber: error.lineNumber ?? 1, serverName: this.serverShortName,
    };
  }

  private hangUp(): void {
    if (this.tls) this.tls.end();
    else this.socket.end();
    setTimeout(() => this.socket.destroy(), 200).unref();
  }

  private transactionCount(): number {
    return this.session?.transactionCount?.() ?? this.trackedTranCount;
  }

  private async execute(request: ClientRequest): Promise<TdsResult> {
    const session = this.session;
    if (!session) throw new Error('test server: request before login');
    switch (request.kind) {
      case 'begin': {
        const result = await session.execute('BEGIN TRANSACTION');
        this.trackedTranCount += 1;
        return result;
      }
      case 'commit':
      case 'rollback': {
        const result = await session.execute(request.kind === 'commit' ? 'COMMIT TRANSACTION' : 'ROLLBACK TRANSACTION');
        this.trackedTranCount = 0;
        return result;
      }
      default:
        return session.execute(request.text, request.params);
    }
  }

  private async onRequest(request: ClientRequest, layer: Layer): Promise<void> {
    const text = 'text' in request ? request.text : '';
    const params = 'params' in request ? request.params : {};
    const received: ReceivedRequest = { kind: request.kind, text, params, layer };
    this.record.requests.push(received);
    const inProc = request.kind === 'rpc';
    const tokens = new TokenWriter();
    const before = this.transactionCount();
    let failed: TdsServerMessage | undefined;
    try {
      const result = await this.execute(request);
      this.writeResult(tokens, result, inProc);
    } catch (error) {
      failed = isServerMessage(error) ? error : { number: 50000, state: 1, class: 16, message: `test server: ${String(error)}` };
      received.error = failed.number;
      tokens.error(this.asServerMessage(failed, 16));
    }
    this.writeTransactionChange(tokens, before, request);
    const status = failed ? DONE_STATUS.ERROR : DONE_STATUS.FINAL;
    if (inProc) tokens.returnStatus(failed ? -6 : 0).done(status, 0, DONE_PROC);
    else tokens.done(status, 0, DONE);
    this.send(tokens);
  }

  private writeResult(tokens: TokenWriter, result: TdsResult, inProc: boolean): void {
    const doneToken = inProc ? DONE_IN_PROC : DONE;
    for (const message of result.messages ?? []) tokens.info(this.asServerMessage(message, 0));
    const sets = result.resultSets?.map((set) => ({ bytes: encodeTypedResultSet(set), count: set.rows.length }))
      ?? result.recordsets.map((rows) => ({ bytes: encodeResultSet(rows), count: rows.length }));
    for (const set of sets) tokens.raw(set.bytes).done(DONE_STATUS.MORE | DONE_STATUS.COUNT, set.count, doneToken);
    for (const count of result.rowsAffected) tokens.done(DONE_STATUS.MORE | DONE_STATUS.COUNT, count, doneToken);
  }

  /** ENVCHANGE begin/commit/rollback when @@TRANCOUNT crossed zero, so the driver tracks the transaction. */
  private writeTransactionChange(tokens: TokenWriter, before: number, request: ClientRequest): void {
    const after = this.transactionCount();
    if (before === 0 && after > 0) {
      this.descriptor = Buffer.alloc(8);
      this.descriptor.writeUInt32LE(Math.floor(Math.random() * 0xffffffff));
      tokens.envChangeBytes(8, this.descriptor, Buffer.alloc(0));
    } else if (before > 0 && after === 0) {
      const committed = request.kind === 'commit' || ('text' in request && /^\s*commit\b/i.test(request.text));
      tokens.envChangeBytes(committed ? 9 : 10, Buffer.alloc(0), this.descriptor);
    }
  }

  private fail(error: unknown): void {
    this.send(new TokenWriter()
      .error({ number: 50000, state: 1, class: 20, message: `test server: ${String(error)}`, serverName: this.serverShortName })
      .done(DONE_STATUS.ERROR));
    this.hangUp();
  }
}
