import { describe, expect, it } from 'vitest';
import { createArmClients } from '../../src/azure/clients.js';
import { readApp } from '../../src/azure/app.js';
import { readServer } from '../../src/azure/sql-server.js';
import { simArm } from './sim-setup.js';

describe('--debug request log', () => {
  it('names each ARM request with its status, from every client, and never a header or token', async () => {
    const sim = simArm();
    const lines: string[] = [];
    const clients = createArmClients({ ...sim.ctx, onRequest: (line) => lines.push(line) }, sim.dev.subscriptionId);
    await readApp(clients, { subscriptionId: sim.dev.subscriptionId, resourceGroup: 'rg-orders', name: 'contoso-orders-func' });
    await readServer(clients, { subscriptionId: sim.dev.subscriptionId, resourceGroup: 'rg-data', name: 'contoso-sql' });
    expect(lines.some((l) => /^GET https:\/\/management\.azure\.com\/subscriptions\/.*\/sites\/contoso-orders-func\?api-version=.* -> 200/.test(l))).toBe(true);
    expect(lines.some((l) => /^GET .*\/servers\/contoso-sql\/administrators\/ActiveDirectory\?.* -> 404/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/bearer|eyJ/i);
  });
});
