import { BadInputError, ExitCode, StoppedAfterChangesError, type RunChange } from '../lib/errors.js';
import type { Pending, RetiredCredentials, Step, StepId, StepOutcome } from '../contracts/step.js';
import type { StepResultStatus } from '../contracts/step-status.js';

/** Where one step of a run ended up. */
export interface StepResult {
  readonly id: StepId;
  readonly status: StepResultStatus;
  readonly summary: string;
  readonly pending?: Pending;
}

/**
 * What a run has done so far, kept in one place: each step's result and failure (by its index in
 * the flow), what it changed in the account, and the facts its plans reported. The schedule and the
 * run of each step write it; runFlow reads the run's outcome from it at the end.
 */
export class RunRecord {
  private readonly results: StepResult[] = [];
  private readonly failures = new Map<number, Error>();
  /** Steps applied, with their summary, by index. */
  private readonly applied = new Map<number, string>();
  /** Steps whose apply() began but did not return. */
  private readonly applying = new Set<number>();
  private changed = 0;
  private retired: RetiredCredentials | undefined;
  /** Facts the steps' plans reported (e.g. `alias`). */
  readonly facts: Record<string, string> = {};

  constructor(
    private readonly steps: readonly Step[],
    /** Mutating calls AWS applied, or may have, since the run started (a lost answer counts). */
    private readonly mutatingCallsSinceStart: () => number,
  ) {}

  /** The steps' results, in flow order. */
  get stepResults(): readonly StepResult[] {
    return this.results;
  }

  get changedSteps(): number {
    return this.changed;
  }

  get pendingSteps(): number {
    return this.results.filter((r) => r.status === 'pending').length;
  }

  /** Set once a step has put the caller under the MFA policy: from then on no call may be sent. */
  get credentialsRetired(): RetiredCredentials | undefined {
    return this.retired;
  }

  get anyFailed(): boolean {
    return this.failures.size > 0;
  }

  setResult(index: number, result: StepResult): void {
    this.results[index] = result;
  }

  fail(index: number, error: Error): void {
    this.failures.set(index, error);
  }

  /** Steps fail concurrently in scripted runs: the exit code and message follow the earliest in flow order. */
  firstFailure(): Error | undefined {
    return this.failures.size === 0 ? undefined : this.failures.get(Math.min(...this.failures.keys()));
  }

  addFacts(facts: Readonly<Record<string, string>> | undefined): void {
    Object.assign(this.facts, facts);
  }

  applyStarted(index: number): void {
    this.applying.add(index);
  }

  applyReturned(index: number, outcome: StepOutcome): void {
    this.applying.delete(index);
    this.applied.set(index, outcome.summary);
    this.changed++;
    this.retired ??= outcome.credentialsRetired;
  }

  /**
   * The run's error and exit code. Any failure after the account changed is exit 1 and lists what
   * changed (StoppedAfterChangesError): exit 2 promises that nothing was.
   */
  ending(failure: Error | undefined): { exitCode: number; error?: Error } {
    const error = failure && this.changedAccount() ? new StoppedAfterChangesError(failure, this.runChanges()) : failure;
    if (error) return { exitCode: error instanceof BadInputError ? ExitCode.badInput : ExitCode.failure, error };
    return { exitCode: this.results.some((r) => r.status === 'pending') ? ExitCode.pendingManual : ExitCode.done };
  }

  /** Whether this run changed the account: a step applied, or a mutating call AWS applied or may have. */
  private changedAccount(): boolean {
    return this.applied.size > 0 || this.mutatingCallsSinceStart() > 0;
  }

  private runChanges(): RunChange[] {
    return this.steps.flatMap((step, index): RunChange[] => {
      const summary = this.applied.get(index);
      if (summary !== undefined) {
        // Made, but the stop came before the step read its change back from the account.
        const unconfirmed = this.results[index]?.status === 'failed' ? ' (made, not yet read back)' : '';
        return [{ step: step.id, summary: `${summary}${unconfirmed}` }];
      }
      if (this.applying.has(index)) return [{ step: step.id }];
      return [];
    });
  }
}
