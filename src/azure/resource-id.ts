// ARM resource ids: parse and build. ARM returns segment keys in varying case
// ('resourceGroups' and 'resourcegroups'), so keys are matched case-insensitively.

import { UsageError } from '../errors.js';

export interface ResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  /** e.g. 'Microsoft.Web'. */
  provider?: string;
  /** The type chain under the provider, e.g. ['sites', 'slots']. */
  types: string[];
  /** One name per type, e.g. ['my-app', 'staging']. */
  names: string[];
  /** The last name: the resource's own name. */
  name: string;
}

export function isResourceId(value: string): boolean {
  return /^\/subscriptions\//i.test(value.trim());
}

/** Parses '/subscriptions/{s}[/resourceGroups/{g}][/providers/{ns}/{type}/{name}[/{type}/{name}]...]'; undefined when malformed. */
export function parseResourceId(id: string): ResourceId | undefined {
  const parts = id.trim().replace(/\/+$/, '').split('/');
  if (parts[0] !== '' || parts.length < 3) return undefined;
  const segments = parts.slice(1);
  if (segments.some((s) => s === '')) return undefined;
  let i = 0;
  const key = () => segments[i]?.toLowerCase();
  if (key() !== 'subscriptions') return undefined;
  const subscriptionId = segments[i + 1];
  if (!subscriptionId) return undefined;
  i += 2;
  let resourceGroup: string | undefined;
  if (key() === 'resourcegroups') {
    resourceGroup = segments[i + 1];
    if (!resourceGroup) return undefined;
    i += 2;
  }
  let provider: string | undefined;
  const types: string[] = [];
  const names: string[] = [];
  if (key() === 'providers') {
    provider = segments[i + 1];
    if (!provider) return undefined;
    i += 2;
    while (i < segments.length) {
      const type = segments[i];
      const name = segments[i + 1];
      if (type === undefined || name === undefined) return undefined;
      types.push(type);
      names.push(name);
      i += 2;
    }
    if (types.length === 0) return undefined;
  }
  if (i !== segments.length) return undefined;
  const name = names.at(-1) ?? resourceGroup ?? subscriptionId;
  return { subscriptionId, resourceGroup, provider, types, names, name };
}

/** Builds '/subscriptions/{s}/resourceGroups/{g}/providers/{provider}/{type}/{name}/...' (types and names pair up). */
export function buildResourceId(parts: { subscriptionId: string; resourceGroup: string; provider: string; types: string[]; names: string[] }): string {
  if (parts.types.length === 0 || parts.types.length !== parts.names.length) {
    throw new Error('buildResourceId: every type needs exactly one name');
  }
  const chain = parts.types.map((t, i) => `${t}/${parts.names[i] as string}`).join('/');
  return `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroup}/providers/${parts.provider}/${chain}`;
}

/** True when the id is of the given provider and type chain, e.g. ('Microsoft.Sql', ['servers']). */
export function isResourceOfType(id: ResourceId, provider: string, types: string[]): boolean {
  return (
    id.provider?.toLowerCase() === provider.toLowerCase() &&
    id.types.length === types.length &&
    id.types.every((t, i) => t.toLowerCase() === types[i]?.toLowerCase())
  );
}

/** ARM ids compare case-insensitively. */
export function sameResourceId(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

export function siteResourceId(app: { subscriptionId: string; resourceGroup: string; name: string; slot?: string }): string {
  const types = app.slot ? ['sites', 'slots'] : ['sites'];
  const names = app.slot ? [app.name, app.slot] : [app.name];
  return buildResourceId({ subscriptionId: app.subscriptionId, resourceGroup: app.resourceGroup, provider: 'Microsoft.Web', types, names });
}

export function sqlServerResourceId(ref: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return buildResourceId({ subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, provider: 'Microsoft.Sql', types: ['servers'], names: [ref.name] });
}

export interface UserAssignedIdentityRef {
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const IDENTITY_ID_EXAMPLE =
  '/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>';

/** A user-assigned identity's resource id, or a UsageError saying what one looks like. */
export function parseUserAssignedIdentityId(id: string): UserAssignedIdentityRef {
  const parsed = parseResourceId(id);
  if (!parsed || !parsed.resourceGroup || !isResourceOfType(parsed, 'Microsoft.ManagedIdentity', ['userAssignedIdentities'])) {
    throw new UsageError(
      `'${id}' is not the resource id of a user-assigned managed identity.`,
      `Give the identity's full resource id, like ${IDENTITY_ID_EXAMPLE} (shown by \`az identity show -g <group> -n <name> --query id\`).`,
    );
  }
  return { resourceId: id.trim(), subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}

/** A SQL server's resource id as { subscriptionId, resourceGroup, name }, or a UsageError. */
export function parseSqlServerId(id: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const parsed = parseResourceId(id);
  if (!parsed || !parsed.resourceGroup || !isResourceOfType(parsed, 'Microsoft.Sql', ['servers'])) {
    throw new UsageError(
      `'${id}' is not the resource id of an Azure SQL logical server.`,
      'Give the server name, or its full resource id: /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Sql/servers/<name>.',
    );
  }
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}

/** The resource group named in an id ARM returned; '' when it has none. */
export function resourceGroupOf(id: string | undefined): string {
  return (id && parseResourceId(id)?.resourceGroup) || '';
}
