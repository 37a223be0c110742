// The wizard's walk over the simulated Azure, with scripted answers: what is asked, what is offered,
// and the Target (and so the plan) that comes out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSignedInUser } from '../../src/azure/signed-in.js';
import { parseFlags } from '../../src/cli/args.js';
import { runWizard, type WizardResult } from '../../src/cli/run-wizard.js';
import { quietWaiting } from '../../src/cli/wizard-wait.js';
import { Cleanup } from '../../src/engine/cleanup.js';
import { plan } from '../../src/engine/plan.js';
import { ExitCode } from '../../src/errors.js';
import { sidHexFromClientId } from '../../src/sql/sid.js';
import type { SimArmHttpClient } from '../../src/sim/arm/index.js';
import type { WorldStore } from '../../src/sim/store.js';
import { byName, ctrlC, scriptedPrompts, server, simSession, temporaryRules, terminalIo, world, type Script } from './helpers.js';

interface WalkOptions {
  connectDelayMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Signed in through the Azure CLI (not --demo): its profile file may list the subscriptions. */
  viaAzureCli?: boolean;
}

async function walk(store: WorldStore, script: Script, argv: string[] = ['--demo'], options: WalkOptions = {}) {
  const session = simSession(store);
  if (options.viaAzureCli) {
    delete session.demoStatePath;
    session.describeSignIn = () => 'the Azure CLI';
    session.signedInThrough = () => 'cli';
  }
  if (options.connectDelayMs) {
    const connect = session.connector;
    session.connector = async (o) => {
      await sleep(options.connectDelayMs!);
      return connect(o);
    };
  }
  const me = await readSignedInUser(session.credential, session.cloud);
  const { io, ui, out } = terminalIo(options.env);
  const prompts = scriptedPrompts(script);
  const cleanup = new Cleanup();
  const run = runWizard({ flags: parseFlags(argv), session, me, io, ui, cleanup }, { prompts, wait: quietWaiting });
  return { run, prompts, cleanup, out, requests: (session.arm.httpClient as SimArmHttpClient).requests };
}

