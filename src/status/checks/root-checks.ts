import { consoleUrl } from '../../aws/caller.js';
import { daysSince, fail, isoDay, need, pass, unknown, type Check, type Evidence, type Verdict } from '../check.js';
import { reportDate, rootRowName } from '../credential-report.js';

const securityCredentials = (partition: string): string => consoleUrl(partition, '/iam/home#/security_credentials');

/** CIS 1.6 leaves "recently" to the reader; a week catches a root user still in use for daily work. */
export const rootRecentUseDays = 7;

export const rootAccessKeysCheck: Check = {
  id: 'root-access-keys',
  title: 'Root user has no access keys',
  controls: ['CIS 1.3', 'IAM.4'],
  fix: ({ partition }) => ({ step: 'root-access-keys', link: securityCredentials(partition) }),
  evaluate(readings) {
    const present = need(readings.summary)['AccountAccessKeysPresent'];
    if (present === undefined) return unknown('GetAccountSummary did not report AccountAccessKeysPresent');
    const evidence = [{ AccountAccessKeysPresent: present }];
    return present === 0
      ? pass('the root user has no access keys (AccountAccessKeysPresent 0)', evidence)
      : fail(`the root user has access keys (AccountAccessKeysPresent ${present})`, evidence);
  },
};

/**
 * A root user without a password (an Organizations member whose root credentials were removed
 * centrally, GovCloud) cannot sign in, so root MFA does not apply: CIS and Prowler count it as a pass.
 */
export function rootWithoutPassword(summary: Readonly<Record<string, number>>): Verdict | undefined {
  if (summary['AccountPasswordPresent'] !== 0) return undefined;
  return pass('not applicable: the root user has no password (AccountPasswordPresent 0), so nobody can sign in as root; counts as a pass', [
    { AccountPasswordPresent: 0, AccountMFAEnabled: summary['AccountMFAEnabled'] ?? null, applicable: false },
  ]);
}

export const rootMfaCheck: Check = {
  id: 'root-mfa',
  title: 'Root user has MFA',
  controls: ['CIS 1.4', 'IAM.9'],
  fix: ({ partition }) => ({ step: 'root-mfa', link: securityCredentials(partition) }),
  evaluate(readings) {
    const summary = need(readings.summary);
    const noPassword = rootWithoutPassword(summary);
    if (noPassword) return noPassword;
    const enabled = summary['AccountMFAEnabled'];
    if (enabled === undefined) return unknown('GetAccountSummary did not report AccountMFAEnabled');
    const evidence = [{ AccountMFAEnabled: enabled }];
    return enabled === 1
      ? pass('the root user signs in with MFA (AccountMFAEnabled 1)', evidence)
      : fail(`the root user has no MFA (AccountMFAEnabled ${enabled}); only the root user can enrol it, in the console`, evidence);
  },
};

/** AWS names a root user's virtual MFA device this way; a hardware device is not listed as virtual. */
const rootVirtualSerial = /:mfa\/root-account-mfa-device$/;

export const rootHardwareMfaCheck: Check = {
  id: 'root-hardware-mfa',
  title: 'Root user has hardware MFA',
  controls: ['CIS 1.5', 'IAM.6'],
  fix: ({ partition }) => ({ step: null, link: securityCredentials(partition) }),
  evaluate(readings) {
    const summary = need(readings.summary);
    const noPassword = rootWithoutPassword(summary);
    if (noPassword) return noPassword;
    const enabled = summary['AccountMFAEnabled'];
    if (enabled === undefined) return unknown('GetAccountSummary did not report AccountMFAEnabled');
    if (enabled !== 1) return fail(`the root user has no MFA at all (AccountMFAEnabled ${enabled})`, [{ AccountMFAEnabled: enabled }]);
    const virtual = need(readings.virtualMfaDevices).filter(
      (d) => rootVirtualSerial.test(d.serialNumber) || (d.userArn?.endsWith(':root') ?? false),
    );
    if (virtual.length > 0) {
      return fail(
        `the root user's MFA is a virtual device (${virtual[0]!.serialNumber}); CIS 1.5 asks for a hardware key or token`,
        virtual.map((d) => ({ serialNumber: d.serialNumber, virtual: true })),
      );
    }
    return pass('the root user signs in with MFA that is not a virtual device (hardware)', [{ AccountMFAEnabled: 1, virtual: false }]);
  },
};

const rootCredentials = [
  ['password', 'password_last_used'],
  ['access key 1', 'access_key_1_last_used_date'],
  ['access key 2', 'access_key_2_last_used_date'],
] as const;

export const rootRecentUseCheck: Check = {
  id: 'root-recent-use',
  title: `Root user unused for ${rootRecentUseDays} days`,
  controls: ['CIS 1.6'],
  fix: () => ({ step: 'admin-user', link: null }),
  evaluate(readings, { now }) {
    const report = need(readings.credentialReport);
    const root = report.rows.find((row) => row.user === rootRowName);
    if (!root) return unknown(`the credential report has no ${rootRowName} row`);
    const uses: Evidence[] = [];
    for (const [credential, column] of rootCredentials) {
      const used = reportDate(root[column]);
      if (used) uses.push({ credential, lastUsed: used.toISOString(), daysAgo: daysSince(used, now) });
    }
    const recent = uses.filter((use) => (use.daysAgo as number) < rootRecentUseDays);
    if (recent.length > 0) {
      const words = recent.map((use) => `${use.credential} used ${isoDay(new Date(use.lastUsed as string))} (${use.daysAgo} days ago)`);
      return fail(`root ${words.join(', ')}; sign in as an administrator for daily work`, recent);
    }
    if (uses.length === 0) return pass('the root user has never been used to sign in or call AWS', uses);
    const latest = uses.reduce((a, b) => ((a.daysAgo as number) <= (b.daysAgo as number) ? a : b));
    return pass(`root last used ${latest.daysAgo} days ago (${latest.credential})`, uses);
  },
};
