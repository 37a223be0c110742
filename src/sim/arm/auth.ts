// ARM's front door: a bearer token must be there, be a JWT for this endpoint's audience, unexpired,
// and from the world's tenant. Nothing is verified cryptographically; the token is never echoed.
import { decodeJwtPayload } from '../credential.js';
import type { World } from '../world.js';
import { ArmFault } from './response.js';

/** ARM endpoints that also accept the classic management audience. */
const CLASSIC_AUDIENCES: Record<string, string> = {
  'https://management.azure.com': 'https://management.core.windows.net',
  'https://management.usgovcloudapi.net': 'https://management.core.usgovcloudapi.net',
  'https://management.chinacloudapi.cn': 'https://management.core.chinacloudapi.cn',
};

export interface Caller {
  tenantMatches: boolean;
}

export function authenticate(world: World, headers: Record<string, string>, origin: string, now = Date.now()): Caller {
  const header = headerValue(headers, 'authorization');
  if (!header) {
    throw unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.");
  }
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtPayload(match[1]!);
  } catch {
    throw unauthorized('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  checkAudience(claims.aud, origin);
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) {
    const expiry = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : 'unknown';
    throw unauthorized(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${new Date(now).toISOString()}'.`,
    );
  }
  return { tenantMatches: typeof claims.tid === 'string' && claims.tid.toLowerCase() === world.tenantId.toLowerCase() };
}

/** What ARM answers a subscription-scoped request made with another tenant's token. */
export function wrongTenant(world: World): ArmFault {
  return unauthorized(
    'InvalidAuthenticationTokenTenant',
    `The access token is from the wrong issuer. It must match the tenant 'https://sts.windows.net/${world.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${world.tenantId}' to get the token.`,
  );
}

function checkAudience(aud: unknown, origin: string): void {
  const allowed = [origin, CLASSIC_AUDIENCES[origin]].filter((a): a is string => a !== undefined);
  const given = typeof aud === 'string' ? aud.replace(/\/+$/, '') : '';
  if (!allowed.some((a) => a.toLowerCase() === given.toLowerCase())) {
    const list = allowed.flatMap((a) => [`'${a}/'`, `'${a}'`]).join(',');
    throw unauthorized(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(aud)}'. It should exactly match with one of the allowed audiences ${list}.`,
    );
  }
}

function unauthorized(code: string, message: string): ArmFault {
  return new ArmFault(401, code, message, {
    'www-authenticate': `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${code}"`,
  });
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
