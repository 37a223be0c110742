// Can the app reach the server at all? Access without a network path still fails (40615 in the app's logs).
import type { Observed } from './observed.js';

export type Reachability =
  | { kind: 'azure-services' }
  | { kind: 'outbound-ips'; covered: number; total: number }
  | { kind: 'private-only' }
  /** Azure lists no outbound IPs (Linux Consumption and Flex Consumption apps send ""): no rule per IP can cover it. */
  | { kind: 'no-listed-ips' }
  | { kind: 'blocked'; total: number };

export function appReachability(observed: Pick<Observed, 'app' | 'server'>): Reachability {
  const { server, app } = observed;
  if (server.publicNetworkAccess === 'Disabled') return { kind: 'private-only' };
  if (server.firewallRules.some((r) => r.startIpAddress === '0.0.0.0' && r.endIpAddress === '0.0.0.0')) return { kind: 'azure-services' };
  const ips = app.possibleOutboundIpAddresses;
  if (ips.length === 0) return { kind: 'no-listed-ips' };
  const covered = ips.filter((ip) => server.firewallRules.some((r) => inRange(ip, r.startIpAddress, r.endIpAddress))).length;
  if (covered > 0) return { kind: 'outbound-ips', covered, total: ips.length };
  return { kind: 'blocked', total: ips.length };
}

function inRange(ip: string, start: string, end: string): boolean {
  const n = toNumber(ip);
  return n !== undefined && n >= (toNumber(start) ?? Infinity) && n <= (toNumber(end) ?? -Infinity);
}

function toNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}
