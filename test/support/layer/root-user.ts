import { errorAnswer, isSuccess, resultAnswer, type LayerAnswer, type LayerPart } from './core.js';

/**
 * Part 6, the root user: moto never answers as root. Here the keys the tests sign with are the
 * root user's (test/support/aws-layer.ts), GetCallerIdentity says so, ListAccessKeys and
 * ListSigningCertificates without a user name list root's own, GetAccountSummary counts them (and
 * says whether root has MFA and a password), and a deleted key no longer signs anything.
 */
export const rootUserPart: LayerPart = {
  name: 'root-user',
  async before(request, ctx) {
    const identity = await ctx.identity(request);
    if (identity.kind === 'invalid') {
      return errorAnswer(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.', request.service);
    }
    if (identity.kind !== 'root') return undefined;
    const { action, params } = request;
    if (request.service !== 'iam' || params['UserName']) return undefined;
    if (action === 'ListAccessKeys') {
      const members = [...ctx.rootAccessKeys].map(
        (id) => `<member><AccessKeyId>${id}</AccessKeyId><Status>Active</Status><CreateDate>2026-01-01T00:00:00Z</CreateDate></member>`,
      );
      return resultAnswer(
        'iam',
        'ListAccessKeys',
        `<AccessKeyMetadata>${members.join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`,
      );
    }
    if (action === 'ListSigningCertificates') {
      const members = [...ctx.rootSigningCertificates].map(
        (id) =>
          `<member><CertificateId>${id}</CertificateId><CertificateBody>-----BEGIN CERTIFICATE-----</CertificateBody>` +
          `<Status>Active</Status><UploadDate>2026-01-01T00:00:00Z</UploadDate></member>`,
      );
      return resultAnswer(
        'iam',
        'ListSigningCertificates',
        `<Certificates>${members.join('')}</Certificates><IsTruncated>false</IsTruncated>`,
      );
    }
    if (action === 'DeleteAccessKey') {
      const id = params['AccessKeyId'] ?? '';
      if (!ctx.rootAccessKeys.delete(id)) return errorAnswer(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
      ctx.revokedKeys.add(id);
      return resultAnswer('iam', 'DeleteAccessKey');
    }
    if (action === 'DeleteSigningCertificate') {
      const id = params['CertificateId'] ?? '';
      if (!ctx.rootSigningCertificates.delete(id))
        return errorAnswer(404, 'NoSuchEntity', `The Certificate with id ${id} cannot be found.`);
      return resultAnswer('iam', 'DeleteSigningCertificate');
    }
    return undefined;
  },
  async after(request, answer, ctx): Promise<LayerAnswer | undefined> {
    if (request.service === 'sts' && request.action === 'GetCallerIdentity' && isSuccess(answer)) {
      // Rewritten rather than answered, so fault tests can still hold or drop moto's answer.
      // Root's ARN is the account's, and its UserId is the account ID.
      if ((await ctx.identity(request)).kind !== 'root') return undefined;
      return resultAnswer(
        'sts',
        'GetCallerIdentity',
        `<Arn>arn:aws:iam::${ctx.accountId}:root</Arn><UserId>${ctx.accountId}</UserId><Account>${ctx.accountId}</Account>`,
      );
    }
    if (request.service !== 'iam' || request.action !== 'GetAccountSummary' || !isSuccess(answer)) return undefined;
    const root = ctx.options.root ?? {};
    const values: Record<string, number> = {
      AccountMFAEnabled: root.mfaEnabled ? 1 : 0,
      AccountAccessKeysPresent: ctx.rootAccessKeys.size > 0 ? 1 : 0,
      AccountSigningCertificatesPresent: ctx.rootSigningCertificates.size > 0 ? 1 : 0,
      AccountPasswordPresent: root.passwordPresent === false ? 0 : 1,
    };
    let body = answer.body;
    for (const [key, value] of Object.entries(values)) {
      const entry = `<entry><key>${key}</key><value>${value}</value></entry>`;
      const existing = new RegExp(`<entry>\\s*<key>${key}</key>\\s*<value>[^<]*</value>\\s*</entry>`);
      body = existing.test(body) ? body.replace(existing, entry) : body.replace('</SummaryMap>', `${entry}</SummaryMap>`);
    }
    return { status: answer.status, body };
  },
};
