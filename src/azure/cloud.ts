// Which Azure cloud the run talks to: ARM endpoint, token audiences, SQL host suffix, login host.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AzureError, UsageError } from '../errors.js';

export interface Cloud {
  name: string;
  /** No trailing slash. */
  resourceManagerEndpoint: string;
  /** e.g. https://management.azure.com/.default */
  armScope: string;
  /** e.g. database.windows.net (no leading dot) */
  sqlHostSuffix: string;
  /** e.g. https://database.windows.net/.default */
  sqlScope: string;
  /** e.g. https://login.microsoftonline.com (no trailing slash) */
  loginEndpoint: string;
}

function builtIn(name: string, arm: string, sqlHostSuffix: string, loginEndpoint: string): Cloud {
  return { name, resourceManagerEndpoint: arm, armScope: `${arm}/.default`, sqlHostSuffix, sqlScope: `https://${sqlHostSuffix}/.default`, loginEndpoint };
}

export type BuiltInCloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

export const BUILT_IN_CLOUDS: Readonly<Record<BuiltInCloudName, Cloud>> = {
  AzureCloud: builtIn('AzureCloud', 'https://management.azure.com', 'database.windows.net', 'https://login.microsoftonline.com'),
  AzureUSGovernment: builtIn('AzureUSGovernment', 'https://management.usgovcloudapi.net', 'database.usgovcloudapi.net', 'https://login.microsoftonline.us'),
  AzureChinaCloud: builtIn('AzureChinaCloud', 'https://management.chinacloudapi.cn', 'database.chinacloudapi.cn', 'https://login.chinacloudapi.cn'),
};

export const DEFAULT_CLOUD_NAME = 'AzureCloud';

type Env = Record<string, string | undefined>;
type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

const METADATA_TIMEOUT_MS = 15_000;

/**
 * The cloud for this run: `name` if given, else the Azure CLI's active cloud, else AzureCloud.
 * With ARM_CLOUD_METADATA_URL set (as for the Azure CLI), the clouds listed there are the choices.
 */
export async function resolveCloud(name: string | undefined, env: Env = process.env, fetchImpl: FetchLike = fetch): Promise<Cloud> {
  const metadataUrl = env.ARM_CLOUD_METADATA_URL?.trim();
  const choices: readonly Cloud[] = metadataUrl ? await readCloudMetadata(metadataUrl, fetchImpl) : Object.values(BUILT_IN_CLOUDS);
  const find = (wanted: string) => choices.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (name !== undefined && name.trim() !== '') {
    const cloud = find(name.trim());
    if (!cloud) {
      const source = metadataUrl ? `the clouds listed at ARM_CLOUD_METADATA_URL (${metadataUrl})` : 'the known clouds';
      throw new UsageError(`Unknown cloud '${name}': it is not one of ${source}.`, `Use --cloud with one of: ${choices.map((c) => c.name).join(', ')}.`);
    }
    return cloud;
  }
  const cliCloud = activeCliCloudName(env);
  const fromCli = cliCloud ? find(cliCloud) : undefined;
  if (fromCli) return fromCli;
  if (choices.length === 1) return choices[0] as Cloud;
  return find(DEFAULT_CLOUD_NAME) ?? (choices[0] as Cloud);
}

/** The cloud the Azure CLI is set to (`az cloud set`): AZURE_CLOUD_NAME, else [cloud] name in its config file. */
export function activeCliCloudName(env: Env = process.env): string | undefined {
  if (env.AZURE_CLOUD_NAME?.trim()) return env.AZURE_CLOUD_NAME.trim();
  let text: string;
  try {
    text = readFileSync(join(azureConfigDir(env), 'config'), 'utf8');
  } catch {
    return undefined;
  }
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = (header[1] as string).trim().toLowerCase();
    const entry = /^name\s*[=:]\s*(.+)$/i.exec(line);
    if (section === 'cloud' && entry) return (entry[1] as string).trim();
  }
  return undefined;
}

/** The Azure CLI's configuration folder: AZURE_CONFIG_DIR, else ~/.azure. */
export function azureConfigDir(env: Env = process.env): string {
  return env.AZURE_CONFIG_DIR?.trim() || join(env.HOME || env.USERPROFILE || homedir(), '.azure');
}

async function readCloudMetadata(url: string, fetchImpl: FetchLike): Promise<Cloud[]> {
  let body: unknown;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new AzureError(
      `Could not read the cloud list from ARM_CLOUD_METADATA_URL (${url}): ${error instanceof Error ? error.message : String(error)}.`,
      'Check that the URL is right and reachable, or unset ARM_CLOUD_METADATA_URL to use the built-in clouds.',
      error,
    );
  }
  const entries = Array.isArray(body) ? body : [body];
  const clouds = entries.map((entry) => cloudFromMetadata(entry)).filter((c): c is Cloud => c !== undefined);
  if (clouds.length === 0) {
    throw new UsageError(
      `The cloud list at ARM_CLOUD_METADATA_URL (${url}) has no usable cloud (each needs name, resourceManager, authentication.loginEndpoint and suffixes.sqlServerHostname).`,
      'Point ARM_CLOUD_METADATA_URL at <resource manager>/metadata/endpoints?api-version=2022-09-01, or unset it.',
    );
  }
  return clouds;
}

/** One entry of <arm>/metadata/endpoints, or undefined when it lacks what the run needs. */
export function cloudFromMetadata(entry: unknown): Cloud | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as {
    name?: unknown;
    resourceManager?: unknown;
    authentication?: { loginEndpoint?: unknown; audiences?: unknown };
    suffixes?: { sqlServerHostname?: unknown };
  };
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const name = text(e.name);
  const arm = text(e.resourceManager)?.replace(/\/+$/, '');
  const login = text(e.authentication?.loginEndpoint)?.replace(/\/+$/, '');
  const sqlHostSuffix = text(e.suffixes?.sqlServerHostname)?.replace(/^\.+/, '');
  if (!name || !arm || !login || !sqlHostSuffix) return undefined;
  const audiences = Array.isArray(e.authentication?.audiences) ? (e.authentication.audiences as unknown[]) : [];
  // As the Azure CLI does: the first audience is the ARM token resource, scope = resource + '/.default'.
  const audience = text(audiences[0]) ?? arm;
  return { name, resourceManagerEndpoint: arm, armScope: `${audience}/.default`, sqlHostSuffix, sqlScope: `https://${sqlHostSuffix}/.default`, loginEndpoint: login };
}