function summaries(result: WizardResult): string[] {
  return plan(result.target, result.observation.observed).map((c) => `${c.kind} ${c.id}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dev = (store: WorldStore) => store.world.subscriptions[0]!.subscriptionId;

describe('the wizard walk', () => {
  it('a first run from nothing: every question in order, least privilege, the plan creates everything', async () => {
    const store = world();
    const { run, prompts } = await walk(store, {
      subscription: (subs, preselected) => {
        expect(subs.map((s) => s.displayName)).toEqual(['Contoso Dev', 'Contoso Prod']);
        return preselected;
      },
      app: byName('contoso-orders-func'),
      slot: (_app, slots) => {
        expect(slots).toEqual(['staging']);
        return undefined;
      },
      identity: (q) => {
        expect(q.system).toBeUndefined();
        expect(q.others.map((o) => o.name)).toEqual(['id-contoso-reporting', 'id-contoso-shared']);
        return { kind: 'system' };
      },
      server: (servers, isMe) => {
        expect(servers.map((s) => `${s.name}:${isMe(s)}`)).toEqual(['contoso-sql:false', 'contoso-sql-legacy:false', 'contoso-sql-team:false']);
        return byName<(typeof servers)[number]>('contoso-sql')(servers);
      },
      database: (_server, databases) => {
        expect(databases.map((d) => d.name)).toEqual(['orders', 'orders-archive']);
        return 'orders';
      },
      client: (_app, preselected) => preselected,
      roles: (q) => {
        expect(q.current).toBeUndefined();
        expect(q.note).toMatch(/no Entra admin yet/);
        return { add: ['db_datareader', 'db_datawriter'], remove: [] };
      },
      scaffold: (preselected) => {
        expect(preselected).toBe('python');
        return 'none';
      },
    });
    const result = await run;
    expect(prompts.asked).toEqual(['subscription', 'app', 'slot', 'identity', 'server', 'database', 'client', 'roles', 'scaffold']);
    expect(prompts.questions.subscription![1]).toBe(dev(store));
    expect(result.target).toMatchObject({
      app: { name: 'contoso-orders-func', resourceGroup: 'rg-orders' },
      identity: { kind: 'system' },
      server: { name: 'contoso-sql', resourceGroup: 'rg-data' },
      database: 'orders',
      rolesToAdd: ['db_datareader', 'db_datawriter'],
      client: 'python',
    });
    expect(summaries(result)).toEqual([
      'create identity',
      'create admin',
      'create user',
      'create role:add:db_datareader',
      'create role:add:db_datawriter',
      'create settings',
    ]);
    expect(result.flags).toMatchObject({ app: 'contoso-orders-func', resourceGroup: 'rg-orders', scaffold: 'none', roles: ['db_datareader', 'db_datawriter'] });
  });

  it('a rerun shows the current roles checked; checking one more adds exactly that one', async () => {
    const { run } = await walk(store(), {
      subscription: (_s, preselected) => preselected,
      app: byName('contoso-inventory-func'),
      identity: (q) => {
        expect(q.system?.clientId).toMatch(/^[0-9a-f-]{36}$/);
        return { kind: 'system' };
      },
      server: byName('contoso-sql-team'),
      database: () => 'inventory',
      client: () => 'python',
      roles: (q) => {
        expect(q.current).toEqual(['db_datareader']);
        expect(q.roles.map((r) => r.name)).not.toContain('public');
        return { add: ['db_datareader', 'db_datawriter'], remove: [] };
      },
      scaffold: () => 'none',
    });
    const result = await run;
    const changes = plan(result.target, result.observation.observed);
    expect(changes.filter((c) => c.id.startsWith('role:')).map((c) => `${c.kind} ${c.id}`)).toEqual([
      'no-op role:add:db_datareader',
      'create role:add:db_datawriter',
    ]);
    expect(changes.find((c) => c.id === 'user')?.kind).toBe('no-op');
    function store() {
      return world();
    }
  });

  it('unchecking a current role removes it, and the plan says so', async () => {
    const { run } = await walk(world(), {
      subscription: (_s, preselected) => preselected,
      app: byName('contoso-inventory-func'),
      identity: () => ({ kind: 'system' }),
      server: byName('contoso-sql-team'),
      database: () => 'inventory',
      client: () => 'python',
      roles: () => ({ add: ['db_ddladmin'], remove: ['db_datareader'] }),
      scaffold: () => 'none',
    });
    const result = await run;
    const removal = plan(result.target, result.observation.observed).find((c) => c.id === 'role:remove:db_datareader');
    expect(removal).toMatchObject({ kind: 'delete', summary: 'Remove [contoso-inventory-func] from role db_datareader' });
    expect(result.flags.removeRoles).toEqual(['db_datareader']);
  });

  it('flags skip their questions', async () => {
    const store = world();
    const { run, prompts } = await walk(
      store,
      { app: byName('contoso-orders-func'), slot: () => undefined, database: () => 'orders' },
      ['--demo', '--subscription', 'Contoso Dev', '--server', 'contoso-sql', '--identity', 'system', '--roles', 'db_datareader', '--client', 'node', '--scaffold', 'none'],
    );
    const result = await run;
    expect(prompts.asked).toEqual(['app', 'slot', 'database']);
    expect(result.target).toMatchObject({ rolesToAdd: ['db_datareader'], client: 'node', server: { name: 'contoso-sql' } });
  });

  it('the admin decision: asked only when the admin is someone else and refused me; replacing names who is replaced', async () => {
    const legacy: Script = {
      subscription: (_s, preselected) => preselected,
      app: byName('contoso-orders-func'),
      slot: () => undefined,
      identity: () => ({ kind: 'system' }),
      server: (servers) => byName<(typeof servers)[number]>('contoso-sql-legacy')(servers),
      database: () => 'crm',
      client: () => 'python',
      roles: (q) => {
        expect(q.current).toBeUndefined();
        return { add: ['db_datareader'], remove: [] };
      },
      scaffold: () => 'none',
    };
    const replaced = await walk(world(), {
      ...legacy,
      adminDecision: (q) => {
        expect(q).toEqual({ server: 'contoso-sql-legacy', admin: 'megan@contoso.onmicrosoft.com', adminType: 'User', me: 'alex@contoso.onmicrosoft.com' });
        return 'replace';
      },
      roles: (q) => {
        expect(q.note).toMatch(/only be read once the run has made you admin/);
        return { add: ['db_datareader'], remove: [] };
      },
    });
    const result = await replaced.run;
    expect(replaced.prompts.asked.indexOf('adminDecision')).toBeLessThan(replaced.prompts.asked.indexOf('roles'));
    expect(result.target.adminPolicy).toBe('me');
    expect(result.flags.admin).toBe('me');
    expect(plan(result.target, result.observation.observed).find((c) => c.id === 'admin')).toMatchObject({
      kind: 'update',
      summary: expect.stringContaining('megan@contoso.onmicrosoft.com -> you (alex@contoso.onmicrosoft.com)'),
    });

    const stopped = await walk(world(), { ...legacy, adminDecision: () => 'stop' });
    await expect(stopped.run).rejects.toMatchObject({
      exitCode: ExitCode.blocked,
      message: expect.stringContaining('megan@contoso.onmicrosoft.com'),
      suggestion: expect.stringContaining('--admin me'),
    });
    expect(stopped.prompts.asked).not.toContain('roles');
  });

  it('a stale user (same name, another SID) is explained and the run stops before the roles question', async () => {
    const store = world((w) => {
      const db = w.subscriptions[0]!.sqlServers.find((s) => s.name === 'contoso-sql-team')!.databases.find((d) => d.name === 'inventory')!;
      db.principals.find((p) => p.name === 'contoso-inventory-func')!.sidHex = sidHexFromClientId('99999999-9999-9999-9999-999999999999');
    });
    const { run, prompts } = await walk(store, {
      subscription: (_s, preselected) => preselected,
      app: byName('contoso-inventory-func'),
      identity: () => ({ kind: 'system' }),
      server: byName('contoso-sql-team'),
      database: () => 'inventory',
      client: () => 'python',
    });
    await expect(run).rejects.toMatchObject({
      exitCode: ExitCode.blocked,
      message: expect.stringContaining('belongs to another principal'),
      suggestion: expect.stringMatching(/re-created[\s\S]*DROP USER \[contoso-inventory-func\]/),
    });
    expect(prompts.asked).not.toContain('roles');
  });
});

describe('Ctrl+C', () => {
  // contoso-sql-prod's firewall does not admit this machine: reading it opens a temporary rule.
  const prod: Script = {
    subscription: (subs) => subs.find((s) => s.displayName === 'Contoso Prod')!.subscriptionId,
    app: byName('contoso-orders-func-prod'),
    identity: () => ({ kind: 'system' }),
    server: byName('contoso-sql-prod'),
    database: () => 'orders',
    client: () => 'python',
    roles: () => ({ add: ['db_datareader'], remove: [] }),
    scaffold: () => 'none',
  };

  for (const at of ['app', 'database', 'client', 'roles', 'scaffold'] as const) {
    it(`at the ${at} question ends the run, and cleanup leaves no firewall rule behind`, async () => {
      const store = world();
      // A slow connection: Ctrl+C at the early questions comes while the database is still being read.
      const { run, cleanup } = await walk(store, { ...prod, [at]: () => Promise.reject(ctrlC()) }, ['--demo'], { connectDelayMs: 40 });
      await expect(run).rejects.toMatchObject({ name: 'ExitPromptError' });
      expect(await cleanup.run()).toEqual([]);
      await sleep(150); // anything still running in the background would have opened its rule by now
      expect(temporaryRules(store)).toEqual([]);
      expect(server(store, 'contoso-sql-prod').firewallRules.map((r) => r.name)).toEqual(['AllowAllWindowsAzureIps']);
    });
  }

  it('--dry-run opens no firewall rule to read the database, and says why only fixed roles are listed', async () => {
    const store = world();
    const { run } = await walk(
      store,
      {
        ...prod,
        roles: (q) => {
          expect(q.note).toMatch(/dry run opens no firewall rule/);
          return { add: ['db_datareader'], remove: [] };
        },
      },
      ['--demo', '--dry-run'],
    );
    const result = await run;
    expect(result.observation.observed.firewallIpNeeded).toBe(store.world.callerIp);
    expect(temporaryRules(store)).toEqual([]);
  });

  it('the rule was really opened while the questions were asked (so the test above means something)', async () => {
    const store = world();
    const { run } = await walk(store, prod, ['--demo'], { connectDelayMs: 40 });
    await run;
    expect(temporaryRules(store)).toHaveLength(1);
  });
});

describe('empty lists end the run saying what to create', () => {
  const start: Script = { subscription: (_s, preselected) => preselected };

  it('no apps', async () => {
    const { run } = await walk(world((w) => (w.subscriptions[0]!.sites = [])), start);
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.usage, message: 'Subscription Contoso Dev has no Function App or App Service app.', suggestion: expect.stringContaining('Create the app first') });
  });

  it('no SQL servers', async () => {
    const { run, prompts } = await walk(world((w) => (w.subscriptions[0]!.sqlServers = [])), {
      ...start,
      app: byName('contoso-inventory-func'),
      identity: () => ({ kind: 'system' }),
    });
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.usage, message: 'Subscription Contoso Dev has no Azure SQL server.' });
    expect(prompts.asked).not.toContain('server');
  });

  it('no databases besides master', async () => {
    const store = world((w) => {
      const team = w.subscriptions[0]!.sqlServers.find((s) => s.name === 'contoso-sql-team')!;
      team.databases = team.databases.filter((d) => d.name === 'master');
    });
    const { run, prompts } = await walk(store, {
      ...start,
      app: byName('contoso-inventory-func'),
      identity: () => ({ kind: 'system' }),
      server: byName('contoso-sql-team'),
    });
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.usage, message: expect.stringContaining('has no database besides master'), suggestion: expect.stringContaining('az sql db create -g rg-data -s contoso-sql-team') });
    expect(prompts.asked).not.toContain('database');
  });

  it('one subscription is not asked about', async () => {
    const { run, prompts, out } = await walk(world((w) => (w.subscriptions = w.subscriptions.slice(0, 1))), {
      app: () => {
        throw ctrlC();
      },
    });
    await expect(run).rejects.toThrow();
    expect(prompts.asked).toEqual(['app']);
    expect(out.text()).toContain('Subscription Contoso Dev');
  });
});

describe('signed in through the Azure CLI', () => {
  it("asks from the CLI's own subscription list (this tenant and cloud), its default preselected, with no ARM call first", async () => {
    const store = world();
    const [devSub, prodSub] = [store.world.subscriptions[0]!, store.world.subscriptions[1]!];
    const configDir = mkdtempSync(join(tmpdir(), 'azcli-'));
    const tenantId = store.world.tenantId;
    const profile = {
      subscriptions: [
        { id: devSub.subscriptionId, name: 'Contoso Dev', state: 'Enabled', tenantId, environmentName: 'AzureCloud', isDefault: false },
        { id: prodSub.subscriptionId, name: 'Contoso Prod', state: 'Enabled', tenantId, environmentName: 'AzureCloud', isDefault: true },
        { id: '00000000-0000-0000-0000-00000000000f', name: 'Other tenant', state: 'Enabled', tenantId: '00000000-0000-0000-0000-0000000000aa', environmentName: 'AzureCloud' },
        { id: '00000000-0000-0000-0000-00000000000e', name: 'Gov', state: 'Enabled', tenantId, environmentName: 'AzureUSGovernment' },
      ],
    };
    writeFileSync(join(configDir, 'azureProfile.json'), '\uFEFF' + JSON.stringify(profile));
    const { run, requests } = await walk(
      store,
      {
        subscription: (subs, preselected) => {
          expect(subs.map((s) => s.displayName)).toEqual(['Contoso Dev', 'Contoso Prod']);
          expect(preselected).toBe(prodSub.subscriptionId);
          return preselected;
        },
        app: () => Promise.reject(ctrlC()),
      },
      [],
      { viaAzureCli: true, env: { AZURE_CONFIG_DIR: configDir } },
    );
    await expect(run).rejects.toMatchObject({ name: 'ExitPromptError' });
    // The list came from the profile: ARM was never asked for subscriptions.
    expect(requests.some((r) => r.path === '/subscriptions')).toBe(false);
  });
});
