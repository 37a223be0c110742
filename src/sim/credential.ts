// The simulated sign-in: access tokens for the world's signed-in directory object, shaped like
// Entra ID v1 access tokens (the claims the engine reads), unsigned because nothing verifies them.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { WorldStore } from './store.js';
import type { DirectoryObject, World } from './world.js';

const TOKEN_LIFETIME_SECONDS = 3600;
/** The Azure CLI's public client id: what a user token from `az login` carries as appid. */
const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export class SimCredential implements TokenCredential {
  constructor(private readonly store: WorldStore) {}

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    if (!scope) throw new Error('SimCredential: getToken needs a scope.');
    const me = signedInObject(this.store.world);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: audienceOfScope(scope),
      iss: `https://sts.windows.net/${this.store.world.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      ver: '1.0',
      tid: this.store.world.tenantId,
      oid: me.objectId,
      sub: me.objectId,
      ...identityClaims(me),
    };
    return {
      token: encodeUnsignedJwt(claims),
      expiresOnTimestamp: claims.exp * 1000,
      refreshAfterTimestamp: (claims.exp - TOKEN_LIFETIME_SECONDS / 2) * 1000,
      tokenType: 'Bearer',
    };
  }
}

/** The token audience for a scope: the resource without '/.default'. */
export function audienceOfScope(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/** The payload of a JWT, not verified. Throws when the token is not a JWT. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) throw new Error('Not a JWT: expected three dot-separated parts.');
  const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new Error('Not a JWT: the payload is not a JSON object.');
  }
  return payload as Record<string, unknown>;
}

export function encodeUnsignedJwt(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${header}.${payload}.`;
}

function signedInObject(world: World): DirectoryObject {
  const me = world.directory.find((o) => o.objectId === world.signedInObjectId);
  if (!me) {
    const error = new Error('Nobody is signed in to the simulated tenant.');
    error.name = 'CredentialUnavailableError';
    throw error;
  }
  return me;
}

function identityClaims(me: DirectoryObject): Record<string, unknown> {
  if (me.kind === 'servicePrincipal') {
    return { appid: me.appId, azp: me.appId, appidacr: '1', idtyp: 'app' };
  }
  return {
    upn: me.userPrincipalName,
    unique_name: me.userPrincipalName,
    name: me.displayName,
    appid: AZURE_CLI_APP_ID,
    appidacr: '0',
    idtyp: 'user',
  };
}
