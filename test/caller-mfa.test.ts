import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetGroupCommand,
  ListAttachedGroupPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it, vi } from 'vitest';
import { startingAnswers, type Answers, type TeamAnswers, type UserAnswers } from '../src/answers/answers.js';
import { createAwsClients } from '../src/aws/clients.js';
import { parseCaller, whoAmI } from '../src/aws/caller.js';
import { runFlow, type RunResult } from '../src/engine/run-flow.js';
import { mfaEnforcementPolicy } from '../src/iam/mfa-policy.js';
import type { Operator } from '../src/contracts/operator.js';
import { openStateStore } from '../src/state/state-store.js';
import type { Question } from '../src/contracts/step.js';
import { daySteps } from '../src/steps/index.js';
import type { AwsProxy, RecordedRequest } from './support/aws-proxy.js';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccountWithLayer = freshAccountsClosedAfterEach();
// The layer's root-user part is off here: these tests take moto's own identity for an unknown key
// (the IAM user `moto`) as the caller, where the layer would make that key the root user's. The
// cut-off is replayed from the recorded requests (cutOff below) rather than enforced by the
// layer's authorization part, which does not evaluate moto's default identity.
const freshAccount = () => freshAccountWithLayer({ layer: { off: ['root-user'] } });

// moto signs every request with an unknown key as the IAM user `moto`: that is the caller here, an
// IAM user with long-term keys (no MFA), as whoever runs the tool with their own user's keys.
const callerName = 'moto';
const callerKey = 'AKIAIOSFODNN7EXAMPLE';

interface Start {
  /** Groups the caller is in before the run. */
  readonly callerIn?: readonly string[];
  /** Groups that have RequireMFA before the run. */
  readonly withRequireMfa?: readonly string[];
}

/** The account before the run: the caller exists as an IAM user, in the groups given. */
async function prepare(iam: IAMClient, accountId: string, start: Start): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: callerName }));
  const groups = new Set([...(start.callerIn ?? []), ...(start.withRequireMfa ?? [])]);
  for (const group of groups) await iam.send(new CreateGroupCommand({ GroupName: group }));
  for (const group of start.callerIn ?? []) await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: callerName }));
  if ((start.withRequireMfa ?? []).length > 0) {
    const document = mfaEnforcementPolicy(parseCaller(accountId, `arn:aws:iam::${accountId}:root`));
    await iam.send(new CreatePolicyCommand({ PolicyName: 'RequireMFA', PolicyDocument: JSON.stringify(document) }));
    for (const group of start.withRequireMfa ?? []) {
      await iam.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: `arn:aws:iam::${accountId}:policy/RequireMFA` }));
    }
  }
}

/**
 * Replays the recorded requests against the memberships and attachments the account started with,
 * and returns the position of the request after which the caller sat in a group holding RequireMFA:
 * on AWS every later request signed by the caller (no MFA) is denied.
 */
function cutOff(requests: readonly RecordedRequest[], accountId: string, start: Start): number {
  const policyArn = `arn:aws:iam::${accountId}:policy/RequireMFA`;
  const key = (group: string): string => group.toLowerCase();
  const member = new Set((start.callerIn ?? []).map(key));
  const enforced = new Set((start.withRequireMfa ?? []).map(key));
  return requests.findIndex((request) => {
    if (request.response?.status !== 200) return false;
    const group = key(request.params['GroupName'] ?? '');
    if (request.action === 'AddUserToGroup' && key(request.params['UserName'] ?? '') === key(callerName)) member.add(group);
    if (request.action === 'AttachGroupPolicy' && request.params['PolicyArn'] === policyArn) enforced.add(group);
    return [...member].some((g) => enforced.has(g));
  });
}

/** The rule: the cut is made, and no request signed by the caller follows it. */
function expectNothingAfterTheCut(proxy: AwsProxy, accountId: string, start: Start): RecordedRequest {
  const at = cutOff(proxy.requests, accountId, start);
  expect(at, 'the run never put the caller under RequireMFA').toBeGreaterThanOrEqual(0);
  const later = proxy.requests.slice(at + 1).filter((r) => r.accessKeyId === callerKey);
  expect(
    later.map((r) => r.action),
    `signed by the caller after ${proxy.requests[at]!.action}`,
  ).toEqual([]);
  return proxy.requests[at]!;
}

