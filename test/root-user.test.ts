import { join } from 'node:path';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { defaultRootAccessKey } from './support/aws-layer.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

// The root user as AWS has it (test/support/layer/root-user.ts): moto has no root at all.

describe('the root user', () => {
  it('without a password (root credentials removed centrally), root MFA is not applicable and apply exits 0', async () => {
    // An Organizations member account: no root password, no root keys; an IAM administrator runs the tool.
    const { accountId, proxy, iam } = await freshAccount({ layer: { root: { accessKeys: [], passwordPresent: false } } });
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const dir = tempDir();
    const run = await runCli(
      ['apply', '--answers', writeAnswers(dir, dayOneAnswers(accountId, 'org-member-co')), '--state-dir', join(dir, 'state')],
      {
        endpoint: proxy.url,
        cwd: dir,
        env: { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey },
      },
    );
    expect(run.stderr).toContain('[skip] root-mfa: not applicable: the root user has no password');
    expect(run.stderr).not.toContain('[pending]');
    expect(run.code).toBe(0);
  });

  it('as root, signing certificates are listed and deleted with the access keys, the signing key last', async () => {
    const { accountId, proxy } = await freshAccount({
      layer: { root: { accessKeys: [defaultRootAccessKey, 'AKIAROOTOTHERKEY0001'], signingCertificates: ['ROOTCERTIFICATE00001'] } },
    });
    const dir = tempDir();
    // The first run issues CTO's password, so root's credentials stay (nobody has signed in with it yet);
    // the operator's word counts on the next run, for an admin whose password predates it.
    const first = await runCli(
      ['apply', '--answers', writeAnswers(dir, dayOneAnswers(accountId, 'root-cert-co')), '--state-dir', join(dir, 'state')],
      { endpoint: proxy.url, cwd: dir },
    );
    expect(first.stderr).toMatch(/\[pending\] root-access-keys: the root user has access keys and signing certificates, kept for now/);
    expect(proxy.requests.filter((r) => /^Delete(AccessKey|SigningCertificate)$/.test(r.action))).toEqual([]);
    const answers = dayOneAnswers(accountId, 'root-cert-co').replace('admin:\n', 'admin:\n  signInConfirmed: true\n');
    const run = await runCli(['apply', '--answers', writeAnswers(dir, answers), '--state-dir', join(dir, 'state')], {
      endpoint: proxy.url,
      cwd: dir,
    });
    expect(run.stderr).toMatch(/\[done\] root-access-keys: deleted 2 root access key\(s\) and 1 root signing certificate\(s\)/);
    const deletions = proxy.requests
      .filter((r) => /^Delete(AccessKey|SigningCertificate)$/.test(r.action))
      .map((r) => r.params['AccessKeyId'] ?? r.params['CertificateId']);
    expect(deletions).toEqual(['ROOTCERTIFICATE00001', 'AKIAROOTOTHERKEY0001', defaultRootAccessKey]);
    expect(proxy.requests.at(-1)?.params['AccessKeyId']).toBe(defaultRootAccessKey);
    expect([...proxy.layer!.context.rootSigningCertificates, ...proxy.layer!.context.rootAccessKeys]).toEqual([]);
  });
});
