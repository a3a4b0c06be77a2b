import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { checkConsecutiveCodes } from '../src/secrets/totp.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { dayOneAnswers } from './support/day-one-answers.js';
import { expectAdministratorsGroup } from './support/day-one-state.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

describe('apply --answers on a fresh account', () => {
  it('leaves the day-1 state in the emulator, then a re-run changes nothing', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    const dir = tempDir();
    const answers = writeAnswers(dir, dayOneAnswers(accountId, 'acme-prod'));
    const stateDir = join(dir, 'state');
    const first = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });

    // Root MFA cannot be enrolled through the API, so the run ends "done except pending manual steps".
    expect(first.stderr).toContain('[done] account-alias: acme-prod');
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('[pending] root-mfa');

    const alias = await iam.send(new ListAccountAliasesCommand({}));
    expect(alias.AccountAliases).toEqual(['acme-prod']);

    const policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    expect(policy).toMatchObject({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      HardExpiry: false,
    });

    await expectAdministratorsGroup(iam, accountId);
    const mfaPolicy = await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${accountId}:policy/RequireMFA` }));
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: mfaPolicy.Policy!.Arn!, VersionId: mfaPolicy.Policy!.DefaultVersionId! }),
    );
    const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
    const deny = document.Statement.find((s: { Sid: string }) => s.Sid === 'DenyAllExceptListedIfNoMFA');
    expect(deny.Condition).toEqual({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
    expect(deny.NotAction).toEqual(expect.arrayContaining(['iam:ChangePassword', 'iam:GetAccountPasswordPolicy', 'iam:EnableMFADevice']));
    expect(JSON.stringify(document)).toContain(`arn:aws:iam::${accountId}:user/\${aws:username}`);
    expect(JSON.stringify(document)).not.toContain('CTO');

    // The user: console password only, permissions only through the group.
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'CTO' }))).resolves.toBeDefined();
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'CTO' }))).AccessKeyMetadata).toEqual([]);
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'CTO' }))).AttachedPolicies).toEqual([]);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'CTO' }))).PolicyNames).toEqual([]);
    // moto echoes PasswordResetRequired=false whatever was sent, so check what the tool sent.
    const loginProfile = proxy.requests.find((r) => r.action === 'CreateLoginProfile');
    expect(loginProfile?.params['PasswordResetRequired']).toBe('true');
    const password = loginProfile?.params['Password'] ?? '';
    expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z\d]).{20,}$/);

    // The password reached the operator exactly once: on stdout, and nowhere else.
    expect(first.stdout).toContain(password);
    expect(first.stdout).toContain('https://acme-prod.signin.aws.amazon.com/console');
    expect(first.stderr).not.toContain(password);
    for (const file of readdirSync(stateDir)) {
      const content = readFileSync(join(stateDir, file), 'utf8');
      expect(content).not.toContain(password);
      expect(statSync(join(stateDir, file)).mode & 0o777).toBe(0o600);
    }

    // MFA: an enabled device whose seed file yields the codes the tool sent.
    const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'CTO' }));
    expect(devices.MFADevices?.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${accountId}:mfa/aws-day-one-CTO`]);
    const seedPath = join(dir, 'cto-mfa.uri');
    expect(statSync(seedPath).mode & 0o777).toBe(0o600);
    const uri = readFileSync(seedPath, 'utf8').trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Amazon%20Web%20Services:CTO%40acme-prod\?secret=[A-Z2-7]+/);
    const secret = new URL(uri).searchParams.get('secret')!;
    const enable = proxy.requests.find((r) => r.action === 'EnableMFADevice')!;
    expect(checkConsecutiveCodes(secret, enable.params['AuthenticationCode1']!, enable.params['AuthenticationCode2']!)).toBeUndefined();
    for (const file of readdirSync(stateDir)) expect(readFileSync(join(stateDir, file), 'utf8')).not.toContain(secret);
    expect(first.stderr).not.toContain(secret);
    expect((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices).toEqual([]);

    // A second run: nothing to do, not one mutating call.
    const before = proxy.requests.length;
    const second = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });
    expect(second.stderr).toContain('nothing to do');
    expect(second.code).toBe(3);
    const secondRequests = proxy.requests.slice(before);
    expect(secondRequests.length).toBeGreaterThan(0);
    expect(secondRequests.filter((r) => r.mutating).map((r) => r.action)).toEqual([]);
    expect(second.stdout).not.toContain(password);
  });

  it('writes the password to admin.passwordFile instead of stdout when asked', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    const answers = writeAnswers(
      dir,
      `
account: { alias: pw-file-co }
admin: { name: Ops, passwordFile: ./ops-password.txt }
`,
    );
    const run = await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state'), '--json'], { endpoint: proxy.url });
    expect(run.code).toBe(3);
    const password = proxy.requests.find((r) => r.action === 'CreateLoginProfile')?.params['Password'];
    expect(password).toBeTruthy();
    const file = join(dir, 'ops-password.txt');
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run.stdout).not.toContain(password!);
    expect(run.stderr).not.toContain(password!);
    const summary = JSON.parse(run.stdout);
    expect(summary.users).toEqual([{ userName: 'Ops', passwordFile: file }]);
    // The run signs with the root user's access key (the layer's root), kept by rootAccessKeys: keep.
    expect(summary.pending.map((p: { id: string }) => p.id)).toEqual(['admin-mfa', 'root-mfa', 'root-access-keys']);
  });
});
