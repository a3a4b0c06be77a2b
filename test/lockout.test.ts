import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListSigningCertificatesCommand,
  ListUserPoliciesCommand,
  type ListAccessKeysCommandInput,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { startingAnswers, type Answers } from '../src/answers/answers.js';
import { parseCaller } from '../src/aws/caller.js';
import { runFlow, type RunResult } from '../src/engine/run-flow.js';
import type { StepPlan } from '../src/contracts/plan.js';
import type { EngineEvent } from '../src/contracts/events.js';
import { AnswersFileOperator } from '../src/scripted/answers-file-operator.js';
import { openStateStore } from '../src/state/state-store.js';
import { desiredPolicy } from '../src/iam/password-policy-rules.js';
import { rootAccessKeys } from '../src/steps/root-access-keys.js';
import { runCli, tempDir } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

describe('the MFA policy never cuts off the run itself', () => {
  it("attaches RequireMFA to the caller's own group as the last change of the run", async () => {
    const { accountId, proxy, iam } = await freshAccount();
    // The caller: an administrator with long-term keys (no MFA in the session), as the layer evaluates it.
    await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Administrators', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'ops' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: self-lock-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./mfa.uri }\n');

    const run = await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], {
      endpoint: proxy.url,
      env: { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /\[note\] admin-group: you \(arn:aws:iam::\d+:user\/ops\) are in Administrators and this session has no MFA/,
    );

    const mutations = proxy.requests.filter((r) => r.mutating && !r.answeredByLayer);
    // Under AWS's evaluation of the caller's policies, nothing the run sent was denied.
    expect(proxy.requests.filter((r) => r.response?.body.includes('<Code>AccessDenied</Code>'))).toEqual([]);
    const requireMfaArn = `arn:aws:iam::${accountId}:policy/RequireMFA`;
    const attachIndex = mutations.findIndex((r) => r.action === 'AttachGroupPolicy' && r.params['PolicyArn'] === requireMfaArn);
    expect(attachIndex).toBe(mutations.length - 1);
    // Nothing at all is sent after it: not even a read the policy would now deny.
    expect(proxy.requests.at(-1)?.action).toBe('AttachGroupPolicy');
    const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Administrators' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName).sort()).toEqual(['AdministratorAccess', 'RequireMFA']);
  });

  it('attaches it with the group when the caller is not a member, before the password reaches anyone', async () => {
    const dir = tempDir();
    const passwordFile = join(dir, 'cto-password.txt');
    let passwordOutWhenAttached: boolean | undefined;
    const { proxy } = await freshAccount({
      decide: (request) =>
        request.action === 'AttachGroupPolicy' && request.params['PolicyArn']?.endsWith(':policy/RequireMFA')
          ? { kind: 'forward-then', holdResponse: false, after: () => (passwordOutWhenAttached = existsSync(passwordFile)) }
          : { kind: 'forward' },
    });
    writeFileSync(join(dir, 'answers.yaml'), `account: { alias: not-member-co }\nadmin: { passwordFile: ${passwordFile} }\n`);
    const run = await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code).toBe(3);
    // The tests' keys are the root user's (test/support/aws-layer.ts): not a member of any group.
    expect(run.stderr).toContain('[skip] caller-group-mfa: not needed: the run is not signed by an IAM user');
    const attaches = proxy.requests
      .filter((r) => r.action === 'AttachGroupPolicy' && !r.answeredByLayer)
      .map((r) => r.params['PolicyArn']?.split('/').pop());
    expect(attaches.sort()).toEqual(['AdministratorAccess', 'RequireMFA']);
    // The user joins the group concurrently, but its password is written only after the attach.
    expect(passwordOutWhenAttached).toBe(false);
    expect(existsSync(passwordFile)).toBe(true);
  });
});

