import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSubscriptionIdFromCli } from '../../src/azure/subscriptions.js';

function configDir(profile: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'azprofile-'));
  if (profile !== undefined) writeFileSync(join(dir, 'azureProfile.json'), profile, 'utf8');
  return dir;
}

describe("the Azure CLI's default subscription", () => {
  it('is read from azureProfile.json, which starts with a byte order mark', () => {
    const dir = configDir(
      '\uFEFF' +
        JSON.stringify({
          installationId: 'i',
          subscriptions: [
            { id: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'Dev', isDefault: false },
            { id: 'aaaaaaaa-0000-0000-0000-000000000002', name: 'Prod', isDefault: true },
          ],
        }),
    );
    expect(defaultSubscriptionIdFromCli({ AZURE_CONFIG_DIR: dir })).toBe('aaaaaaaa-0000-0000-0000-000000000002');
  });

  it('is undefined without a profile, without a default, or with a broken file', () => {
    expect(defaultSubscriptionIdFromCli({ AZURE_CONFIG_DIR: configDir(undefined) })).toBeUndefined();
    expect(defaultSubscriptionIdFromCli({ AZURE_CONFIG_DIR: configDir('\uFEFF{"subscriptions":[{"id":"x","isDefault":false}]}') })).toBeUndefined();
    expect(defaultSubscriptionIdFromCli({ AZURE_CONFIG_DIR: configDir('\uFEFF{not json') })).toBeUndefined();
  });
});
