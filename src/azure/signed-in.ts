// Who "me" is, from the ARM access token's claims (no Graph call). The token itself never leaves here.

import type { TokenCredential } from '@azure/identity';
import type { Me } from '../engine/observed.js';
import { AzureError, UsageError } from '../errors.js';
import type { Cloud } from './cloud.js';
import { SignInCredential } from './credential.js';

const NOT_SIGNED_IN_HINT = 'Run `az login` (or `azd auth login`), then run this again.';

export async function readSignedInUser(credential: TokenCredential, cloud: Cloud): Promise<Me & { via?: string }> {
  let token: string;
  try {
    const accessToken = await credential.getToken(cloud.armScope);
    if (!accessToken) throw new Error('The credential gave no access token.');
    token = accessToken.token;
  } catch (error) {
    throw signInError(error, credential);
  }
  const me = meFromClaims(decodeJwtPayload(token));
  const via = credential instanceof SignInCredential ? credential.via : undefined;
  return via ? { ...me, via } : me;
}

function signInError(error: unknown, credential: TokenCredential): Error {
  const name = (error as { name?: unknown } | null)?.name;
  const hint = credential instanceof SignInCredential ? credential.signInHint : NOT_SIGNED_IN_HINT;
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError' || name === 'AuthenticationRequiredError') {
    return new UsageError('Not signed in to Azure.', hint, error);
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new AzureError(`Signing in to Azure failed: ${message}`, hint, error);
}

export type TokenClaims = Record<string, unknown>;

/** The JWT's payload, not validated: ARM validates it; we only read who it names. */
export function decodeJwtPayload(token: string): TokenClaims {
  const payload = token.split('.')[1];
  try {
    if (!payload) throw new Error('no payload');
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('payload is not an object');
    return claims as TokenClaims;
  } catch (error) {
    // Never include the token in the message.
    throw new AzureError('The Azure access token could not be read (it is not a JSON Web Token).', 'Sign in again, then run this again.', error);
  }
}

export function meFromClaims(claims: TokenClaims): Me {
  const text = (key: string) => {
    const v = claims[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const objectId = text('oid');
  const tenantId = text('tid');
  if (!objectId || !tenantId) {
    throw new AzureError('The Azure access token does not say who is signed in (no oid or tid claim).', 'Sign in with a user or service principal, then run this again.');
  }
  const userName = text('upn') ?? text('unique_name') ?? text('preferred_username');
  const appId = text('appid') ?? text('azp');
  const isApp = text('idtyp') === 'app' || (userName === undefined && appId !== undefined);
  if (isApp) {
    const name = appId ?? objectId;
    return appId ? { objectId, tenantId, kind: 'app', name, appId } : { objectId, tenantId, kind: 'app', name };
  }
  return { objectId, tenantId, kind: 'user', name: userName ?? objectId };
}
