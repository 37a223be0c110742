import { describe, expect, it } from 'vitest';
import { AggregateAuthenticationError, AuthenticationError, CredentialUnavailableError, type AccessToken, type TokenCredential } from '@azure/identity';
import { BUILT_IN_CLOUDS } from '../../src/azure/cloud.js';
import { SignInCredential, createCredential } from '../../src/azure/credential.js';

function counting(token: string, expiresInMs = 3600_000): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls++;
      return { token: `${token}-${credential.calls}`, expiresOnTimestamp: Date.now() + expiresInMs };
    },
  };
  return credential;
}

const unavailable = (message: string): TokenCredential => ({ getToken: () => Promise.reject(new CredentialUnavailableError(message)) });

describe('SignInCredential', () => {
  it('uses the first source that signs in, and stays with it', async () => {
    const azd = counting('azd');
    const env = counting('env');
    const chain = new SignInCredential([{ name: 'the Azure CLI', credential: unavailable('az not found') }, { name: 'the Azure Developer CLI', credential: azd }, { name: 'env', credential: env }], '');
    expect(chain.describe()).toBe('the Azure CLI, then the Azure Developer CLI, then env');
    await chain.getToken('https://management.azure.com/.default');
    await chain.getToken('https://database.windows.net/.default');
    expect(chain.via).toBe('the Azure Developer CLI');
    expect(chain.describe()).toBe('the Azure Developer CLI');
    expect(azd.calls).toBe(2);
    expect(env.calls).toBe(0);
  });

  it('asks once per scope: concurrent and later requests share the token', async () => {
    const cli = counting('cli');
    const chain = new SignInCredential([{ name: 'cli', credential: cli }], '');
    const scope = 'https://management.azure.com/.default';
    const [a, b] = await Promise.all([chain.getToken(scope), chain.getToken(scope)]);
    const c = await chain.getToken([scope]);
    expect(cli.calls).toBe(1);
    expect(a?.token).toBe(b?.token);
    expect(c?.token).toBe(a?.token);
    // A claims challenge bypasses the cache.
    await chain.getToken(scope, { claims: '{"access_token":{}}' });
    expect(cli.calls).toBe(2);
  });

  it('asks again for a token about to expire', async () => {
    const cli = counting('cli', 30_000);
    const chain = new SignInCredential([{ name: 'cli', credential: cli }], '');
    await chain.getToken('s');
    await chain.getToken('s');
    expect(cli.calls).toBe(2);
  });

  it('all unavailable: an AggregateAuthenticationError naming each source; a real failure stops the chain', async () => {
    const chain = new SignInCredential([{ name: 'the Azure CLI', credential: unavailable('Please run az login') }, { name: 'the Azure Developer CLI', credential: unavailable('azd not found') }], '');
    const error = await chain.getToken('s').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateAuthenticationError);
    expect((error as Error).message).toContain('the Azure CLI: Please run az login');
    expect((error as Error).message).toContain('the Azure Developer CLI: azd not found');

    const later = counting('later');
    const failing: TokenCredential = { getToken: () => Promise.reject(new AuthenticationError(400, { error: 'invalid_client', error_description: 'bad secret' })) };
    const stops = new SignInCredential([{ name: 'env', credential: failing }, { name: 'later', credential: later }], '');
    await expect(stops.getToken('s')).rejects.toBeInstanceOf(AuthenticationError);
    expect(later.calls).toBe(0);
  });
});

describe('createCredential', () => {
  const cloud = BUILT_IN_CLOUDS.AzureCloud;
  it('default: Azure CLI, then azd; environment only when its variables are set; never managed identity', () => {
    expect(createCredential(undefined, cloud, undefined, { env: {} }).describe()).toBe('the Azure CLI, then the Azure Developer CLI');
    const withEnv = createCredential(undefined, cloud, undefined, { env: { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' } });
    expect(withEnv.describe()).toBe('the Azure CLI, then the Azure Developer CLI, then environment variables (AZURE_CLIENT_ID)');
  });

  it('--auth picks exactly one sign-in, with its own hint', () => {
    expect(createCredential('azd', cloud).describe()).toBe('the Azure Developer CLI');
    expect(createCredential('managed-identity', cloud, undefined, { env: { AZURE_CLIENT_ID: 'abc' } }).describe()).toBe('the managed identity abc');
    expect(createCredential('env', cloud).credential.signInHint).toContain('AZURE_CLIENT_SECRET');
    expect(createCredential('device-code', cloud, undefined, { writePrompt: () => {} }).describe()).toBe('a device code sign-in');
  });
});
