// The real prompts, end to end through main(): keys in, exit code out (@inquirer/testing's screen
// stands in for the terminal). Import order matters: the screen mocks @inquirer/prompts first.
import { screen } from '@inquirer/testing/vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Cleanup } from '../../src/engine/cleanup.js';
import type { World } from '../../src/sim/world.js';
import { terminalIo } from './helpers.js';

/** Waits until the prompt on screen shows text (each new render is a step). */
async function until(text: string): Promise<void> {
  for (let renders = 0; renders < 50; renders++) {
    if (screen.getScreen().includes(text)) return;
    await screen.next();
  }
  throw new Error(`"${text}" never appeared; the screen shows:\n${screen.getScreen()}`);
}

function demo() {
  const path = join(mkdtempSync(join(tmpdir(), 'azsql-terminal-')), 'demo.json');
  const { io, out } = terminalIo({ AZSQL_MI_SETUP_DEMO_STATE: path });
  return { io, out, read: () => JSON.parse(readFileSync(path, 'utf8')) as World };
}

describe('the wizard in a terminal', () => {
  it('Enter through the defaults from nothing to a working setup', async () => {
    const { io, out, read } = demo();
    const code = main(['--demo'], io, new Cleanup());
    await until('Subscription');
    expect(screen.getScreen()).toMatch(/❯ Contoso Dev .*\(default\)/);
    screen.keypress('enter');
    await until('App');
    screen.type('orders');
    await until('❯ contoso-orders-func');
    screen.keypress('enter');
    await until('deployment slots');
    screen.keypress('enter');
    await until('Which identity');
    expect(screen.getScreen()).toContain('❯ System-assigned identity (not on yet');
    screen.keypress('enter');
    await until('SQL server');
    await until('❯ contoso-sql ');
    screen.keypress('enter');
    await until('Database on contoso-sql');
    screen.keypress('enter');
    await until('Which language');
    screen.keypress('enter');
    await until('Roles');
    expect(screen.getScreen()).toMatch(/◉ db_datareader[\s\S]*◉ db_datawriter[\s\S]*◯ db_owner/);
    screen.keypress('enter');
    await until('Scaffold');
    screen.keypress('down');
    screen.keypress('down');
    await until('❯ No');
    screen.keypress('enter');
    await until('Apply these 6 changes?');
    screen.keypress('enter');
    expect(await code).toBe(0);
    expect(out.text()).toContain('Done: contoso-orders-func can now sign in to orders');
    expect(out.text()).toMatch(/npx azsql-mi-setup --demo .*--app contoso-orders-func .*--roles db_datareader,db_datawriter .*--yes/);
    const orders = read().subscriptions[0]!.sqlServers.find((s) => s.name === 'contoso-sql')!;
    expect(orders.admin?.login).toBe('alex@contoso.onmicrosoft.com');
  });

  it('Ctrl+C at the roles question exits 130, and the temporary firewall rule is gone', async () => {
    const { io, out, read } = demo();
    const code = main(['--demo'], io, new Cleanup());
    await until('Subscription');
    screen.type('prod');
    await until('❯ Contoso Prod');
    screen.keypress('enter');
    await until('❯ contoso-orders-func-prod');
    screen.keypress('enter');
    await until('Which identity');
    screen.keypress('enter');
    await until('❯ contoso-sql-prod');
    screen.keypress('enter');
    await until('Database on contoso-sql-prod');
    screen.keypress('enter');
    await until('Which language');
    screen.keypress('enter');
    await until('Roles');
    screen.keypress({ name: 'c', ctrl: true });
    expect(await code).toBe(130);
    expect(out.text()).toContain('Opened temporary firewall rule');
    const prod = read().subscriptions[1]!.sqlServers[0]!;
    expect(prod.firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);
    expect(prod.admin?.login).toBe('SQL Admins');
  });
});
