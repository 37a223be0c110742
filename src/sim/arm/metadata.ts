// The cloud metadata document ARM publishes at /metadata/endpoints (api-version 2022-09-01), so
// the simulator can stand in for a custom cloud: its own URL is the ARM endpoint and audience.
import type { World } from '../world.js';
import { jsonResponse, type ArmResponse } from './response.js';

export const SIM_CLOUD_NAME = 'SimCloud';

export function cloudMetadataResponse(world: World, origin: string): ArmResponse {
  return jsonResponse(200, [
    {
      name: SIM_CLOUD_NAME,
      portal: `${origin}/portal`,
      resourceManager: `${origin}/`,
      authentication: {
        loginEndpoint: 'https://login.sim.local',
        audiences: [`${origin}/`],
        tenant: 'common',
        identityProvider: 'AAD',
      },
      suffixes: {
        sqlServerHostname: sqlHostSuffix(world),
        storage: 'core.windows.net',
        keyVaultDns: 'vault.azure.net',
      },
    },
  ]);
}

/** The suffix the world's servers use, e.g. 'database.windows.net', so names and metadata agree. */
function sqlHostSuffix(world: World): string {
  const fqdn = world.subscriptions.flatMap((s) => s.sqlServers)[0]?.fullyQualifiedDomainName;
  return fqdn ? fqdn.slice(fqdn.indexOf('.') + 1) : 'database.windows.net';
}
