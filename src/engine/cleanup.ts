// Cleanup that runs once, on success, failure and Ctrl+C alike (STYLE habit 7).

export interface CleanupStep {
  label: string;
  run: () => Promise<void>;
}

export interface CleanupFailure {
  label: string;
  error: unknown;
}

export class Cleanup {
  private steps: CleanupStep[] = [];
  private running: Promise<CleanupFailure[]> | undefined;

  /** Registers a step; returns a function that unregisters it (when the work undid itself). */
  add(label: string, run: () => Promise<void>): () => void {
    const step = { label, run };
    this.steps.push(step);
    return () => {
      this.steps = this.steps.filter((s) => s !== step);
    };
  }

  get pending(): string[] {
    return this.steps.map((s) => s.label);
  }

  /** Runs every step, newest first, once; later calls wait for the same run. Never throws. */
  run(): Promise<CleanupFailure[]> {
    this.running ??= this.runAll();
    return this.running;
  }

  private async runAll(): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push({ label: step.label, error });
      }
    }
    this.steps = [];
    return failures;
  }
}
