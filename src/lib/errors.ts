/** Exit codes are a contract (README, issues): keep them. */
export const ExitCode = {
  done: 0,
  failure: 1,
  badInput: 2,
  pendingManual: 3,
} as const;

/** Input the operator must fix; nothing in the account was changed. Exit 2. */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    /** The key or flag at fault, e.g. `admin.name` or `--account-id`. */
    readonly field: string,
    /** What is wrong and how to fix it. */
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** An AWS call failed in a way retries cannot mend. Exit 1. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly action: string,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The account does not show what a step just did. Exit 1. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}

/** What a run had changed when it stopped: a step it finished, or one it stopped in the middle of. */
export interface RunChange {
  readonly step: string;
  /** The step's own summary, or undefined when it stopped partway through its change. */
  readonly summary?: string;
}

/**
 * Any error after the run's first change: exit 1 whatever the cause, since exit 2 promises that
 * nothing was changed. The message says what the run had changed, and that a re-run continues.
 */
export class StoppedAfterChangesError extends Error {
  override readonly name = 'StoppedAfterChangesError';
  constructor(
    override readonly cause: Error,
    readonly changes: readonly RunChange[],
  ) {
    super(`${cause.message}\n${describeChanges(changes)}`);
  }
}

/** The lines after the error: what this run changed, and what a re-run does. */
export function describeChanges(changes: readonly RunChange[]): string {
  const lines =
    changes.length > 0
      ? changes.map((change) => `  - ${change.step}: ${change.summary ?? 'stopped partway; part of its change may be made'}`)
      : ['  - calls whose answers were lost, which AWS may have applied'];
  return [
    'Before it stopped, this run changed the account:',
    ...lines,
    'Run it again: it reads the account and continues from there.',
  ].join('\n');
}
