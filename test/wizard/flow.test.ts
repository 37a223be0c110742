// The whole flow with the wizard in front (runSetup on a terminal, --demo state in a temp file):
// a first run, a rerun that adds a role, the admin decision for flag-driven runs, and the printed
// command line, which run without prompts gives the same plan.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import type { RunReport } from '../../src/cli/run-report.js';
import { runSetup } from '../../src/cli/run-setup.js';
import { createUi, type Io } from '../../src/cli/ui.js';
import { quietWaiting } from '../../src/cli/wizard-wait.js';
import { Cleanup } from '../../src/engine/cleanup.js';
import { demoWorld } from '../../src/sim/seed.js';
import type { World } from '../../src/sim/world.js';
import { byName, fakeTerminal, scriptedPrompts, terminalIo, type Script } from './helpers.js';

function demoFile(world: World = demoWorld()) {
  const path = join(mkdtempSync(join(tmpdir(), 'azsql-wizard-')), 'demo.json');
  writeFileSync(path, JSON.stringify(world));
  return { path, read: () => JSON.parse(readFileSync(path, 'utf8')) as World, reset: () => writeFileSync(path, JSON.stringify(world)) };
}

async function wizardRun(state: { path: string }, script: Script, argv: string[] = ['--demo'], confirm = true) {
  const { io, ui, out } = terminalIo({ AZSQL_MI_SETUP_DEMO_STATE: state.path });
  const prompts = scriptedPrompts(script);
  const report: RunReport = {};
  const cleanup = new Cleanup();
  const confirmations: number[] = [];
  try {
    const code = await runSetup(parseFlags(argv), io, ui, cleanup, report, {
      prompts,
      wait: quietWaiting,
      confirmApply: async (n) => {
        confirmations.push(n);
        return confirm;
      },
    });
    return { code, report, out: out.text(), prompts, confirmations };
  } finally {
    await cleanup.run();
  }
}

/** The same run without a terminal: what a pipeline gets from the printed command line. */
async function pipelineRun(state: { path: string }, argv: string[]) {
  const stdout = fakeTerminal();
  const stdin = new PassThrough();
  const io: Io = { stdout, stderr: fakeTerminal(), stdin, env: { NO_COLOR: '1', AZSQL_MI_SETUP_DEMO_STATE: state.path } };
  (stdout as { isTTY?: boolean }).isTTY = false;
  const report: RunReport = {};
  const cleanup = new Cleanup();
  try {
    const code = await runSetup(parseFlags(argv), io, createUi(io, { json: false, debug: false }), cleanup, report, {
      confirmApply: () => Promise.reject(new Error('no terminal: must not ask')),
    });
    return { code, report };
  } finally {
    await cleanup.run();
  }
}

function printedCommand(out: string): string[] {
  const line = out.split('\n').find((l) => l.trim().startsWith('npx azsql-mi-setup'));
  if (!line) throw new Error(`no command line printed in:\n${out}`);
  return line.trim().split(/\s+/).slice(2).map((arg) => arg.replace(/^'(.*)'$/, '$1'));
}

const planOf = (report: RunReport) => report.plan?.map(({ id, kind, summary, detail }) => ({ id, kind, summary, detail }));

const firstRun: Script = {
  subscription: (_s, preselected) => preselected,
  app: byName('contoso-orders-func'),
  slot: () => undefined,
  identity: () => ({ kind: 'system' }),
  server: byName('contoso-sql'),
  database: () => 'orders',
  client: (_app, preselected) => preselected,
  roles: (q) => ({ add: [...(q.current ?? ['db_datareader', 'db_datawriter'])], remove: [] }),
  scaffold: () => 'none',
};

function ordersMembers(world: World): string[] {
  const db = world.subscriptions[0]!.sqlServers.find((s) => s.name === 'contoso-sql')!.databases.find((d) => d.name === 'orders')!;
  const user = db.principals.find((p) => p.name === 'contoso-orders-func');
  if (!user) return [];
  return db.roleMembers.filter(([, member]) => member === user.principalId).map(([role]) => db.principals.find((p) => p.principalId === role)!.name).sort();
}