describe('the password policy never sets HardExpiry unless asked', () => {
  it('keeps HardExpiry false even when the account had it on, and sends false to AWS', async () => {
    expect(desiredPolicy({ HardExpiry: true, MaxPasswordAge: 90 }, {}).HardExpiry).toBe(false);
    expect(desiredPolicy(undefined, { maxPasswordAge: 90, hardExpiry: true }).HardExpiry).toBe(true);
    const { proxy, iam } = await freshAccount();
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: expiry-co }\npasswordPolicy: { maxPasswordAge: 90 }\n');
    await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    const sent = proxy.requests.find((r) => r.action === 'UpdateAccountPasswordPolicy');
    expect(sent?.params['HardExpiry']).toBe('false');
    expect(sent?.params['MaxPasswordAge']).toBe('90');
    const policy = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(policy.PasswordPolicy?.HardExpiry).toBe(false);
  });
});

// moto cannot sign as the root user, so these stub the SDK (and only the SDK).
describe('root access keys are deleted only when the new admin can take over', () => {
  const accountId = '111122223333';
  const rootCaller = parseCaller(accountId, `arn:aws:iam::${accountId}:root`);
  // Mock these instances only: mocking the class would also stub the emulator clients of other tests.
  const stubbedIam = new IAMClient({ region: 'us-east-1' });
  const iamMock = mockClient(stubbedIam);
  afterEach(() => {
    iamMock.reset();
  });

  interface Admin {
    exists: boolean;
    inGroup: boolean;
    loginProfile: boolean;
    signedIn: boolean;
  }

  function stubAccount(admin: Admin): void {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 1 } });
    iamMock.on(ListSigningCertificatesCommand).resolves({ Certificates: [] });
    iamMock.on(ListAccessKeysCommand).callsFake((input: ListAccessKeysCommandInput) => ({
      AccessKeyMetadata: input.UserName ? [] : [{ AccessKeyId: 'AKIASIGNINGKEY000001' }, { AccessKeyId: 'AKIAOTHERROOTKEY0002' }],
    }));
    const noSuchEntity = Object.assign(new Error('not found'), { name: 'NoSuchEntity' });
    if (admin.exists) {
      iamMock.on(GetUserCommand).resolves({
        User: {
          UserName: 'CTO',
          UserId: 'AIDA',
          Arn: `arn:aws:iam::${accountId}:user/CTO`,
          Path: '/',
          CreateDate: new Date(),
          ...(admin.signedIn ? { PasswordLastUsed: new Date() } : {}),
        },
      });
    } else {
      iamMock.on(GetUserCommand).rejects(noSuchEntity);
    }
    iamMock.on(ListGroupsForUserCommand).resolves({
      Groups: admin.inGroup ? [{ GroupName: 'Administrators', GroupId: 'AGPA', Arn: 'x', Path: '/', CreateDate: new Date() }] : [],
    });
    if (admin.loginProfile) iamMock.on(GetLoginProfileCommand).resolves({ LoginProfile: { UserName: 'CTO', CreateDate: new Date() } });
    else iamMock.on(GetLoginProfileCommand).rejects(noSuchEntity);
    iamMock.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
    iamMock.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
    iamMock.on(DeleteAccessKeyCommand).resolves({});
  }

  async function run(answers: Answers): Promise<{ events: EngineEvent[]; exitCode: number; result: RunResult; confirmed: StepPlan[] }> {
    const events: EngineEvent[] = [];
    const confirmed: StepPlan[] = [];
    const operator = new AnswersFileOperator();
    const confirm = operator.confirm.bind(operator);
    operator.confirm = (title, plan) => {
      confirmed.push(plan);
      return confirm(title, plan);
    };
    const result = await runFlow({
      steps: [rootAccessKeys],
      clients: { iam: stubbedIam, sts: new STSClient({ region: 'us-east-1' }), signingAccessKeyId: async () => 'AKIASIGNINGKEY000001' },
      caller: rootCaller,
      answers,
      operator,
      store: openStateStore(mkdtempSync(join(tmpdir(), 'aws-day-one-state-')), accountId),
      emit: (event) => events.push(event),
      schedule: 'concurrent',
    });
    return { events, exitCode: result.exitCode, result, confirmed };
  }

  function answers(overrides: { signInConfirmed?: boolean; rootAccessKeys?: 'delete' | 'keep' } = {}): Answers {
    const base = startingAnswers();
    return {
      ...base,
      account: { alias: 'acme', replaceAlias: false },
      rootAccessKeys: overrides.rootAccessKeys ?? 'delete',
      admin: { ...base.admin, signInConfirmed: overrides.signInConfirmed ?? false },
    };
  }

  function deleted(): string[] {
    return iamMock.commandCalls(DeleteAccessKeyCommand).map((call) => call.args[0].input.AccessKeyId ?? '');
  }

  it('deletes every root key, the one signing the run last, once the admin has signed in', async () => {
    stubAccount({ exists: true, inGroup: true, loginProfile: true, signedIn: true });
    const { exitCode, result, confirmed } = await run(answers());
    expect(deleted()).toEqual(['AKIAOTHERROOTKEY0002', 'AKIASIGNINGKEY000001']);
    // The plan asks the wizard for the typed word, listing the keys with the one signing the run marked.
    expect(confirmed.map((plan) => plan.confirmation)).toEqual([
      {
        kind: 'typed',
        phrase: 'delete',
        deletes: [
          { kind: 'access-key', id: 'AKIASIGNINGKEY000001', signsThisRun: true },
          { kind: 'access-key', id: 'AKIAOTHERROOTKEY0002' },
        ],
      },
    ]);
    // The run's end says its credentials are gone (the wizard reads no checklist after this).
    expect(result.credentialsRetired).toEqual({ kind: 'deleted', reason: 'the root access key of this run was deleted' });
    // The signing key's deletion is the very last call the run makes.
    const calls = iamMock.calls();
    expect(calls.at(-1)?.args[0]).toBeInstanceOf(DeleteAccessKeyCommand);
    expect((calls.at(-1)!.args[0] as DeleteAccessKeyCommand).input.AccessKeyId).toBe('AKIASIGNINGKEY000001');
    expect(exitCode).toBe(0);
  });

  it.each([
    [
      'the admin does not exist',
      { exists: false, inGroup: false, loginProfile: false, signedIn: false },
      'the administrator CTO does not exist',
    ],
    ['the admin is not in the group', { exists: true, inGroup: false, loginProfile: true, signedIn: true }, 'CTO is not in Administrators'],
    [
      'the admin has no console password',
      { exists: true, inGroup: true, loginProfile: false, signedIn: false },
      'CTO has no console password',
    ],
    ['the admin never signed in', { exists: true, inGroup: true, loginProfile: true, signedIn: false }, 'CTO has not signed in yet'],
  ])('keeps them when %s', async (_label, admin, reason) => {
    stubAccount(admin);
    const { events, exitCode } = await run(answers());
    expect(deleted()).toEqual([]);
    const pending = events.find((e) => e.type === 'step-pending');
    expect(pending?.type === 'step-pending' && pending.pending.reason).toContain(reason);
    expect(exitCode).toBe(3);
  });

  it("accepts the operator's word that the admin signed in when AWS shows no PasswordLastUsed", async () => {
    stubAccount({ exists: true, inGroup: true, loginProfile: true, signedIn: false });
    await run(answers({ signInConfirmed: true }));
    expect(deleted()).toEqual(['AKIAOTHERROOTKEY0002', 'AKIASIGNINGKEY000001']);
  });

  it('keeps them when the answers say keep', async () => {
    stubAccount({ exists: true, inGroup: true, loginProfile: true, signedIn: true });
    const { exitCode } = await run(answers({ rootAccessKeys: 'keep' }));
    expect(deleted()).toEqual([]);
    expect(exitCode).toBe(3);
  });
});
