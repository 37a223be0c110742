// A temporary server firewall rule for exactly one IP (never a range, never "Allow Azure services").

import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { ServerRef } from '../engine/target.js';
import { isNotFound, translateArmError } from './arm-error.js';
import type { ArmClients } from './clients.js';

export const TEMPORARY_RULE_PREFIX = 'azsql-mi-setup-';

function describeServer(ref: ServerRef): string {
  return `SQL server ${ref.name} in resource group ${ref.resourceGroup} (subscription ${ref.subscriptionId})`;
}

/** Opens a rule for `ip` alone; its name says who made it, so a leftover one is recognisable. */
export async function openFirewallRule(clients: ArmClients, ref: ServerRef, ip: string): Promise<{ name: string }> {
  // Azure SQL firewall rules take IPv4 only; 0.0.0.0 would mean "Allow Azure services".
  if (!isIPv4(ip) || ip === '0.0.0.0') throw new Error(`Bug: refusing to open a firewall rule for '${ip}': not a single public IPv4 address.`);
  const name = `${TEMPORARY_RULE_PREFIX}${ip.replaceAll('.', '-')}-${randomBytes(3).toString('hex')}`;
  try {
    await clients.inSubscription(ref.subscriptionId).sql.firewallRules.createOrUpdate(ref.resourceGroup, ref.name, name, { startIpAddress: ip, endIpAddress: ip });
  } catch (error) {
    throw translateArmError(error, `a firewall rule for ${ip} on ${describeServer(ref)}`);
  }
  return { name };
}

/** Removes the rule; one that is already gone counts as removed. */
export async function closeFirewallRule(clients: ArmClients, ref: ServerRef, name: string): Promise<void> {
  try {
    await clients.inSubscription(ref.subscriptionId).sql.firewallRules.delete(ref.resourceGroup, ref.name, name);
  } catch (error) {
    if (isNotFound(error)) return;
    throw translateArmError(error, `firewall rule ${name} on ${describeServer(ref)}`);
  }
}
