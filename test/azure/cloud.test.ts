import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CLOUDS, resolveCloud } from '../../src/azure/cloud.js';
import { UsageError, AzureError } from '../../src/errors.js';

// An empty config dir, so the developer's own `az cloud set` never leaks into these tests.
const emptyConfigDir = mkdtempSync(join(tmpdir(), 'azcfg-'));
const baseEnv = { AZURE_CONFIG_DIR: emptyConfigDir };

describe('resolveCloud, built-in clouds', () => {
  it('defaults to the public cloud with its ARM and SQL endpoints', async () => {
    const cloud = await resolveCloud(undefined, baseEnv);
    expect(cloud).toEqual({
      name: 'AzureCloud',
      resourceManagerEndpoint: 'https://management.azure.com',
      armScope: 'https://management.azure.com/.default',
      sqlHostSuffix: 'database.windows.net',
      sqlScope: 'https://database.windows.net/.default',
      loginEndpoint: 'https://login.microsoftonline.com',
    });
  });

  it('knows US Government and China by name, in any case', async () => {
    const gov = await resolveCloud('azureusgovernment', baseEnv);
    expect(gov.resourceManagerEndpoint).toBe('https://management.usgovcloudapi.net');
    expect(gov.sqlScope).toBe('https://database.usgovcloudapi.net/.default');
    expect(gov.loginEndpoint).toBe('https://login.microsoftonline.us');
    const china = await resolveCloud('AzureChinaCloud', baseEnv);
    expect(china.sqlHostSuffix).toBe('database.chinacloudapi.cn');
    expect(china.armScope).toBe('https://management.chinacloudapi.cn/.default');
    expect(china.loginEndpoint).toBe('https://login.chinacloudapi.cn');
  });

  it('follows the Azure CLI active cloud when no name is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'azcfg-'));
    writeFileSync(join(dir, 'config'), '[core]\noutput = json\n\n[cloud]\nname = AzureUSGovernment\n');
    expect((await resolveCloud(undefined, { AZURE_CONFIG_DIR: dir })).name).toBe('AzureUSGovernment');
    expect((await resolveCloud(undefined, { ...baseEnv, AZURE_CLOUD_NAME: 'AzureChinaCloud' })).name).toBe('AzureChinaCloud');
    // A name given wins over the CLI's choice.
    expect((await resolveCloud('AzureCloud', { AZURE_CONFIG_DIR: dir })).name).toBe('AzureCloud');
  });

  it('rejects an unknown cloud, listing the choices', async () => {
    const error = await resolveCloud('AzureGermanCloud', baseEnv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("Unknown cloud 'AzureGermanCloud'");
    expect((error as UsageError).suggestion).toContain('AzureCloud, AzureUSGovernment, AzureChinaCloud');
  });

  it('exposes the three built-in clouds by name', () => {
    expect(Object.keys(BUILT_IN_CLOUDS)).toEqual(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']);
  });
});

describe('resolveCloud with ARM_CLOUD_METADATA_URL', () => {
  const metadata = [
    {
      name: 'AzureStackLab',
      resourceManager: 'https://management.local.azurestack.external/',
      authentication: { loginEndpoint: 'https://adfs.local.azurestack.external/adfs/', audiences: ['https://management.adfs.azurestack.external/1c0e4d44'] },
      suffixes: { sqlServerHostname: '.sql.local.azurestack.external' },
    },
    {
      name: 'AzureCloud',
      resourceManager: 'https://management.azure.com/',
      authentication: { loginEndpoint: 'https://login.microsoftonline.com', audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'] },
      suffixes: { sqlServerHostname: '.database.windows.net' },
    },
  ];
  let server: Server;
  let url: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/metadata/endpoints')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the clouds from the URL: endpoint, audience and SQL suffix from there', async () => {
    const env = { ...baseEnv, ARM_CLOUD_METADATA_URL: `${url}/metadata/endpoints?api-version=2022-09-01` };
    const cloud = await resolveCloud('azurestacklab', env);
    expect(requests.at(-1)).toBe('/metadata/endpoints?api-version=2022-09-01');
    expect(cloud).toEqual({
      name: 'AzureStackLab',
      resourceManagerEndpoint: 'https://management.local.azurestack.external',
      armScope: 'https://management.adfs.azurestack.external/1c0e4d44/.default',
      sqlHostSuffix: 'sql.local.azurestack.external',
      sqlScope: 'https://sql.local.azurestack.external/.default',
      loginEndpoint: 'https://adfs.local.azurestack.external/adfs',
    });
  });

  it('defaults to AzureCloud when listed, and uses the audience as the Azure CLI does', async () => {
    const env = { ...baseEnv, ARM_CLOUD_METADATA_URL: `${url}/metadata/endpoints` };
    const cloud = await resolveCloud(undefined, env);
    expect(cloud.name).toBe('AzureCloud');
    expect(cloud.resourceManagerEndpoint).toBe('https://management.azure.com');
    expect(cloud.armScope).toBe('https://management.core.windows.net//.default');
  });

  it('offers only the listed clouds', async () => {
    const env = { ...baseEnv, ARM_CLOUD_METADATA_URL: `${url}/metadata/endpoints` };
    const error = await resolveCloud('AzureUSGovernment', env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).suggestion).toBe('Use --cloud with one of: AzureStackLab, AzureCloud.');
  });

  it('takes the first listed cloud when AzureCloud is not among them', async () => {
    const fetchImpl = async () => ({ ok: true, status: 200, json: async () => [metadata[0]] });
    const cloud = await resolveCloud(undefined, { ...baseEnv, ARM_CLOUD_METADATA_URL: 'https://arm.example/metadata/endpoints' }, fetchImpl);
    expect(cloud.name).toBe('AzureStackLab');
  });

  it('fails loudly when the URL cannot be read or lists nothing usable', async () => {
    const broken = await resolveCloud(undefined, { ...baseEnv, ARM_CLOUD_METADATA_URL: `${url}/nothing-here` }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(AzureError);
    expect((broken as Error).message).toContain('HTTP 404');
    const fetchImpl = async () => ({ ok: true, status: 200, json: async () => [{ name: 'x' }] });
    const empty = await resolveCloud(undefined, { ...baseEnv, ARM_CLOUD_METADATA_URL: 'https://arm.example/m' }, fetchImpl).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(UsageError);
  });
});
