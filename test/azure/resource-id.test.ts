import { describe, expect, it } from 'vitest';
import { buildResourceId, parseResourceId, parseSqlServerId, parseUserAssignedIdentityId, siteResourceId } from '../../src/azure/resource-id.js';
import { UsageError } from '../../src/errors.js';

const SUB = '00000000-1111-2222-3333-444444444444';

describe('resource ids', () => {
  it('parses a slot id with case-insensitive keys (ARM writes resourcegroups in lower case sometimes)', () => {
    expect(parseResourceId(`/subscriptions/${SUB}/resourcegroups/rg-A/providers/Microsoft.Web/sites/my-app/slots/staging`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg-A',
      provider: 'Microsoft.Web',
      types: ['sites', 'slots'],
      names: ['my-app', 'staging'],
      name: 'staging',
    });
  });

  it('rejects malformed ids', () => {
    for (const bad of ['', 'my-app', '/subscriptions/', `/subscriptions/${SUB}/resourceGroups`, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites`]) {
      expect(parseResourceId(bad)).toBeUndefined();
    }
  });

  it('builds what it parses', () => {
    const id = buildResourceId({ subscriptionId: SUB, resourceGroup: 'rg', provider: 'Microsoft.Sql', types: ['servers'], names: ['s1'] });
    expect(id).toBe(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/s1`);
    expect(parseSqlServerId(id)).toEqual({ subscriptionId: SUB, resourceGroup: 'rg', name: 's1' });
    expect(siteResourceId({ subscriptionId: SUB, resourceGroup: 'rg', name: 'app', slot: 'dev' })).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/dev`,
    );
  });

  it('parses a user-assigned identity id, and says what one looks like when it is not one', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id`;
    expect(parseUserAssignedIdentityId(id)).toEqual({ resourceId: id, subscriptionId: SUB, resourceGroup: 'ids', name: 'orders-id' });
    const notIdentity = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app`;
    for (const bad of ['orders-id', notIdentity]) {
      const error = (() => {
        try {
          parseUserAssignedIdentityId(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).suggestion).toContain('Microsoft.ManagedIdentity/userAssignedIdentities/<name>');
    }
  });
});
