import type { IAMClient } from '@aws-sdk/client-iam';

// Exit 2 promises "nothing was changed", so whether a run changed the account must be known for
// certain when it stops, however it stops. The IAM client counts its own mutating calls.

const readOnly = /^(Get|List|Generate|Simulate)/;

/** Errors that prove the request never reached AWS: nothing can have been applied. */
const neverSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

let madeInThisProcess = 0;
const madeBy = new WeakMap<IAMClient, number>();

/**
 * Counts every mutating IAM call that AWS applied, or may have applied (the answer was lost on the
 * way back), once per attempt. Installed once per client; the count is per process, for the CLI.
 */
export function countAccountChanges(client: IAMClient): void {
  if (madeBy.has(client)) return;
  madeBy.set(client, 0);
  const count = (): void => {
    madeInThisProcess++;
    madeBy.set(client, (madeBy.get(client) ?? 0) + 1);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const mutating = !readOnly.test(context.commandName?.replace(/Command$/, '') ?? 'Get');
      try {
        const output = await next(args);
        if (mutating) count();
        return output;
      } catch (error) {
        if (mutating && mayHaveApplied(error)) count();
        throw error;
      }
    },
    // Per attempt, inside the retries: a retried call is counted by the attempt that was applied.
    // High priority: around the deserializer, so AWS's refusals arrive here with their HTTP status.
    { step: 'deserialize', priority: 'high', name: 'awsDayOneCountAccountChanges' },
  );
}

/** Mutating calls made through this client so far (countAccountChanges must have been called). */
export function accountChangesBy(client: IAMClient): number {
  return madeBy.get(client) ?? 0;
}

/** Mutating calls this process made that changed, or may have changed, an account. */
export function accountChangesMade(): number {
  return madeInThisProcess;
}

function mayHaveApplied(error: unknown): boolean {
  // An answer from AWS (an error code) means the call was refused, not applied.
  if (typeof error === 'object' && error !== null && '$metadata' in error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== undefined && status < 500) return false;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return !neverSent.includes(code ?? '');
}
