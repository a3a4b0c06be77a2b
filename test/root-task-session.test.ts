import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RootTaskPolicyName } from './support/aws-layer.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

// An sts:AssumeRoot session, as AWS Organizations' centralized root access opens it on a member
// account: it signs as that account's root user with temporary keys, limited to one task policy.
// moto has no AssumeRoot; the layer (test/support/layer/authorization.ts) knows the session's key
// and refuses what its task policy does not allow, as AWS does.

const sessionKey = 'ASIATASKSESSION00001';
const rootKey = 'AKIAROOTMEMBERKEY001';
const rootCertificate = 'ROOTCERTIFICATE00001';
const probeKey = 'AWSDAYONETASKPOLICYPROBE0000000000000000';

const otherSteps = [
  'account-alias',
  'password-policy',
  'admin-group',
  'admin-user',
  'admin-mfa',
  'team-groups',
  'team-users',
  'support-role',
  'security-contact',
  'root-mfa',
  'caller-group-mfa',
];

async function taskSession(policy: RootTaskPolicyName) {
  const account = await freshAccount({
    layer: { root: { accessKeys: [rootKey], signingCertificates: [rootCertificate], taskSessions: { [sessionKey]: policy } } },
  });
  const env = { AWS_ACCESS_KEY_ID: sessionKey, AWS_SECRET_ACCESS_KEY: 'task-secret', AWS_SESSION_TOKEN: 'task-session-token' };
  const dir = tempDir();
  const args = ['--answers', writeAnswers(dir, dayOneAnswers(account.accountId, 'task-co')), '--state-dir', join(dir, 'state')];
  return { ...account, env, dir, args };
}

/** The calls of connecting (who is calling, which task policy) and of root-access-keys: nothing else goes out. */
const connectAndRootKeyCalls = new Set([
  'GetCallerIdentity',
  'ListAccountAliases',
  'ListAccessKeys',
  'ListSigningCertificates',
  'DeleteAccessKey',
  'DeleteSigningCertificate',
]);

function notPossibleLine(id: string, policy: string, allows: string): string {
  return (
    `[pending] ${id}: not possible with these credentials, so not attempted: task policy ${policy} allows only ${allows}. ` +
    'Run aws-day-one again as the root user, or as an IAM user or role with AdministratorAccess'
  );
}

