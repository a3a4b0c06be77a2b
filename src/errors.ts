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
