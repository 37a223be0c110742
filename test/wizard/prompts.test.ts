// The wizard's questions as a person sees them: what each list shows, what is preselected, what an answer returns.
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { askAdminDecision } from '../../src/wizard/ask-admin.js';
import { askApp, askSlot } from '../../src/wizard/ask-app.js';
import { askClientLanguage, clientFromSettings } from '../../src/wizard/ask-client.js';
import { askIdentity } from '../../src/wizard/ask-identity.js';
import { askRoles } from '../../src/wizard/ask-roles.js';
import { askOutDir, askScaffold } from '../../src/wizard/ask-scaffold.js';
import { askDatabase, askServer } from '../../src/wizard/ask-server.js';
import { askSubscription } from '../../src/wizard/ask-subscription.js';
import type { PromptStreams } from '../../src/wizard/streams.js';

/** Adapts an ask* function (question, streams) to render()'s (config, context). */
function asPrompt<Q, V>(ask: (question: Q, streams: PromptStreams) => Promise<V>) {
  return (question: Q, context?: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }) =>
    ask(question, { input: context!.input!, output: context!.output! });
}

const SUBS = [
  { subscriptionId: '11111111-0000-0000-0000-000000000001', displayName: 'Contoso Dev' },
  { subscriptionId: '11111111-0000-0000-0000-000000000002', displayName: 'Contoso Prod' },
  { subscriptionId: '11111111-0000-0000-0000-000000000003', displayName: 'Old', state: 'Disabled' },
];

describe('subscription', () => {
  it('preselects the default subscription and marks it', async () => {
    const { answer, events, getScreen, nextRender } = await render(
      asPrompt((q: { defaultId: string }, s) => askSubscription(SUBS, q.defaultId, s)),
      { defaultId: SUBS[1]!.subscriptionId },
    );
    await nextRender();
    expect(getScreen()).toMatch(/❯ Contoso Prod\s+11111111-0000-0000-0000-000000000002\s+\(default\)/);
    expect(getScreen()).toContain('Old');
    expect(getScreen()).toContain('(Disabled)');
    events.keypress('enter');
    await expect(answer).resolves.toBe(SUBS[1]!.subscriptionId);
  });

  it('filters by what is typed', async () => {
    const { answer, events, getScreen, nextRender } = await render(asPrompt((_: object, s) => askSubscription(SUBS, undefined, s)), {});
    await nextRender();
    events.type('prod');
    await nextRender();
    expect(getScreen()).not.toContain('Contoso Dev');
    events.keypress('enter');
    await expect(answer).resolves.toBe(SUBS[1]!.subscriptionId);
  });
});

const APPS = [
  { id: '/a/orders', name: 'orders-func', resourceGroup: 'rg-orders', location: 'westeurope', isFunctionApp: true, systemAssigned: false, userAssignedCount: 0 },
  { id: '/a/portal', name: 'portal', resourceGroup: 'rg-portal', location: 'northeurope', isFunctionApp: false, systemAssigned: true, userAssignedCount: 1 },
];

describe('app', () => {
  it('shows resource group, kind, region and identity status, and filters by resource group', async () => {
    const { answer, events, getScreen, nextRender } = await render(asPrompt((_: object, s) => askApp(APPS, s)), {});
    await nextRender();
    const screen = getScreen();
    expect(screen).toMatch(/orders-func\s+rg-orders\s+Function App\s+westeurope\s+no identity yet/);
    expect(screen).toMatch(/portal\s+rg-portal\s+App Service\s+northeurope\s+system \+ 1 user-assigned identity/);
    events.type('rg-portal');
    await nextRender();
    expect(getScreen()).not.toContain('orders-func');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ name: 'portal', resourceGroup: 'rg-portal' });
  });

  it('offers the app itself first, then its slots', async () => {
    const first = await render(asPrompt((_: object, s) => askSlot('orders-func', ['staging'], s)), {});
    expect(first.getScreen()).toContain('❯ orders-func itself (production)');
    first.events.keypress('enter');
    await expect(first.answer).resolves.toBeUndefined();

    const second = await render(asPrompt((_: object, s) => askSlot('orders-func', ['staging'], s)), {});
    second.events.keypress('down');
    second.events.keypress('enter');
    await expect(second.answer).resolves.toBe('staging');
  });
});

