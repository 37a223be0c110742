import { describe, expect, it } from 'vitest';
import { appReachability } from '../../src/engine/app-reachability.js';

function observed(rules: [string, string][], options: { ips?: string[]; publicNetworkAccess?: string } = {}) {
  return {
    app: { possibleOutboundIpAddresses: options.ips ?? ['198.51.100.10', '198.51.100.11'] },
    server: { publicNetworkAccess: options.publicNetworkAccess ?? 'Enabled', firewallRules: rules.map(([startIpAddress, endIpAddress], i) => ({ name: `r${i}`, startIpAddress, endIpAddress })) },
  } as unknown as Parameters<typeof appReachability>[0];
}

describe('can the app reach the server', () => {
  it('"Allow Azure services" admits it', () => {
    expect(appReachability(observed([['0.0.0.0', '0.0.0.0']]))).toEqual({ kind: 'azure-services' });
  });
  it('rules covering some outbound IPs are counted', () => {
    expect(appReachability(observed([['198.51.100.11', '198.51.100.20']]))).toEqual({ kind: 'outbound-ips', covered: 1, total: 2 });
  });
  it('no rule for any outbound IP: blocked', () => {
    expect(appReachability(observed([['203.0.113.0', '203.0.113.255']]))).toEqual({ kind: 'blocked', total: 2 });
  });
  it('no outbound IPs listed (Linux Consumption and Flex Consumption apps): not "blocked, 0 IPs"', () => {
    expect(appReachability(observed([['203.0.113.0', '203.0.113.255']], { ips: [] }))).toEqual({ kind: 'no-listed-ips' });
    expect(appReachability(observed([['0.0.0.0', '0.0.0.0']], { ips: [] }))).toEqual({ kind: 'azure-services' });
  });
  it('public access disabled: only a private endpoint or VNet path', () => {
    expect(appReachability(observed([['0.0.0.0', '0.0.0.0']], { publicNetworkAccess: 'Disabled' }))).toEqual({ kind: 'private-only' });
  });
});
