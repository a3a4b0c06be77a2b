import { CreateLoginProfileCommand, UpdateLoginProfileCommand, type IAMClient } from '@aws-sdk/client-iam';
import { createIfMissing, retryEventual } from '../aws/errors.js';
import { generatePassword } from '../secrets/password.js';

export type PasswordAction = 'create' | 'reissue' | 'none';

/** A console password is created when missing, and issued again when the last one never reached the operator. */
export function passwordAction(hasLoginProfile: boolean, delivery: 'pending' | 'delivered' | undefined): PasswordAction {
  if (!hasLoginProfile) return 'create';
  return delivery === 'pending' ? 'reissue' : 'none';
}

/**
 * Generates a one-time password and sets it as the user's console password, to be changed at first
 * sign-in. `recordIntent` runs before AWS sees the password: if the run dies after AWS accepts it, the
 * resume knows it never reached the operator and issues another.
 */
export async function issueConsolePassword(
  iam: IAMClient,
  user: string,
  action: Exclude<PasswordAction, 'none'>,
  minimumLength: number,
  recordIntent: () => Promise<void>,
): Promise<string> {
  const password = generatePassword({ minimumLength });
  await recordIntent();
  const input = { UserName: user, Password: password, PasswordResetRequired: true };
  if (action === 'create') {
    // Already there: a retried request whose first answer was lost. Setting the same password again
    // makes sure the one handed to the operator is the one that works.
    if (!(await createIfMissing(() => retryEventual(() => iam.send(new CreateLoginProfileCommand(input)))))) {
      await retryEventual(() => iam.send(new UpdateLoginProfileCommand(input)));
    }
  } else {
    await retryEventual(() => iam.send(new UpdateLoginProfileCommand(input)));
  }
  return password;
}
