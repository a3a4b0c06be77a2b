import { join } from 'node:path';
import { CreateGroupCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { joinedRegExp } from './support/joined-regexp.js';

const freshAccount = freshAccountsClosedAfterEach();

/** Runs apply on a fresh account and returns the first error line, after checking exit 2 and no change. */
async function refused(answers: string): Promise<string> {
  const { proxy } = await freshAccount();
  const dir = tempDir();
  const run = await runCli(['apply', '--answers', writeAnswers(dir, answers), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(proxy.mutations()).toEqual([]);
  return run.stderr.split('\n').find((line) => line.startsWith('error: ')) ?? run.stderr;
}

const account = 'account: { alias: lockout-co }\n';

describe('a password that must be changed at first sign-in, and no permission to change it', () => {
  const auditors = 'teams: [{ name: Auditors, policies: [SecurityAudit], mfaPolicy: false }]\n';
  it('is refused when a user is only in groups without RequireMFA and users may not change passwords', async () => {
    const first = await refused(
      `${account}passwordPolicy: { allowUsersToChangePassword: false }\n${auditors}users: [{ name: alice, groups: [Auditors] }]\n`,
    );
    expect(first).toMatch(
      joinedRegExp(
        /^error: passwordPolicy\.allowUsersToChangePassword: false would lock out users\[0\] \(alice\): /,
        /.*no group in users\[0\]\.groups \(Auditors\) grants iam:ChangePassword/,
      ),
    );
    expect(first).toContain('set mfaPolicy: true on teams[0]');
    expect(first).toContain('add IAMUserChangePassword');
  });

  it('is accepted when RequireMFA or a policy made for it lets every user change their own password', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    for (const teams of [
      'teams: [{ name: Auditors, policies: [SecurityAudit] }]\n',
      'teams: [{ name: Auditors, policies: [SecurityAudit, IAMUserChangePassword], mfaPolicy: false }]\n',
    ]) {
      const answers = writeAnswers(
        dir,
        `${account}passwordPolicy: { allowUsersToChangePassword: false }\n${teams}users: [{ name: alice, groups: [Auditors] }]\n`,
      );
      const plan = await runCli(['plan', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
      expect(plan.code, plan.stderr).toBe(0);
    }
  });
});

describe('IAM names are unique regardless of case', () => {
  it.each([
    [
      'a user named like the admin in another case',
      'users: [{ name: alice, groups: [Administrators] }, { name: cto, groups: [Administrators] }]\n',
      /^error: users\[1\]\.name: is the first administrator \(admin\.name is CTO; IAM user names ignore case\)/,
    ],
    [
      'two users differing only in case',
      'users: [{ name: alice, groups: [Administrators] }, { name: Alice, groups: [Administrators] }]\n',
      /^error: users\[1\]\.name: repeats users\[0\]\.name \(IAM user names ignore case\)/,
    ],
    [
      'a team named like the admin group in another case',
      'teams: [{ name: administrators, policies: [ReadOnlyAccess] }]\n',
      /^error: teams\[0\]\.name: is the admin group \(adminGroup\.name is Administrators; IAM group names ignore case\)/,
    ],
    [
      'two teams differing only in case',
      'teams: [{ name: Devs, policies: [PowerUserAccess] }, { name: DEVS, policies: [ReadOnlyAccess] }]\n',
      /^error: teams\[1\]\.name: repeats teams\[0\]\.name \(IAM group names ignore case\)/,
    ],
  ])('refuses %s (exit 2, nothing changed)', async (_label, lists, message) => {
    expect(await refused(`${account}${lists}`)).toMatch(message);
  });
});

describe('an answer naming an existing user or group in another case', () => {
  const cases: [string, string, { users?: string[]; groups?: string[] }, RegExp][] = [
    [
      'admin.name',
      'admin: { name: cto }\n',
      { users: ['CTO'] },
      /^error: admin\.name: the account already has a user named CTO, and IAM user names ignore case, so cto would be that user: write CTO/,
    ],
    [
      'users[0].name',
      'users: [{ name: Alice, groups: [Administrators] }]\n',
      { users: ['alice'] },
      /^error: users\[0\]\.name: the account already has a user named alice/,
    ],
    [
      'adminGroup.name',
      'adminGroup: { name: administrators }\n',
      { groups: ['Administrators'] },
      /^error: adminGroup\.name: the account already has a group named Administrators, and IAM group names ignore case/,
    ],
    [
      'teams[0].name',
      'teams: [{ name: developers, policies: [PowerUserAccess] }]\n',
      { groups: ['Developers'] },
      /^error: teams\[0\]\.name: the account already has a group named Developers/,
    ],
  ];
  it.each(cases)(
    'is refused naming %s (exit 2, nothing changed), as AWS would take it for that entity',
    async (_key, lists, existing, message) => {
      const { proxy, iam } = await freshAccount();
      for (const name of existing.users ?? []) await iam.send(new CreateUserCommand({ UserName: name }));
      for (const name of existing.groups ?? []) await iam.send(new CreateGroupCommand({ GroupName: name }));
      const dir = tempDir();
      const run = await runCli(['apply', '--answers', writeAnswers(dir, `${account}${lists}`), '--state-dir', join(dir, 'state')], {
        endpoint: proxy.url,
      });
      const first = run.stderr.split('\n').find((line) => line.startsWith('error: ')) ?? run.stderr;
      expect(first).toMatch(message);
      expect(run.code).toBe(2);
      expect(proxy.mutations()).toEqual([]);
    },
  );
});
