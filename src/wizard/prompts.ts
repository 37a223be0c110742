// Every question the wizard can ask, as one injectable set: the real prompts on a terminal,
// scripted answers in tests. Each returns a plain value; none does any work.
import { askAdminDecision, type AdminDecision, type AdminQuestion } from './ask-admin.js';
import { askApp, askSlot, type AppChoice } from './ask-app.js';
import { askClientLanguage } from './ask-client.js';
import { askIdentity, type IdentityQuestion } from './ask-identity.js';
import { askRoles, type RolesAnswer, type RolesQuestion } from './ask-roles.js';
import { askOutDir, askScaffold, type ScaffoldAnswer } from './ask-scaffold.js';
import { askDatabase, askServer, type DatabaseChoice, type ServerChoice } from './ask-server.js';
import { askSubscription, type SubscriptionChoice } from './ask-subscription.js';
import type { PromptStreams } from './streams.js';
import type { ClientLanguage, IdentityChoice } from '../engine/target.js';

export interface WizardPrompts {
  subscription(subscriptions: readonly SubscriptionChoice[], defaultId: string | undefined): Promise<string>;
  app<A extends AppChoice>(apps: readonly A[]): Promise<A>;
  slot(app: string, slots: readonly string[]): Promise<string | undefined>;
  identity(question: IdentityQuestion): Promise<IdentityChoice>;
  server<S extends ServerChoice>(servers: readonly S[], isMe: (server: S) => boolean): Promise<S>;
  database(server: string, databases: readonly DatabaseChoice[]): Promise<string>;
  client(app: string, preselected: ClientLanguage): Promise<ClientLanguage>;
  adminDecision(question: AdminQuestion): Promise<AdminDecision>;
  roles(question: RolesQuestion): Promise<RolesAnswer>;
  scaffold(preselected: ScaffoldAnswer): Promise<ScaffoldAnswer>;
  outDir(suggested: string, check: (path: string) => string | undefined | Promise<string | undefined>): Promise<string>;
}

export function terminalPrompts(streams: PromptStreams): WizardPrompts {
  return {
    subscription: (subscriptions, defaultId) => askSubscription(subscriptions, defaultId, streams),
    app: (apps) => askApp(apps, streams),
    slot: (app, slots) => askSlot(app, slots, streams),
    identity: (question) => askIdentity(question, streams),
    server: (servers, isMe) => askServer(servers, isMe, streams),
    database: (server, databases) => askDatabase(server, databases, streams),
    client: (app, preselected) => askClientLanguage(app, preselected, streams),
    adminDecision: (question) => askAdminDecision(question, streams),
    roles: (question) => askRoles(question, streams),
    scaffold: (preselected) => askScaffold(preselected, streams),
    outDir: (suggested, check) => askOutDir(suggested, check, streams),
  };
}

export type { AdminDecision, AdminQuestion, AppChoice, DatabaseChoice, IdentityQuestion, RolesAnswer, RolesQuestion, ScaffoldAnswer, ServerChoice, SubscriptionChoice };
