import { fail, isoDay, need, pass, someOf, type Check } from '../check.js';

export const expiredCertificatesCheck: Check = {
  id: 'expired-server-certificates',
  title: 'No expired server certificates in IAM',
  controls: ['CIS 1.18', 'IAM.26'],
  // The console cannot list IAM server certificates; the CLI can.
  fix: () => ({ step: null, link: null }),
  evaluate(readings, { now }) {
    const certificates = need(readings.serverCertificates);
    const expired = certificates.filter((c) => c.expiration !== undefined && c.expiration.getTime() < now.getTime());
    if (expired.length > 0) {
      return fail(
        `expired server certificates: ${someOf(expired.map((c) => `${c.name} (${isoDay(c.expiration!)})`))}; ` +
          `delete them with aws iam delete-server-certificate`,
        expired.map((c) => ({ certificate: c.name, arn: c.arn, expiration: c.expiration!.toISOString() })),
      );
    }
    return pass(
      certificates.length === 0
        ? 'no server certificates stored in IAM'
        : `none of ${certificates.length} server certificate(s) has expired`,
    );
  },
};
