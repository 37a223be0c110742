// A TokenCredential for tests: mints an unsigned JWT with the claims a real Entra token carries and
// remembers which scopes it was asked for.
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export interface FakeCredential extends TokenCredential {
  scopesAsked: string[];
  /** The last token handed out, so a test can look for it where it must never be. */
  lastToken: string | undefined;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function fakeCredential(claims: { oid: string; tid: string; upn?: string; appid?: string; idtyp?: string }): FakeCredential {
  const credential: FakeCredential = {
    scopesAsked: [],
    lastToken: undefined,
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      credential.scopesAsked.push(scope);
      const expiresOnTimestamp = Date.now() + 3600_000;
      const payload = {
        aud: scope.replace(/\.default$/, ''),
        iss: `https://sts.windows.net/${claims.tid}/`,
        exp: Math.floor(expiresOnTimestamp / 1000),
        // a random nonce so each token is distinct and cannot match by accident
        uti: Math.random().toString(36).slice(2),
        ...claims,
      };
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
      credential.lastToken = token;
      return { token, expiresOnTimestamp };
    },
  };
  return credential;
}
