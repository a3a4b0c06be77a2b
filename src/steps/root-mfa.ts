import { readAccountSummary } from '../iam/account-reads.js';
import { consoleUrl } from '../aws/caller.js';
import { VerifyError } from '../lib/errors.js';
import { defineStep } from '../contracts/step.js';

interface Inspection {
  readonly enabled: boolean;
  /**
   * AccountPasswordPresent 0: the root user has no password (AWS Organizations' centralized root
   * access removed it, or GovCloud): it cannot sign in, so MFA for it does not apply (CIS counts it
   * as a pass). An account that does not report the key has a root password.
   */
  readonly rootHasNoPassword: boolean;
}

export const rootMfa = defineStep<Inspection, null>({
  id: 'root-mfa',
  title: 'MFA for the root user',
  why:
    'The root user can do anything, including close the account; the API cannot enrol its MFA, so this is done in the console and ' +
    'checked here.',

  async inspect({ reads }) {
    const summary = await reads.accountSummary();
    return { enabled: summary['AccountMFAEnabled'] === 1, rootHasNoPassword: summary['AccountPasswordPresent'] === 0 };
  },

  plan({ enabled, rootHasNoPassword }, { caller }) {
    if (enabled) return { changes: [], upToDate: 'root user has MFA', data: null };
    if (rootHasNoPassword) {
      return {
        changes: [],
        upToDate: 'not applicable: the root user has no password (root credentials removed centrally), so nobody can sign in as root',
        data: null,
      };
    }
    const link = consoleUrl(caller.partition, '/iam/home#/security_credentials');
    return {
      changes: [],
      pending: {
        reason: 'the root user has no MFA',
        howTo:
          `Sign in as the root user (email and password), open ${link}, choose "Assign MFA device", and follow the steps; then run ` +
          `aws-day-one again to check`,
        link,
      },
      data: null,
    };
  },

  async apply() {
    // plan() never lists a change: only a person can enrol root MFA.
    return { summary: 'nothing to apply' };
  },

  async verify(_plan, { iam }) {
    const summary = await readAccountSummary(iam);
    if (summary['AccountMFAEnabled'] !== 1) throw new VerifyError('root user MFA is not enabled');
  },
});
