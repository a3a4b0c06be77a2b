/**
 * When a password counts as delivered: only once its bytes reached where the operator asked for them
 * (the file written, fsynced and renamed; stdout's write accepted; the person saw it). A password
 * that did not get there stays 'pending' in the state, and the next run issues a new one.
 */

/** One or more passwords of this run reached nobody. Exit 1. */
export class PasswordNotDeliveredError extends Error {
  override readonly name = 'PasswordNotDeliveredError';
  constructor(
    readonly userNames: readonly string[],
    reason: string,
  ) {
    super(`${describeUsers(userNames)} not delivered: ${reason}; the next run issues a new one`);
  }
}

function describeUsers(userNames: readonly string[]): string {
  const names = userNames.join(', ');
  return userNames.length === 1 ? `the password of ${names} was` : `the passwords of ${names} were`;
}

/**
 * Writes to a stream and resolves once the write was accepted (its callback without an error):
 * a closed pipe (EPIPE) or a full disk (ENOSPC, e.g. `> /dev/full`) rejects instead of killing the
 * process with an unhandled 'error' event.
 */
export function writeChecked(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onError = (error: Error): void => settle(error);
    function settle(error: Error | null | undefined): void {
      if (settled) return;
      settled = true;
      stream.off('error', onError);
      if (error) reject(error);
      else resolve();
    }
    stream.on('error', onError);
    try {
      stream.write(text, (error) => settle(error));
    } catch (error) {
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