describe('identity', () => {
  const shared = '/subscriptions/s/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared';
  const reporting = '/subscriptions/s/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-reporting';
  const others = [
    { resourceId: shared, name: 'id-shared', resourceGroup: 'rg-id' },
    { resourceId: reporting, name: 'id-reporting', resourceGroup: 'rg-id', location: 'westeurope' },
  ];

  it('says when the system identity is not on yet, and lists the other identities once', async () => {
    const { answer, events, getScreen } = await render(
      asPrompt((_: object, s) => askIdentity({ app: 'orders-func', attached: [], others }, s)),
      {},
    );
    expect(getScreen()).toContain('❯ System-assigned identity (not on yet: the run turns it on)');
    expect(getScreen()).toContain('other user-assigned identities');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'system' });
  });

  it('preselects the attached user-assigned identity when the system one is off, and can pick another', async () => {
    const attached = [{ resourceId: shared, name: 'id-shared', clientId: 'c-1' }];
    const first = await render(asPrompt((_: object, s) => askIdentity({ app: 'portal', attached, others }, s)), {});
    const screen = first.getScreen();
    expect(screen).toContain('❯ User-assigned identity id-shared (attached, client id c-1)');
    expect(screen.match(/id-shared/g)).toHaveLength(1);
    first.events.keypress('enter');
    await expect(first.answer).resolves.toEqual({ kind: 'user', resourceId: shared });

    const second = await render(asPrompt((_: object, s) => askIdentity({ app: 'portal', attached, others }, s)), {});
    second.events.keypress('down');
    second.events.keypress('enter');
    await expect(second.answer).resolves.toEqual({ kind: 'user', resourceId: reporting });
  });
});

describe('server and database', () => {
  const servers = [
    { id: '/s/a', name: 'sql-a', resourceGroup: 'rg-data', location: 'westeurope', fullyQualifiedDomainName: 'sql-a.database.windows.net' },
    { id: '/s/b', name: 'sql-b', resourceGroup: 'rg-data', location: 'westeurope', fullyQualifiedDomainName: 'sql-b.database.windows.net', admin: { login: 'me@contoso.com', principalType: 'User' } },
    { id: '/s/c', name: 'sql-c', resourceGroup: 'rg-old', location: 'westeurope', fullyQualifiedDomainName: 'sql-c.database.windows.net', admin: { login: 'SQL Admins', principalType: 'Group' } },
  ];

  it('shows each server\'s Entra admin and whether it is me', async () => {
    const { answer, events, getScreen, nextRender } = await render(
      asPrompt((_: object, s) => askServer(servers, (x) => x.name === 'sql-b', s)),
      {},
    );
    await nextRender();
    const screen = getScreen();
    expect(screen).toMatch(/sql-a\s+rg-data\s+westeurope\s+no Entra admin \(the run makes you admin\)/);
    expect(screen).toContain('admin: me@contoso.com - you');
    expect(screen).toContain('admin: SQL Admins (group)');
    expect(screen).toContain('sql-a.database.windows.net');
    events.type('admins');
    await nextRender();
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ name: 'sql-c' });
  });

  it('says a paused database resumes when connected to', async () => {
    const { answer, events, getScreen } = await render(
      asPrompt((_: object, s) => askDatabase('sql-a', [{ name: 'orders', skuName: 'GP_S_Gen5' }, { name: 'archive', status: 'Paused' }], s)),
      {},
    );
    expect(getScreen()).toContain('archive  ');
    expect(getScreen()).toContain('paused (resumes when the run connects)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('orders');
    expect(getScreen()).toBe('✔ Database orders');
  });
});

