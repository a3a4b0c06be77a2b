import { join } from 'node:path';
import { ListAttachedGroupPoliciesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { joinedRegExp } from './support/joined-regexp.js';

const freshAccount = freshAccountsClosedAfterEach();

// IAM is eventually consistent (test/support/layer/eventual-consistency.ts). The tool waits up to
// 2 minutes for a change to show, like Terraform's AWS provider; AWS_DAY_ONE_IAM_WAIT_SECONDS makes
// that cap short here, so the test runs fast and asserts no timing.

describe('waits for IAM', () => {
  it('a change AWS accepted but does not show yet is reported as such, not as a failed step', async () => {
    // Attachments and memberships stay missing from reads far longer than the cap.
    const { accountId, proxy, iam } = await freshAccount({ layer: { linkDelayMs: 600_000 } });
    const dir = tempDir();
    const run = await runCli(
      ['apply', '--answers', writeAnswers(dir, dayOneAnswers(accountId, 'slow-iam-co')), '--state-dir', join(dir, 'state')],
      {
        endpoint: proxy.url,
        cwd: dir,
        env: { AWS_DAY_ONE_IAM_WAIT_SECONDS: '2' },
      },
    );
    expect(run.stderr).toContain(
      '[note] admin-group: waiting for IAM to show the change (AWS applies IAM changes with a delay; up to 2 s)',
    );
    expect(run.stderr).toMatch(
      joinedRegExp(
        /\[note\] admin-group: AWS accepted the change but does not show it yet after \d+ s \(IAM changes take time to appear\); /,
        /run aws-day-one again later to check/,
      ),
    );
    expect(run.stderr).toContain('[done] admin-group');
    expect(run.stderr).not.toContain('[fail]');
    // Done except what a person finishes (root MFA), not a failure.
    expect(run.code).toBe(3);
    expect(
      (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Administrators' }))).AttachedPolicies?.map(
        (p) => p.PolicyName,
      ).sort(),
    ).toEqual(['AdministratorAccess', 'RequireMFA']);
  });
});
