import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttachGroupPolicyCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../src/answers/answers.js';
import { checkConsecutiveCodes } from '../src/secrets/totp.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

async function attachedArns(iam: IAMClient, group: string): Promise<string[]> {
  const out = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }));
  return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '').sort();
}

async function members(iam: IAMClient, group: string): Promise<string[]> {
  const out = await iam.send(new GetGroupCommand({ GroupName: group }));
  return (out.Users ?? []).map((u) => u.UserName ?? '').sort();
}

const tutorialTeams = `
teams:
  - name: Business-Analysts
    policies: [AmazonDynamoDBReadOnlyAccess]
  - name: Developers
    policies: [PowerUserAccess]
`;

describe('teams and users from the answers file', () => {
  it('sets up the tutorial teams and three users, adds to what exists without removing it, and a re-run changes nothing', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    // Other people's work: a half-made Developers group with an extra policy and member, another group, another user.
    await iam.send(new CreateGroupCommand({ GroupName: 'Developers' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Developers', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'Contractors' }));
    await iam.send(new CreateUserCommand({ UserName: 'legacy-bot' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Developers', UserName: 'legacy-bot' }));

    const dir = tempDir();
    const answers = writeAnswers(
      dir,
      `
account: { id: "${accountId}", alias: teams-co }
admin: { name: CTO, passwordFile: ./cto-password.txt }
${tutorialTeams}
users:
  - name: alice
    groups: [Developers]
    mfa: seed-file
    mfaSeedFile: ./alice-mfa.uri
  - name: bob
    groups: [Business-Analysts]
    mfa: at-first-sign-in
    passwordFile: ./bob-password.txt
  - name: carol
    groups: [Developers, Business-Analysts]
`,
    );
    const stateDir = join(dir, 'state');
    const first = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });
    expect(first.code, first.stderr).toBe(3);

    // Groups: the managed policies plus the MFA-enforcement policy; what was there stays.
    const requireMfa = `arn:aws:iam::${accountId}:policy/RequireMFA`;
    expect(await attachedArns(iam, 'Business-Analysts')).toEqual(
      ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess', requireMfa].sort(),
    );
    expect(await attachedArns(iam, 'Developers')).toEqual(
      ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess', requireMfa].sort(),
    );
    expect(await members(iam, 'Business-Analysts')).toEqual(['bob', 'carol']);
    expect(await members(iam, 'Developers')).toEqual(['alice', 'carol', 'legacy-bot']);
    expect(await members(iam, 'Contractors')).toEqual([]);
    await expect(iam.send(new GetUserCommand({ UserName: 'legacy-bot' }))).resolves.toBeDefined();

    // Users: console password only (reset at first sign-in), permissions only through groups.
    const sentPasswords = new Map<string, string>();
    for (const user of ['alice', 'bob', 'carol']) {
      await expect(iam.send(new GetLoginProfileCommand({ UserName: user }))).resolves.toBeDefined();
      expect((await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata).toEqual([]);
      expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: user }))).AttachedPolicies).toEqual([]);
      expect((await iam.send(new ListUserPoliciesCommand({ UserName: user }))).PolicyNames).toEqual([]);
      const sent = proxy.requests.filter((r) => r.action === 'CreateLoginProfile' && r.params['UserName'] === user);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.params['PasswordResetRequired']).toBe('true');
      sentPasswords.set(user, sent[0]!.params['Password']!);
    }

    // One sign-in card each: alice and carol on stdout, bob (and the admin) in their files.
    expect(first.stdout).toContain('https://teams-co.signin.aws.amazon.com/console');
    expect(first.stdout).toContain('User name:  alice');
    expect(first.stdout).toContain(sentPasswords.get('alice'));
    expect(first.stdout).toContain(sentPasswords.get('carol'));
    expect(first.stdout).not.toContain(sentPasswords.get('bob'));
    expect(first.stdout).toContain(`Password:   written to ${join(dir, 'bob-password.txt')}`);
    const bobFile = join(dir, 'bob-password.txt');
    expect(readFileSync(bobFile, 'utf8').trim()).toBe(sentPasswords.get('bob'));
    expect(statSync(bobFile).mode & 0o777).toBe(0o600);
    for (const password of sentPasswords.values()) expect(first.stderr).not.toContain(password);

    // MFA: alice enrolled now from her seed file; bob and carol at first sign-in (pending).
    const seedPath = join(dir, 'alice-mfa.uri');
    expect(statSync(seedPath).mode & 0o777).toBe(0o600);
    const secret = new URL(readFileSync(seedPath, 'utf8').trim()).searchParams.get('secret')!;
    const enable = proxy.requests.find((r) => r.action === 'EnableMFADevice' && r.params['UserName'] === 'alice')!;
    expect(checkConsecutiveCodes(secret, enable.params['AuthenticationCode1']!, enable.params['AuthenticationCode2']!)).toBeUndefined();
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${accountId}:mfa/aws-day-one-alice`,
    ]);
    for (const user of ['bob', 'carol']) expect((await iam.send(new ListMFADevicesCommand({ UserName: user }))).MFADevices).toEqual([]);
    expect(first.stderr).toContain('[pending] team-users: bob, carol have no MFA yet');

    // What the answers do not mention is reported, never removed.
    expect(first.stderr).toContain('[note] team-groups: Developers also has ReadOnlyAccess; left alone');
    expect(first.stderr).toContain('[note] team-groups: Developers has other members too (legacy-bot); left alone');
    expect(first.stderr).toContain('[note] team-groups: other groups in the account: Contractors; left alone');
    expect(first.stderr).toContain('[note] team-users: other users in the account: legacy-bot; left alone');
    expect(proxy.requests.filter((r) => r.mutating && /^(Delete|Detach|Remove)/.test(r.action))).toEqual([]);

    // The state remembers per-user delivery, and no secret.
    const state = JSON.parse(readFileSync(join(stateDir, `${accountId}.json`), 'utf8'));
    expect(state.steps['team-users'].users).toMatchObject({
      alice: { passwordDelivery: 'delivered', passwordTarget: 'card', mfaSeedTarget: seedPath },
      bob: { passwordDelivery: 'delivered', passwordTarget: bobFile },
      carol: { passwordDelivery: 'delivered', passwordTarget: 'card' },
    });
    for (const file of readdirSync(stateDir)) {
      const content = readFileSync(join(stateDir, file), 'utf8');
      for (const password of sentPasswords.values()) expect(content).not.toContain(password);
      expect(content).not.toContain(secret);
    }

    // A second run: nothing to do, not one mutating call, no password again.
    const before = proxy.requests.length;
    const second = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toContain('nothing to do');
    expect(
      proxy.requests
        .slice(before)
        .filter((r) => r.mutating)
        .map((r) => r.action),
    ).toEqual([]);
    for (const password of sentPasswords.values()) expect(second.stdout).not.toContain(password);
    expect(second.stderr).toContain('[note] team-groups: Developers also has ReadOnlyAccess; left alone');
  });

  it('stops before any change when a managed policy does not exist, naming the key', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    const answers = writeAnswers(
      dir,
      `
account: { alias: typo-co }
teams:
  - name: Developers
    policies: [PowerUserAccess]
  - name: Auditors
    policies: [job-function/ViewOnlyAccess, PowerUserAcces]
users:
  - { name: dave, groups: [Auditors] }
`,
    );
    const run = await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'teams[1].policies[1]: no such policy (arn:aws:iam::aws:policy/PowerUserAcces does not exist); did you mean PowerUserAccess?',
    );
    expect(proxy.mutations()).toEqual([]);
  });

  it('resolves policies given with a path, by bare name or by ARN, and honours mfaPolicy: false', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    const dir = tempDir();
    const answers = writeAnswers(
      dir,
      `
account: { alias: paths-co }
teams:
  - name: Auditors
    policies: [job-function/ViewOnlyAccess, SupportUser, "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"]
    mfaPolicy: false
`,
    );
    const run = await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code, run.stderr).toBe(3);
    expect(await attachedArns(iam, 'Auditors')).toEqual([
      'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
      'arn:aws:iam::aws:policy/job-function/SupportUser',
      'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
    ]);
    expect(run.stderr).toContain('[skip] team-users: no more users asked for');
    expect(await attachedArns(iam, 'Administrators')).toContain(`arn:aws:iam::${accountId}:policy/RequireMFA`);
  });

  it('reissues only the passwords that never reached the operator when a run is cut off', async () => {
    let failCarol = true;
    const { proxy } = await freshAccount({
      decide: (request) => {
        if (failCarol && request.action === 'CreateLoginProfile' && request.params['UserName'] === 'carol') {
          failCarol = false;
          return {
            kind: 'respond',
            status: 400,
            body:
              '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidInput</Code><Message>injected</Message></Error>' +
              '<RequestId>1</RequestId></ErrorResponse>',
          };
        }
        return { kind: 'forward' };
      },
    });
    const dir = tempDir();
    const answers = writeAnswers(
      dir,
      `
account: { alias: resume-co }
admin: { name: CTO, passwordFile: ./cto-password.txt }
${tutorialTeams}
users:
  - { name: alice, groups: [Developers], passwordFile: ./alice-password.txt }
  - { name: carol, groups: [Business-Analysts] }
`,
    );
    const stateDir = join(dir, 'state');
    const first = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('[fail] team-users');

    const before = proxy.requests.length;
    const second = await runCli(['apply', '--answers', answers, '--state-dir', stateDir], { endpoint: proxy.url });
    expect(second.code, second.stderr).toBe(3);
    const profiles = proxy.requests.slice(before).filter((r) => /LoginProfile$/.test(r.action) && r.mutating);
    expect(profiles.map((r) => `${r.action} ${r.params['UserName']}`)).toEqual(['UpdateLoginProfile alice', 'CreateLoginProfile carol']);
    // alice's file held the tool's own undelivered attempt: it is replaced with the new password.
    expect(readFileSync(join(dir, 'alice-password.txt'), 'utf8').trim()).toBe(profiles[0]!.params['Password']);
    expect(second.stdout).toContain(profiles[1]!.params['Password']);
  });
});

describe('teams and users: answers checks', () => {
  const base = 'account: { alias: acme }\n';
  const problem = (yaml: string): string => {
    try {
      parseAnswers(base + yaml, tempDir());
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };

  it('names the list item at fault', () => {
    expect(problem('teams: [{ name: Devs, policies: [PowerUserAccess], extra: 1 }]')).toBe(
      'teams[0].extra: unknown key; allowed keys here: name, policies, mfaPolicy',
    );
    expect(problem('teams: [{ name: Devs, policies: ["not a name"] }]')).toMatch(
      /^teams\[0\]\.policies\[0\]: must be an AWS managed policy name .* \(got "not a name"\)$/,
    );
    expect(problem('teams: [{ name: Devs, policies: [] }, { name: devs, policies: [] }]')).toMatch(
      /^teams\[1\]\.name: repeats teams\[0\]\.name/,
    );
    expect(problem('teams: [{ name: Administrators, policies: [] }]')).toMatch(/^teams\[0\]\.name: is the admin group/);
  });

  it('checks users against the teams, the admin and each other', () => {
    const teams = 'teams: [{ name: Devs, policies: [] }]\n';
    expect(problem(`${teams}users: [{ name: a, groups: [Dev] }]`)).toBe(
      'users[0].groups[0]: is neither a team of this file nor the admin group; did you mean Devs? (got "Dev")',
    );
    expect(problem(`${teams}users: [{ name: a, groups: [] }]`)).toMatch(
      /^users\[0\]\.groups: must be a list of one or more group names.*\(got an empty list\)$/,
    );
    expect(problem(`${teams}users: [{ name: a, groups: [Devs] }, { name: A, groups: [Devs] }]`)).toMatch(
      /^users\[1\]\.name: repeats users\[0\]\.name/,
    );
    expect(problem(`${teams}users: [{ name: CTO, groups: [Devs] }]`)).toMatch(/^users\[0\]\.name: is the first administrator/);
    expect(problem(`${teams}users: [{ name: a, groups: [Devs], mfa: seed-file }]`)).toMatch(
      /^users\[0\]\.mfaSeedFile: is required when users\[0\]\.mfa is seed-file/,
    );
    expect(problem(`${teams}users: [{ name: a, groups: [Devs], passwordFile: /no/such/dir/pw }]`)).toMatch(
      /^users\[0\]\.passwordFile: directory \/no\/such\/dir does not exist/,
    );
    expect(
      problem(
        `${teams}users: [{ name: a, groups: [Devs], passwordFile: ./pw }, { name: b, groups: [Administrators], passwordFile: ./pw }]`,
      ),
    ).toBe('users[1].passwordFile: is the same file as users[0].passwordFile; every secret needs a file of its own');
    expect(problem(`${teams}users: [{ name: a, groups: [Devs, Administrators], mfa: seed-file, mfaSeedFile: ./a.uri }]`)).toBe('no error');
  });
});