describe('the wizard in the flow', () => {
  it('a first run from nothing applies; a rerun shows current roles and adds exactly the one checked', async () => {
    const state = demoFile();
    const first = await wizardRun(state, firstRun);
    expect(first.code).toBe(0);
    expect(first.confirmations).toEqual([6]);
    expect(first.out).toContain('Signed in as alex@contoso.onmicrosoft.com');
    expect(first.out).toContain('Done: contoso-orders-func can now sign in to orders');
    expect(ordersMembers(state.read())).toEqual(['db_datareader', 'db_datawriter']);
    expect(state.read().subscriptions[0]!.sqlServers[0]!.firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);

    const rerun = await wizardRun(state, {
      ...firstRun,
      roles: (q) => {
        expect(q.current).toEqual(['db_datareader', 'db_datawriter']);
        expect(q.roles.map((r) => r.name)).toContain('app_reporting');
        return { add: [...q.current!, 'app_reporting'], remove: [] };
      },
    });
    expect(rerun.code).toBe(0);
    expect(rerun.confirmations).toEqual([1]);
    expect(rerun.report.plan?.filter((c) => c.kind !== 'no-op').map((c) => c.summary)).toEqual(['Add [contoso-orders-func] to role app_reporting']);
    expect(ordersMembers(state.read())).toEqual(['app_reporting', 'db_datareader', 'db_datawriter']);
    expect(printedCommand(rerun.out)).toContain('db_datareader,db_datawriter,app_reporting');
  });

  it('declining "Apply these N changes?" changes nothing', async () => {
    const state = demoFile();
    const before = JSON.stringify(state.read());
    const run = wizardRun(state, firstRun, ['--demo'], false);
    await expect(run).rejects.toMatchObject({ exitCode: 130, message: 'Nothing was changed.' });
    expect(JSON.stringify(state.read())).toBe(before);
  });

  const roundTrips: [string, Script][] = [
    ['a first run from nothing', firstRun],
    [
      'a slot, another user-assigned identity, a replaced admin, Node settings',
      {
        subscription: (_s, preselected) => preselected,
        app: byName('contoso-orders-func'),
        slot: () => 'staging',
        identity: (q) => ({ kind: 'user', resourceId: q.others.find((o) => o.name === 'id-contoso-reporting')!.resourceId }),
        server: byName('contoso-sql-legacy'),
        database: () => 'crm',
        client: () => 'node',
        adminDecision: () => 'replace',
        roles: () => ({ add: ['db_datareader', 'db_ddladmin'], remove: [] }),
        scaffold: () => 'none',
      },
    ],
    [
      'removing a role from an existing user',
      {
        subscription: (_s, preselected) => preselected,
        app: byName('contoso-inventory-func'),
        identity: () => ({ kind: 'system' }),
        server: byName('contoso-sql-team'),
        database: () => 'inventory',
        client: () => 'dotnet',
        roles: () => ({ add: ['db_datawriter'], remove: ['db_datareader'] }),
        scaffold: () => 'none',
      },
    ],
  ];

  for (const [name, script] of roundTrips) {
    it(`the printed command, run without prompts, gives the same plan: ${name}`, async () => {
      const state = demoFile();
      const wizard = await wizardRun(state, script);
      expect(wizard.code).toBe(0);
      const argv = printedCommand(wizard.out);
      state.reset();
      const pipeline = await pipelineRun(state, argv);
      expect(pipeline.code).toBe(0);
      expect(planOf(pipeline.report)).toEqual(planOf(wizard.report));
    });
  }

  it('flags that name the whole target: no wizard, but the admin decision is still asked on a terminal', async () => {
    const state = demoFile();
    const run = await wizardRun(state, { adminDecision: () => 'replace' }, ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql-legacy', '--database', 'crm']);
    expect(run.prompts.asked).toEqual(['adminDecision']);
    expect(run.code).toBe(0);
    expect(run.report.plan?.find((c) => c.id === 'admin')?.summary).toContain('megan@contoso.onmicrosoft.com -> you');
    const legacy = state.read().subscriptions[0]!.sqlServers.find((s) => s.name === 'contoso-sql-legacy')!;
    expect(legacy.admin?.login).toBe('alex@contoso.onmicrosoft.com');
  });

  it('--print-sql in the wizard: no admin question, no database read, no firewall rule; the script is printed', async () => {
    const state = demoFile();
    const before = JSON.stringify(state.read());
    const run = await wizardRun(
      state,
      {
        subscription: (_s, preselected) => preselected,
        app: byName('contoso-inventory-func'),
        identity: () => ({ kind: 'system' }),
        server: byName('contoso-sql-legacy'),
        database: () => 'crm',
        client: () => 'python',
        roles: () => ({ add: ['db_datareader'], remove: [] }),
      },
      ['--demo', '--print-sql'],
    );
    expect(run.code).toBe(0);
    expect(run.prompts.asked).not.toContain('adminDecision');
    expect(run.prompts.asked).not.toContain('scaffold');
    expect(run.out).toContain('ALTER ROLE [db_datareader] ADD MEMBER [contoso-inventory-func];');
    expect(run.out).not.toContain('Opened temporary firewall rule');
    expect(JSON.stringify(state.read())).toBe(before);
  });

  it('stopping at the admin decision ends blocked (exit 3) and changes nothing', async () => {
    const state = demoFile();
    const before = JSON.stringify(state.read());
    const run = wizardRun(state, { adminDecision: () => 'stop' }, ['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql-legacy', '--database', 'crm']);
    await expect(run).rejects.toMatchObject({ exitCode: 3 });
    expect(JSON.stringify(state.read())).toBe(before);
  });
});

describe('a run that fails while its spinner shows a wait', () => {
  it('stops the spinner: after the error nothing more is drawn (a spinning terminal would keep the process alive)', async () => {
    const world = demoWorld();
    const contoso = world.subscriptions[0]!.sqlServers.find((x) => x.name === 'contoso-sql')!;
    const alex = world.directory.find((o) => o.userPrincipalName === 'alex@contoso.onmicrosoft.com')!;
    contoso.admin = { login: alex.userPrincipalName!, sid: alex.objectId, tenantId: world.tenantId, principalType: 'User' };
    // A serverless database that does not resume within the run's wait.
    contoso.databases.find((d) => d.name === 'orders-archive')!.resumeMs = 3_600_000;
    const state = demoFile(world);
    // ora draws only on an interactive terminal, which CI is not.
    vi.stubEnv('CI', undefined);
    vi.stubEnv('TERM', 'xterm');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { io, ui, out } = terminalIo({ AZSQL_MI_SETUP_DEMO_STATE: state.path });
    const cleanup = new Cleanup();
    try {
      let settled = false;
      const run = runSetup(parseFlags(['--demo', '--app', 'contoso-orders-func', '--server', 'contoso-sql', '--database', 'orders-archive', '--yes']), io, ui, cleanup, {}, {
        confirmApply: async () => true,
      }).finally(() => (settled = true));
      run.catch(() => undefined);
      while (!settled) await vi.advanceTimersByTimeAsync(1000);
      await expect(run).rejects.toMatchObject({ exitCode: 1 });
      expect(out.text()).toContain('is resuming');
    } finally {
      vi.useRealTimers();
      vi.unstubAllEnvs();
      await cleanup.run();
    }
    const drawn = out.text().length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(out.text().length).toBe(drawn);
  });
});
