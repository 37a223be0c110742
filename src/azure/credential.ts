// The run's one TokenCredential: a small chain that remembers which sign-in worked and caches tokens,
// so every SDK client and the SQL driver share one `az` call per scope instead of one each.

import {
  AggregateAuthenticationError,
  AzureCliCredential,
  AzureDeveloperCliCredential,
  DeviceCodeCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { Cloud } from './cloud.js';

export type AuthMethod = 'cli' | 'azd' | 'env' | 'managed-identity' | 'device-code';
export const AUTH_METHODS: readonly AuthMethod[] = ['cli', 'azd', 'env', 'managed-identity', 'device-code'];

export interface SignInSource {
  /** In the user's words, e.g. 'the Azure CLI'; reads after "signed in through". */
  name: string;
  method?: AuthMethod;
  credential: TokenCredential;
}

// A token this close to expiry is fetched again rather than handed to a client.
const EXPIRY_MARGIN_MS = 2 * 60_000;

/** Tries each source in order until one gives a token, then sticks to that one for the rest of the run. */
export class SignInCredential implements TokenCredential {
  private chosen: SignInSource | undefined;
  private readonly cache = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly sources: readonly SignInSource[],
    /** What to do when nobody is signed in, for this choice of sources. */
    readonly signInHint: string,
  ) {}

  /** The source that gave the first token, e.g. 'the Azure CLI'; undefined before any token. */
  get via(): string | undefined {
    return this.chosen?.name;
  }

  /** How the first token was had (e.g. 'cli'); undefined before any token. */
  get viaMethod(): AuthMethod | undefined {
    return this.chosen?.method;
  }

  describe(): string {
    return this.via ?? this.sources.map((s) => s.name).join(', then ');
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    // A claims challenge asks for a fresh token; never answer it from the cache.
    if (options?.claims) return this.fetch(scopes, options);
    const key = `${[scopes].flat().join(' ')}|${options?.tenantId ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) {
      return cached.then(
        (token) => (token.expiresOnTimestamp - Date.now() > EXPIRY_MARGIN_MS ? token : this.refresh(key, scopes, options)),
        () => this.refresh(key, scopes, options),
      );
    }
    return this.refresh(key, scopes, options);
  }

  private refresh(key: string, scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const pending = this.fetch(scopes, options);
    this.cache.set(key, pending);
    pending.catch(() => {
      if (this.cache.get(key) === pending) this.cache.delete(key);
    });
    return pending;
  }

  private async fetch(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (this.chosen) return requireToken(await this.chosen.credential.getToken(scopes, options), this.chosen.name);
    const unavailable: Error[] = [];
    for (const source of this.sources) {
      let token: AccessToken | null;
      try {
        token = await source.credential.getToken(scopes, options);
      } catch (error) {
        if (isUnavailable(error)) {
          unavailable.push(error as Error);
          continue;
        }
        throw error;
      }
      this.chosen ??= source;
      return requireToken(token, source.name);
    }
    const reasons = unavailable.map((e, i) => `${this.sources[i]?.name ?? 'sign-in'}: ${firstLine(e.message)}`).join('; ');
    throw new AggregateAuthenticationError(unavailable, `No Azure sign-in was found (${reasons}).`);
  }
}

function isUnavailable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError';
}

function requireToken(token: AccessToken | null, name: string): AccessToken {
  if (!token) throw new Error(`Signing in through ${name} gave no access token.`);
  return token;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}

type Env = Record<string, string | undefined>;

export interface CreateCredentialOptions {
  env?: Env;
  /** Where the device code prompt goes (default: process.stderr). */
  writePrompt?: (text: string) => void;
}

const HINT_DEFAULT = 'Run `az login` (or `azd auth login`), then run this again.';

/** The run's credential for `--auth <method>`, or the workstation default chain (CLI, azd, environment). */
export function createCredential(
  method: AuthMethod | undefined,
  cloud: Cloud,
  tenantId?: string,
  options: CreateCredentialOptions = {},
): { credential: SignInCredential; describe: () => string; method: () => AuthMethod | undefined } {
  const env = options.env ?? process.env;
  const authorityHost = cloud.loginEndpoint;
  const cli = (): SignInSource => ({ name: 'the Azure CLI', method: 'cli', credential: new AzureCliCredential({ tenantId }) });
  const azd = (): SignInSource => ({ name: 'the Azure Developer CLI', method: 'azd', credential: new AzureDeveloperCliCredential({ tenantId }) });
  const environment = (): SignInSource => ({
    name: 'environment variables (AZURE_CLIENT_ID)',
    method: 'env',
    credential: new EnvironmentCredential({ authorityHost }),
  });
  let credential: SignInCredential;
  switch (method) {
    case undefined: {
      const sources = [cli(), azd()];
      // Only when configured: EnvironmentCredential without its variables only adds noise to the error.
      if (env.AZURE_CLIENT_ID && env.AZURE_TENANT_ID) sources.push(environment());
      credential = new SignInCredential(sources, HINT_DEFAULT);
      break;
    }
    case 'cli':
      credential = new SignInCredential([cli()], 'Run `az login`, then run this again.');
      break;
    case 'azd':
      credential = new SignInCredential([azd()], 'Run `azd auth login`, then run this again.');
      break;
    case 'env':
      credential = new SignInCredential(
        [environment()],
        'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), then run this again.',
      );
      break;
    case 'managed-identity': {
      const clientId = env.AZURE_CLIENT_ID?.trim();
      const mi = clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
      credential = new SignInCredential(
        [{ name: clientId ? `the managed identity ${clientId}` : 'the managed identity', method: 'managed-identity', credential: mi }],
        '--auth managed-identity works only on an Azure host with a managed identity (set AZURE_CLIENT_ID for a user-assigned one).',
      );
      break;
    }
    case 'device-code': {
      const writePrompt = options.writePrompt ?? ((text: string) => void process.stderr.write(text));
      const deviceCode = new DeviceCodeCredential({ tenantId, authorityHost, userPromptCallback: (info) => writePrompt(`${info.message}\n`) });
      credential = new SignInCredential([{ name: 'a device code sign-in', method: 'device-code', credential: deviceCode }], 'Complete the device code sign-in, then run this again.');
      break;
    }
    default:
      throw new Error(`Unknown auth method: ${String(method satisfies never)}`);
  }
  return { credential, describe: () => credential.describe(), method: () => credential.viaMethod };
}