describe('an sts:AssumeRoot task session runs what its task policy allows', () => {
  it("IAMDeleteRootUserCredentials: root's keys and certificates are deleted, every other step is reported and sends nothing", async () => {
    const { accountId, proxy, env, dir, args } = await taskSession('IAMDeleteRootUserCredentials');
    const run = await runCli(['apply', ...args], { endpoint: proxy.url, env, cwd: dir });

    // Work is left that these credentials cannot do: exit 3, not 0, and not 2 (something ran).
    expect(run.code, run.stderr).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `[info] running as arn:aws:iam::${accountId}:root ` +
        `(an sts:AssumeRoot task session: the root user, limited to task policy IAMDeleteRootUserCredentials) in account ${accountId}`,
    );
    for (const id of otherSteps) {
      expect(lines).toContain(notPossibleLine(id, 'IAMDeleteRootUserCredentials', "reading and deleting the root user's own credentials"));
    }
    expect(lines).toContain('[done] root-access-keys: deleted 1 root access key(s) and 1 root signing certificate(s)');
    expect(proxy.layer!.context.rootAccessKeys.size).toBe(0);
    expect(proxy.layer!.context.rootSigningCertificates.size).toBe(0);

    // Not one request of the other steps: only connecting's and root-access-keys' own calls.
    expect(proxy.requests.filter((r) => !connectAndRootKeyCalls.has(r.action)).map((r) => r.action)).toEqual([]);
    expect(proxy.requests.every((r) => r.accessKeyId === sessionKey)).toBe(true);
    // The probe deleted nothing: its key ID is one no key can have.
    const deletions = proxy.requests
      .filter((r) => r.action.startsWith('Delete'))
      .map((r) => r.params['AccessKeyId'] ?? r.params['CertificateId']);
    expect(deletions).toEqual([probeKey, rootCertificate, rootKey]);
    // The only refusal was the one that tells a task session from root's own session.
    expect(proxy.requests.filter((r) => r.response?.status === 403).map((r) => r.action)).toEqual(['ListAccountAliases']);
  });

  it('IAMAuditRootUserCredentials: reads only, so root keeps its keys and the step says why; exit 3', async () => {
    const { accountId, proxy, env, dir, args } = await taskSession('IAMAuditRootUserCredentials');
    const run = await runCli(['apply', ...args], { endpoint: proxy.url, env, cwd: dir });

    expect(run.code, run.stderr).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toContain('(an sts:AssumeRoot task session: the root user, limited to task policy IAMAuditRootUserCredentials)');
    for (const id of otherSteps)
      expect(lines).toContain(notPossibleLine(id, 'IAMAuditRootUserCredentials', "reading the root user's own credentials"));
    expect(lines).toContain(
      `[pending] root-access-keys: the root user has access keys and signing certificates (${rootKey}, ${rootCertificate}); ` +
        'deleting them is not possible with these credentials, so not attempted: task policy IAMAuditRootUserCredentials allows reading them only. ' +
        'Run again in an sts:AssumeRoot session with task policy IAMDeleteRootUserCredentials (from the management or delegated administrator account: ' +
        `aws sts assume-root --target-principal ${accountId} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials)`,
    );
    expect([...proxy.layer!.context.rootAccessKeys, ...proxy.layer!.context.rootSigningCertificates]).toEqual([rootKey, rootCertificate]);
    expect(proxy.requests.filter((r) => !connectAndRootKeyCalls.has(r.action)).map((r) => r.action)).toEqual([]);
    // The one delete sent was the probe, which the task policy refused.
    const deletes = proxy.requests.filter((r) => r.action.startsWith('Delete'));
    expect(deletes.map((r) => [r.params['AccessKeyId'], r.response?.status])).toEqual([[probeKey, 403]]);
    expect(proxy.mutations()).toEqual([]);
  });

  for (const task of ['IAMDeleteRootUserCredentials', 'IAMAuditRootUserCredentials'] as const) {
    it(`plan (${task}) sends no delete, not even the probe: the deletion is planned as the task policy may allow it`, async () => {
      const { proxy, env, dir, args } = await taskSession(task);
      const run = await runCli(['plan', ...args.slice(0, 2)], { endpoint: proxy.url, env, cwd: dir });

      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`root-access-keys  delete root signing certificate ${rootCertificate}`);
      expect(run.stdout).toContain(`delete root access key ${rootKey}`);
      expect(run.stdout).toContain(
        'note: plan does not test whether the task policy allows deleting them (only a delete call would tell); ' +
          'under IAMAuditRootUserCredentials, apply reports them instead',
      );
      expect(run.stdout).toMatch(/^account-alias {5}pending \(by hand\): not possible with these credentials, so not attempted: /m);
      // plan did not ask which policy it is: nothing it prints may name just one.
      const either = 'IAMAuditRootUserCredentials or IAMDeleteRootUserCredentials (plan does not ask which)';
      expect(run.stderr).toContain(`limited to task policy ${either}`);
      expect(run.stdout).toContain(`task policy ${either} allows only reading the root user's own credentials, and perhaps deleting them`);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/task policy IAM(Audit|Delete)RootUserCredentials[^ ]/);
      expect(proxy.requests.filter((r) => r.action.startsWith('Delete'))).toEqual([]);
      expect(proxy.mutations()).toEqual([]);
      expect(proxy.layer!.context.rootAccessKeys.size).toBe(1);
    });
  }

  it("a task policy that allows none of the steps (a bucket's policy): exit 2 listing every step, and status reads what it can", async () => {
    const { accountId, proxy, env, dir, args } = await taskSession('S3UnlockBucketPolicy');
    const run = await runCli(['apply', ...args], { endpoint: proxy.url, env, cwd: dir });

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `error: credentials: arn:aws:iam::${accountId}:root is an sts:AssumeRoot task session whose task policy allows none of this tool's steps ` +
        '(it is neither IAMAuditRootUserCredentials nor IAMDeleteRootUserCredentials); not possible with these credentials, so not attempted: ' +
        `${[...otherSteps, 'root-access-keys'].join(', ')}. ` +
        'Run as the root user, or as an IAM user or role with AdministratorAccess (aws-day-one status works with any credentials)',
    );
    expect(proxy.requests.map((r) => r.action)).toEqual(['GetCallerIdentity', 'ListAccountAliases', 'ListAccessKeys']);

    const status = await runCli(['status'], { endpoint: proxy.url, env });
    expect(status.stderr).toContain(
      `checking arn:aws:iam::${accountId}:root (an sts:AssumeRoot task session: the root user, limited to its task policy)`,
    );
  });
});