async function groupsOf(iam: IAMClient, group: string): Promise<{ members: string[]; policies: string[] }> {
  const [found, attached] = await Promise.all([
    iam.send(new GetGroupCommand({ GroupName: group })),
    iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group })),
  ]);
  return {
    members: (found.Users ?? []).map((u) => u.UserName ?? ''),
    policies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyName ?? '').sort(),
  };
}

const developers = 'teams: [{ name: Developers, policies: [PowerUserAccess] }]\n';

describe('apply: the MFA policy reaches the caller only with the last request of the run', () => {
  it.each([
    {
      name: 'admin.name is the caller',
      answers: `admin: { name: ${callerName} }\n`,
      start: {},
      cut: { action: 'AttachGroupPolicy', group: 'Administrators' },
    },
    {
      name: 'the caller is listed in users[]',
      answers: `${developers}users: [{ name: ${callerName}, groups: [Developers] }]\n`,
      start: {},
      cut: { action: 'AttachGroupPolicy', group: 'Developers' },
    },
    {
      name: 'the caller is already in a team group that gets RequireMFA',
      answers: developers,
      start: { callerIn: ['Developers'] },
      cut: { action: 'AttachGroupPolicy', group: 'Developers' },
    },
    {
      name: 'the caller joins a team group that already has RequireMFA',
      answers: `${developers}users: [{ name: ${callerName}, groups: [Developers] }]\n`,
      start: { withRequireMfa: ['Developers'] },
      cut: { action: 'AddUserToGroup', group: 'Developers' },
    },
  ])('$name', async ({ answers, start, cut }) => {
    const { accountId, proxy, iam } = await freshAccount();
    await prepare(iam, accountId, start);
    const dir = tempDir();
    const file = writeAnswers(dir, `account: { alias: cut-off-co }\n${answers}`);
    const run = await runCli(['apply', '--answers', file, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    const made = expectNothingAfterTheCut(proxy, accountId, start);
    expect({ action: made.action, group: made.params['GroupName'] }).toEqual(cut);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/\[done\] caller-group-mfa: /);
    const group = await groupsOf(iam, cut.group);
    expect(group.members).toContain(callerName);
    expect(group.policies).toContain('RequireMFA');
  });

  it('makes one such change when the caller would come under the policy twice, and leaves the other to a run with MFA', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    const start = { callerIn: ['Administrators'] };
    await prepare(iam, accountId, start);
    const dir = tempDir();
    const file = writeAnswers(dir, `account: { alias: twice-co }\n${developers}users: [{ name: ${callerName}, groups: [Developers] }]\n`);
    const run = await runCli(['apply', '--answers', file, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code, run.stderr).toBe(3);
    const made = expectNothingAfterTheCut(proxy, accountId, start);
    // The admin group first: its policy protects the first administrator too.
    expect({ action: made.action, group: made.params['GroupName'] }).toEqual({ action: 'AttachGroupPolicy', group: 'Administrators' });
    expect(run.stderr).toContain('[pending] caller-group-mfa: not done by this run: RequireMFA to group Developers');
    expect((await groupsOf(iam, 'Developers')).policies).toEqual(['PowerUserAccess']);
  });

  it('defers nothing when a group with RequireMFA already holds the caller: its reads went through, so its session has MFA', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    await prepare(iam, accountId, { callerIn: ['Administrators'], withRequireMfa: ['Administrators'] });
    const dir = tempDir();
    const file = writeAnswers(dir, `account: { alias: held-co }\n${developers}users: [{ name: ${callerName}, groups: [Developers] }]\n`);
    const run = await runCli(['apply', '--answers', file, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('[skip] caller-group-mfa: Administrators, Developers already hold you to RequireMFA');
    const group = await groupsOf(iam, 'Developers');
    expect(group.members).toContain(callerName);
    expect(group.policies).toEqual(['PowerUserAccess', 'RequireMFA']);
  });

  it("plans the deferred change as caller-group-mfa's and makes no change", async () => {
    const { accountId, proxy, iam } = await freshAccount();
    await prepare(iam, accountId, {});
    const dir = tempDir();
    const file = writeAnswers(dir, `account: { alias: plan-co }\nadmin: { name: ${callerName} }\n`);
    const run = await runCli(['plan', '--answers', file, '--json', '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { steps: { id: string; changes: { target: string }[] }[] };
    const targets = (id: string): string[] => plan.steps.find((s) => s.id === id)?.changes.map((c) => c.target) ?? [];
    expect(targets('admin-group')).not.toContain('RequireMFA to group Administrators');
    expect(targets('admin-user')).toContain(`${callerName} to group Administrators`);
    expect(targets('caller-group-mfa')).toEqual(['RequireMFA to group Administrators']);
    expect(proxy.mutations()).toEqual([]);
  });
});

/** A person at the wizard who answers these keys and accepts every default and every plan. */
function person(answersByKey: Record<string, unknown>, manualChecks: string[]): Operator {
  return {
    interactive: true,
    async ask(question: Question, current: unknown) {
      if (question.key in answersByKey) return answersByKey[question.key];
      if (question.key.endsWith('.mfa') || question.key === 'admin.mfa') return 'at-first-sign-in';
      return current;
    },
    confirm: async () => true,
    obtainMfaCodes: async () => {
      throw new Error('every MFA is left to the first sign-in here');
    },
    async awaitManual(pending) {
      manualChecks.push(pending.reason);
      return 'later';
    },
  };
}

/** The wizard's engine path (steps one by one, each question asked at its step) against moto. */
async function wizardRun(proxy: AwsProxy, answersByKey: Record<string, unknown>, manualChecks: string[]): Promise<RunResult> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', callerKey);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  try {
    const clients = createAwsClients({ endpointUrl: proxy.url });
    const caller = await whoAmI(clients.sts);
    const answers: Answers = { ...startingAnswers(), account: { alias: 'wizard-cut-co', replaceAlias: true } };
    return await runFlow({
      steps: daySteps,
      clients,
      caller,
      answers,
      operator: person(answersByKey, manualChecks),
      store: openStateStore(join(tempDir(), 'state'), caller.accountId),
      emit: () => {},
      schedule: 'one-by-one',
    });
  } finally {
    vi.unstubAllEnvs();
  }
}

describe('the wizard: an answer naming the caller comes after the group got RequireMFA', () => {
  const team: TeamAnswers = { name: 'Developers', policies: ['PowerUserAccess'], mfaPolicy: true };
  const asUser: UserAnswers = { name: callerName, groups: ['Developers'], mfa: 'at-first-sign-in' };
  it.each([
    { name: 'the caller typed as the first administrator', keys: { 'admin.name': callerName }, group: 'Administrators' },
    { name: 'the caller added in the "add a user" loop', keys: { teams: [team], users: [asUser] }, group: 'Developers' },
  ])('$name: the caller joins that group as the last request', async ({ keys, group }) => {
    const { accountId, proxy, iam } = await freshAccount();
    await prepare(iam, accountId, {});
    const manualChecks: string[] = [];
    const result = await wizardRun(proxy, keys, manualChecks);
    const made = expectNothingAfterTheCut(proxy, accountId, {});
    expect(result.error).toBeUndefined();
    expect(result.steps.find((s) => s.id === 'caller-group-mfa')?.status).toBe('done');
    // The earlier step attached the policy before the answer named the caller, so the join goes last.
    expect({ action: made.action, group: made.params['GroupName'], user: made.params['UserName'] }).toEqual({
      action: 'AddUserToGroup',
      group,
      user: callerName,
    });
    expect((await groupsOf(iam, group)).members).toContain(callerName);
    // The wizard reads nothing more (its end-of-run checklist and manual-step checks included).
    expect(result.credentialsRetired).toMatchObject({ kind: 'need-mfa', reason: expect.stringMatching(/RequireMFA/) });
    // How to go on with these credentials, for the wizard's end (the outcome says it, not the adapter).
    expect(result.credentialsRetired?.kind === 'need-mfa' && result.credentialsRetired.next).toMatch(
      /^enrol an MFA device for .+, then continue with aws-day-one status .*--mfa-code CODE/,
    );
    expect(manualChecks.some((reason) => reason.includes('root user has access keys'))).toBe(false);
  });
});
