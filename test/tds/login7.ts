// LOGIN7 (MS-TDS 2.2.6.4): a 94-byte fixed part of offsets/lengths, UCS-2 strings, and for TDS 7.4
// a FeatureExt block; the FEDAUTH feature says how the Entra token travels.

export interface FedAuthRequest {
  /** 'securityToken': the token is in this LOGIN7; 'msal' (ADAL): the server must send FEDAUTHINFO first. */
  library: 'securityToken' | 'msal' | 'unknown';
  echo: boolean;
  /** MSAL workflow byte: 1 user/password, 2 integrated (what tedious sends for token-credential). */
  workflow?: number;
  /** Only for 'securityToken'. Never logged or stored by the server. */
  token?: string;
}

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  hostname: string;
  userName: string;
  appName: string;
  serverName: string;
  libraryName: string;
  language: string;
  database: string;
  fedAuth: FedAuthRequest | undefined;
}

const FEATURE_FEDAUTH = 0x02;
const FEATURE_TERMINATOR = 0xff;
const FLAG3_EXTENSION = 0x10;

function ucs2(payload: Buffer, fieldOffset: number): string {
  const offset = payload.readUInt16LE(fieldOffset);
  const chars = payload.readUInt16LE(fieldOffset + 2);
  return payload.toString('utf16le', offset, offset + chars * 2);
}

function parseFedAuth(data: Buffer): FedAuthRequest {
  const options = data[0]!;
  const library = options >> 1;
  const echo = (options & 0x01) === 1;
  if (library === 0x01) {
    const length = data.readUInt32LE(1);
    return { library: 'securityToken', echo, token: data.toString('utf16le', 5, 5 + length) };
  }
  if (library === 0x02) return { library: 'msal', echo, workflow: data[1] };
  return { library: 'unknown', echo };
}

function parseFeatureExt(payload: Buffer, offset: number): FedAuthRequest | undefined {
  let fedAuth: FedAuthRequest | undefined;
  while (offset < payload.length && payload[offset] !== FEATURE_TERMINATOR) {
    const id = payload[offset]!;
    const length = payload.readUInt32LE(offset + 1);
    const data = payload.subarray(offset + 5, offset + 5 + length);
    if (id === FEATURE_FEDAUTH) fedAuth = parseFedAuth(data);
    offset += 5 + length;
  }
  return fedAuth;
}

export function parseLogin7(payload: Buffer): Login7 {
  const optionFlags3 = payload[27]!;
  let fedAuth: FedAuthRequest | undefined;
  if (optionFlags3 & FLAG3_EXTENSION) {
    const pointerOffset = payload.readUInt16LE(56);
    fedAuth = parseFeatureExt(payload, payload.readUInt32LE(pointerOffset));
  }
  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    hostname: ucs2(payload, 36),
    userName: ucs2(payload, 40),
    appName: ucs2(payload, 48),
    serverName: ucs2(payload, 52),
    libraryName: ucs2(payload, 60),
    language: ucs2(payload, 64),
    database: ucs2(payload, 68),
    fedAuth,
  };
}

/** FEDAUTH_TOKEN message (0x08): DataLen, then the token as L_VARBYTE (UCS-2), then an optional nonce. */
export function parseFedAuthToken(payload: Buffer): string {
  const length = payload.readUInt32LE(4);
  return payload.toString('utf16le', 8, 8 + length);
}
