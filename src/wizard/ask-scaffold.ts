// Whether to write a sample function project that connects with the identity, and where.
import { input, select } from '@inquirer/prompts';
import { question } from './question.js';
import type { PromptStreams } from './streams.js';

/** The same values as --scaffold. */
export type ScaffoldAnswer = 'python' | 'node-ts' | 'none';

export async function askScaffold(preselected: ScaffoldAnswer, streams: PromptStreams): Promise<ScaffoldAnswer> {
  return select<ScaffoldAnswer>(
    {
      ...question('Scaffold a sample function project that queries the database with this identity?', 'Sample project'),
      choices: [
        { value: 'python', name: 'Python (Azure Functions v2 model, pyodbc)', short: 'Python' },
        { value: 'node-ts', name: 'TypeScript (Azure Functions v4 model, mssql)', short: 'TypeScript' },
        { value: 'none', name: 'No', short: 'no' },
      ],
      default: preselected,
    },
    streams,
  );
}

/** check returns an error message for a folder that cannot be used, or undefined. */
export async function askOutDir(
  suggested: string,
  check: (path: string) => string | undefined | Promise<string | undefined>,
  streams: PromptStreams,
): Promise<string> {
  const answer = await input(
    {
      ...question('Folder for the sample project', 'Sample folder'),
      default: suggested,
      validate: async (value) => (value.trim() === '' ? 'Give a folder.' : ((await check(value.trim())) ?? true)),
    },
    streams,
  );
  return answer.trim();
}