describe('roles', () => {
  const roles = ['db_owner', 'db_datareader', 'db_datawriter', 'db_ddladmin', 'public', 'app_reporting'].map((name) => ({
    name,
    isFixedRole: name.startsWith('db_'),
  }));

  it('on a first run preselects db_datareader and db_datawriter, explains fixed roles, lists custom ones', async () => {
    const { answer, events, getScreen } = await render(
      asPrompt((_: object, s) => askRoles({ userName: 'orders-func', database: 'orders', roles }, s)),
      {},
    );
    const screen = getScreen();
    expect(screen).toMatch(/◉ db_datareader\s+read every table and view/);
    expect(screen).toMatch(/◉ db_datawriter/);
    expect(screen).toMatch(/◯ db_owner\s+everything, including dropping the database/);
    expect(screen).toMatch(/custom roles in orders[\s\S]*◯ app_reporting\s+custom role/);
    expect(screen).not.toContain('public');
    events.keypress('a'); // no select-all: it would check db_owner too
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ add: ['db_datareader', 'db_datawriter'], remove: [] });
    expect(getScreen()).toBe('✔ Roles db_datareader, db_datawriter');
  });

  it('on a first run needs at least one role', async () => {
    const { answer, events, getScreen, nextRender } = await render(
      asPrompt((_: object, s) => askRoles({ userName: 'u', database: 'orders', roles }, s)),
      {},
    );
    events.keypress('space'); // db_datareader off
    events.keypress('down');
    events.keypress('space'); // db_datawriter off
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('At least one choice must be selected');
    events.keypress('space'); // db_datawriter on again
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ add: ['db_datawriter'], remove: [] });
  });

  it('on a rerun checks the current roles; unchecking one removes it, checking another adds it', async () => {
    const { answer, events, getScreen } = await render(
      asPrompt((_: object, s) => askRoles({ userName: 'orders-func', database: 'orders', roles, current: ['db_datareader', 'db_datawriter'] }, s)),
      {},
    );
    expect(getScreen()).toMatch(/◉ db_datareader.*\(has it\)/);
    events.keypress('down');
    events.keypress('space'); // db_datawriter off
    expect(getScreen()).toMatch(/◯ db_datawriter.*<- removed/);
    events.keypress('down');
    events.keypress('space'); // db_ddladmin on
    expect(getScreen()).toMatch(/◉ db_ddladmin.*<- added/);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ add: ['db_datareader', 'db_ddladmin'], remove: ['db_datawriter'] });
  });
});

describe('decisions, language, scaffold', () => {
  it('the admin decision names who is replaced and defaults to stopping', async () => {
    const first = await render(
      asPrompt((_: object, s) => askAdminDecision({ server: 'sql-legacy', admin: 'megan@contoso.com', adminType: 'User', me: 'alex@contoso.com' }, s)),
      {},
    );
    expect(first.getScreen()).toContain("Server sql-legacy's Microsoft Entra admin is megan@contoso.com");
    expect(first.getScreen()).toContain('❯ Stop; ask megan@contoso.com to run this');
    expect(first.getScreen()).toContain('Make me the admin, replacing megan@contoso.com');
    first.events.keypress('enter');
    await expect(first.answer).resolves.toBe('stop');

    const second = await render(
      asPrompt((_: object, s) => askAdminDecision({ server: 'sql-legacy', admin: 'megan@contoso.com', me: 'alex@contoso.com' }, s)),
      {},
    );
    second.events.keypress('down');
    expect(second.getScreen()).toContain('loses admin rights on sql-legacy');
    second.events.keypress('enter');
    await expect(second.answer).resolves.toBe('replace');
  });

  it('the client language defaults to what the app settings say', async () => {
    expect(clientFromSettings({ AZURE_SQL_AUTHENTICATIONTYPE: 'azure-active-directory-default', FUNCTIONS_WORKER_RUNTIME: 'python' })).toBe('node');
    expect(clientFromSettings({ FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated' })).toBe('dotnet');
    expect(clientFromSettings({ WEBSITE_RUN_FROM_PACKAGE: '1' })).toBeUndefined();
    const { answer, events, getScreen } = await render(asPrompt((_: object, s) => askClientLanguage('orders-func', 'node', s)), {});
    expect(getScreen()).toContain('❯ Node.js (mssql)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('node');
  });

  it('scaffold: the suggested folder is kept on enter; a folder that cannot be used is refused', async () => {
    const language = await render(asPrompt((_: object, s) => askScaffold('node-ts', s)), {});
    expect(language.getScreen()).toContain('❯ TypeScript');
    language.events.keypress('enter');
    await expect(language.answer).resolves.toBe('node-ts');

    const folder = await render(
      asPrompt((_: object, s) => askOutDir('./orders-func-sql-sample', (p) => (p === 'taken' ? 'taken has files' : undefined), s)),
      {},
    );
    folder.events.type('taken');
    folder.events.keypress('enter');
    await folder.nextRender();
    expect(folder.getScreen()).toContain('taken has files');
    for (let i = 0; i < 5; i++) folder.events.keypress('backspace');
    folder.events.type('free');
    folder.events.keypress('enter');
    await expect(folder.answer).resolves.toBe('free');
  });

  it('Ctrl+C at a question rejects with ExitPromptError (main maps it to exit 130)', async () => {
    const { answer, events } = await render(asPrompt((_: object, s) => askScaffold('none', s)), {});
    events.keypress({ name: 'c', ctrl: true });
    await expect(answer).rejects.toMatchObject({ name: 'ExitPromptError' });
  });
});
