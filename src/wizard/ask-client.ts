// Which language the app's code is in: decides which AZURE_SQL_* settings are written to the app.
import { select } from '@inquirer/prompts';
import type { ClientLanguage } from '../engine/target.js';
import { question } from './question.js';
import type { PromptStreams } from './streams.js';

const CLIENTS: readonly { value: ClientLanguage; name: string; description: string }[] = [
  { value: 'python', name: 'Python (pyodbc)', description: 'AZURE_SQL_SERVER, _PORT, _DATABASE, _AUTHENTICATION=ActiveDirectoryMsi' },
  { value: 'node', name: 'Node.js (mssql)', description: 'AZURE_SQL_SERVER, _PORT, _DATABASE, _AUTHENTICATIONTYPE=azure-active-directory-default' },
  { value: 'dotnet', name: '.NET (Microsoft.Data.SqlClient)', description: 'AZURE_SQL_CONNECTIONSTRING with Authentication=Active Directory Managed Identity' },
  { value: 'none', name: 'None: write no app settings', description: 'The app settings are left as they are.' },
];

export async function askClientLanguage(app: string, preselected: ClientLanguage, streams: PromptStreams): Promise<ClientLanguage> {
  return select(
    {
      ...question(`Which language is ${app}'s code in?`, 'App settings for', '(decides the AZURE_SQL_* app settings written)'),
      choices: CLIENTS.map((c) => ({ ...c, short: c.name.split(' ')[0]! })),
      default: preselected,
    },
    streams,
  );
}

/** What the app's settings say about its language: earlier AZURE_SQL_* keys first, then the Functions runtime. */
export function clientFromSettings(settings: Readonly<Record<string, string>> | undefined): ClientLanguage | undefined {
  if (!settings) return undefined;
  if (settings.AZURE_SQL_CONNECTIONSTRING !== undefined) return 'dotnet';
  if (settings.AZURE_SQL_AUTHENTICATIONTYPE !== undefined) return 'node';
  if (settings.AZURE_SQL_AUTHENTICATION !== undefined) return 'python';
  const runtime = settings.FUNCTIONS_WORKER_RUNTIME?.toLowerCase();
  if (runtime === 'python') return 'python';
  if (runtime === 'node') return 'node';
  if (runtime === 'dotnet' || runtime === 'dotnet-isolated') return 'dotnet';
  return undefined;
}
