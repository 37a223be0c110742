import { describe, expect, it } from 'vitest';
import { CredentialUnavailableError, type AccessToken, type TokenCredential } from '@azure/identity';
import { BUILT_IN_CLOUDS } from '../../src/azure/cloud.js';
import { SignInCredential } from '../../src/azure/credential.js';
import { readSignedInUser } from '../../src/azure/signed-in.js';
import { AzureError, UsageError } from '../../src/errors.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

function fixed(token: string): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(s: string | string[]): Promise<AccessToken> {
      scopes.push(...[s].flat());
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

const cloud = BUILT_IN_CLOUDS.AzureCloud;

describe('readSignedInUser', () => {
  it('reads a user from the ARM token: object id, tenant, UPN', async () => {
    const credential = fixed(jwt({ oid: '11111111-2222-3333-4444-555555555555', tid: TENANT, upn: 'dana@contoso.com', appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', idtyp: 'user' }));
    const me = await readSignedInUser(credential, cloud);
    expect(me).toEqual({ objectId: '11111111-2222-3333-4444-555555555555', tenantId: TENANT, kind: 'user', name: 'dana@contoso.com' });
    expect(credential.scopes).toEqual(['https://management.azure.com/.default']);
  });

  it('falls back to unique_name, then preferred_username, for users', async () => {
    const me = await readSignedInUser(fixed(jwt({ oid: 'o', tid: TENANT, unique_name: 'live.com#guest@outlook.com' })), cloud);
    expect(me.name).toBe('live.com#guest@outlook.com');
    const me2 = await readSignedInUser(fixed(jwt({ oid: 'o', tid: TENANT, preferred_username: 'p@contoso.com' })), cloud);
    expect(me2).toMatchObject({ kind: 'user', name: 'p@contoso.com' });
  });

  it('reads an app (service principal or managed identity) with its client id', async () => {
    const me = await readSignedInUser(fixed(jwt({ oid: 'sp-object', tid: TENANT, appid: 'client-1', idtyp: 'app' })), cloud);
    expect(me).toEqual({ objectId: 'sp-object', tenantId: TENANT, kind: 'app', name: 'client-1', appId: 'client-1' });
    // v2 tokens name the client in azp and may lack idtyp.
    const v2 = await readSignedInUser(fixed(jwt({ oid: 'sp-object', tid: TENANT, azp: 'client-2' })), cloud);
    expect(v2).toMatchObject({ kind: 'app', appId: 'client-2' });
  });

  it('says through which sign-in, when the chain found one', async () => {
    const chain = new SignInCredential(
      [
        { name: 'the Azure CLI', credential: { getToken: async () => Promise.reject(new CredentialUnavailableError('Please run az login')) } },
        { name: 'the Azure Developer CLI', credential: fixed(jwt({ oid: 'o', tid: TENANT, upn: 'u@contoso.com' })) },
      ],
      'Run `az login`.',
    );
    expect((await readSignedInUser(chain, cloud)).via).toBe('the Azure Developer CLI');
  });

  it('nobody signed in: a usage error saying what to run, exit 2', async () => {
    const chain = new SignInCredential(
      [{ name: 'the Azure CLI', credential: { getToken: async () => Promise.reject(new CredentialUnavailableError('Please run az login')) } }],
      'Run `az login` (or `azd auth login`), then run this again.',
    );
    const error = await readSignedInUser(chain, cloud).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('Not signed in to Azure.');
    expect((error as UsageError).suggestion).toBe('Run `az login` (or `azd auth login`), then run this again.');
    expect((error as UsageError).exitCode).toBe(2);
  });

  it('never puts the token in an error', async () => {
    const secret = 'not-a-jwt-but-secret-value';
    const error = await readSignedInUser(fixed(secret), cloud).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect(JSON.stringify({ m: (error as Error).message, s: (error as AzureError).suggestion })).not.toContain(secret);
    const noOid = await readSignedInUser(fixed(jwt({ tid: TENANT })), cloud).catch((e: unknown) => e);
    expect((noOid as Error).message).toContain('no oid or tid');
  });
});
