import { join } from 'node:path';
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { parseCaller } from '../src/aws/caller.js';
import { mfaEnforcementPolicy, samePolicyDocument } from '../src/iam/mfa-policy.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

/**
 * RequireMFA as earlier versions of this tool wrote it: its Deny exempted the enrolment actions on
 * every resource, so beside AdministratorAccess an admin without MFA could enable a device on anyone.
 */
function olderDocument(accountId: string): object {
  const self = `arn:aws:iam::${accountId}:user/\${aws:username}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Effect: 'Allow',
        Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
        Resource: '*',
      },
      { Sid: 'AllowChangeOwnPassword', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: self },
      {
        Sid: 'AllowManageOwnVirtualMFADevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice'],
        Resource: `arn:aws:iam::${accountId}:mfa/*`,
      },
      {
        Sid: 'AllowManageOwnUserMFA',
        Effect: 'Allow',
        Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
        Resource: self,
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [
          'iam:ChangePassword',
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:GetAccountPasswordPolicy',
          'iam:GetMFADevice',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ListVirtualMFADevices',
          'iam:ResyncMFADevice',
          'sts:GetSessionToken',
        ],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  };
}

describe('an account that already has an older RequireMFA', () => {
  it.each([
    ['one version', 1],
    ['the five versions IAM allows', 5],
  ])('gets the current document as the new default version (%s)', async (_label, versionCount) => {
    const { accountId, proxy, iam } = await freshAccount();
    const arn = `arn:aws:iam::${accountId}:policy/RequireMFA`;
    await iam.send(new CreatePolicyCommand({ PolicyName: 'RequireMFA', PolicyDocument: JSON.stringify(olderDocument(accountId)) }));
    for (let v = 2; v <= versionCount; v++) {
      await iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: JSON.stringify({ ...olderDocument(accountId), Id: `older-${v}` }),
          SetAsDefault: v === 2,
        }),
      );
    }
    const dir = tempDir();
    const answers = writeAnswers(dir, 'account: { alias: upgrade-co }\n');
    const run = await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code).toBe(3);

    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const current = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
    const document: unknown = JSON.parse(decodeURIComponent(current.PolicyVersion!.Document!));
    expect(samePolicyDocument(document, mfaEnforcementPolicy(parseCaller(accountId, `arn:aws:iam::${accountId}:root`)))).toBe(true);

    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    // IAM keeps at most five: with five, the oldest version that is not the default (v1) made room.
    expect(versions.map((v) => v.VersionId).sort()).toEqual(versionCount === 5 ? ['v2', 'v3', 'v4', 'v5', 'v6'] : ['v1', 'v2']);
    expect(proxy.mutations().filter((action) => action === 'DeletePolicyVersion')).toHaveLength(versionCount === 5 ? 1 : 0);

    // The re-run finds the document as it should be and changes nothing about it.
    const again = await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(again.stderr).toContain('[skip] admin-group');
  });
});
