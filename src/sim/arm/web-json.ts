// How Microsoft.Web shows sites, slots and their app settings (api-version 2025-05-01 shapes).
import type { SimSite, SimSlot, World } from '../world.js';
import { identityJson } from './identity.js';

/** Microsoft.Web answers with the region's display name, not its programmatic name. */
const REGION_DISPLAY_NAMES: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  swedencentral: 'Sweden Central',
  uksouth: 'UK South',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus2: 'West US 2',
  centralus: 'Central US',
};

export function siteId(subscriptionId: string, site: SimSite): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${site.resourceGroup}/providers/Microsoft.Web/sites/${site.name}`;
}

export function slotId(subscriptionId: string, site: SimSite, slot: SimSlot): string {
  return `${siteId(subscriptionId, site)}/slots/${slot.name}`;
}

export function siteJson(world: World, subscriptionId: string, site: SimSite): Record<string, unknown> {
  return resourceJson(world, {
    id: siteId(subscriptionId, site),
    name: site.name,
    type: 'Microsoft.Web/sites',
    hostName: `${site.name}.azurewebsites.net`,
    subscriptionId,
    site,
    identity: site.identity,
  });
}

export function slotJson(world: World, subscriptionId: string, site: SimSite, slot: SimSlot): Record<string, unknown> {
  return resourceJson(world, {
    id: slotId(subscriptionId, site, slot),
    name: `${site.name}/${slot.name}`,
    type: 'Microsoft.Web/sites/slots',
    hostName: `${site.name}-${slot.name}.azurewebsites.net`,
    subscriptionId,
    site,
    identity: slot.identity,
  });
}

export function appSettingsJson(ownerId: string, ownerType: string, location: string, settings: Record<string, string>) {
  return {
    id: `${ownerId}/config/appsettings`,
    name: 'appsettings',
    type: `${ownerType}/config`,
    location: regionDisplayName(location),
    properties: { ...settings },
  };
}

export function regionDisplayName(location: string): string {
  return REGION_DISPLAY_NAMES[location.toLowerCase()] ?? location;
}

interface ResourceParts {
  id: string;
  name: string;
  type: string;
  hostName: string;
  subscriptionId: string;
  site: SimSite;
  identity: SimSite['identity'];
}

function resourceJson(world: World, p: ResourceParts): Record<string, unknown> {
  const { site } = p;
  const linux = site.kind.split(',').includes('linux');
  const outbound = site.possibleOutboundIpAddresses.slice(0, 4);
  const json: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    type: p.type,
    kind: site.kind,
    location: regionDisplayName(site.location),
    tags: {},
    properties: {
      name: p.name,
      state: 'Running',
      hostNames: [p.hostName],
      enabledHostNames: [p.hostName, p.hostName.replace('.azurewebsites.net', '.scm.azurewebsites.net')],
      defaultHostName: p.hostName,
      repositorySiteName: site.name,
      usageState: 'Normal',
      enabled: true,
      availabilityState: 'Normal',
      serverFarmId: `/subscriptions/${p.subscriptionId}/resourceGroups/${site.resourceGroup}/providers/Microsoft.Web/serverfarms/ASP-${site.resourceGroup.replace(/[^A-Za-z0-9]/g, '')}`,
      reserved: linux,
      isXenon: false,
      hyperV: false,
      httpsOnly: true,
      clientAffinityEnabled: false,
      publicNetworkAccess: 'Enabled',
      resourceGroup: site.resourceGroup,
      outboundIpAddresses: outbound.join(','),
      possibleOutboundIpAddresses: site.possibleOutboundIpAddresses.join(','),
    },
  };
  const identity = identityJson(world, p.identity);
  if (identity) json.identity = identity;
  return json;
}
