// Errors a user can cause or fix carry the fix and an exit code; anything else is a bug (exit 1).

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  blocked: 3,
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error with a message for the user, what to do about it, and the exit code it ends the run with. */
export class UserFacingError extends Error {
  readonly exitCode: ExitCode;
  readonly suggestion: string | undefined;
  constructor(message: string, options: { exitCode: ExitCode; suggestion?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode;
    this.suggestion = options.suggestion;
  }
}

/** Bad flags, malformed ids, things that do not exist as named: exit 2. */
export class UsageError extends UserFacingError {
  constructor(message: string, suggestion?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.usage, suggestion, cause });
  }
}

/** Azure (ARM or SQL) refused or failed: exit 1. */
export class AzureError extends UserFacingError {
  constructor(message: string, suggestion?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.failed, suggestion, cause });
  }
}

/** A decision is needed before the run can go on (someone else's admin, a stale user): exit 3. */
export class BlockedError extends UserFacingError {
  constructor(message: string, suggestion?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.blocked, suggestion, cause });
  }
}

/** The user pressed Ctrl+C or declined: exit 130. */
export class CancelledError extends UserFacingError {
  constructor(message = 'Cancelled.') {
    super(message, { exitCode: ExitCode.cancelled });
  }
}
