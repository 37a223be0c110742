// The flow's last step: a sample project that uses the access just granted (--scaffold).
import type { Observed } from '../engine/observed.js';
import type { Target } from '../engine/target.js';
import type { ScaffoldOptions } from '../scaffold/values.js';
import type { Flags } from './args.js';

/** The scaffold the flags ask for, or undefined for none. */
export function scaffoldOptionsFor(flags: Flags, target: Target, observed: Observed): ScaffoldOptions | undefined {
  if (!flags.scaffold || flags.scaffold === 'none') return undefined;
  const userAssignedClientId = observed.identity.kind === 'user' ? observed.identity.clientId : undefined;
  return {
    language: flags.scaffold,
    outDir: flags.out ?? `./${target.app.name}-sql-sample`,
    app: target.app.name,
    server: observed.server.fullyQualifiedDomainName,
    database: target.database,
    ...(userAssignedClientId ? { identityClientId: userAssignedClientId } : {}),
    force: flags.force,
  };
}

export async function writeSample(options: ScaffoldOptions, checkOnly = false): Promise<{ outDir: string; files: string[] }> {
  const { scaffoldProject } = await import('../scaffold/scaffold.js');
  return scaffoldProject({ ...options, checkOnly });
}
