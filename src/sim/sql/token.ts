// The claims of an Entra access token, read without validation (the simulator trusts its own tokens).

export interface TokenClaims {
  oid?: string;
  tid?: string;
  appid?: string;
  azp?: string;
  idtyp?: string;
  upn?: string;
  unique_name?: string;
  preferred_username?: string;
  aud?: string;
}

/** The JWT's middle part, base64url JSON; undefined when it is not a JWT. Never echoes the token. */
export function tokenClaims(accessToken: string): TokenClaims | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
