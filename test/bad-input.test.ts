import { appendFileSync, chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  GetAccountPasswordPolicyCommand,
  ListAccountAliasesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListUsersCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it, vi } from 'vitest';
import { startingAnswers } from '../src/answers/answers.js';
import { createAwsClients } from '../src/aws/clients.js';
import { whoAmI } from '../src/aws/caller.js';
import { runFlow } from '../src/engine/run-flow.js';
import type { Operator } from '../src/contracts/operator.js';
import { openStateStore } from '../src/state/state-store.js';
import type { Question } from '../src/contracts/step.js';
import { daySteps } from '../src/steps/index.js';
import { awsErrorBody, type AwsProxy, type FaultDecision, type RecordedRequest } from './support/aws-proxy.js';
import { defaultRootAccessKey, type LayerOptions } from './support/aws-layer.js';
import { cliPath, runCli, tempDir, type CliRun } from './support/cli.js';
import { freshAccount, freshAccountId } from './support/emulator.js';

interface Case {
  readonly name: string;
  /** The answers file, or undefined for none; {dir} is replaced by the case's directory. */
  readonly answers?: string;
  /** Arguments; {answers} is the answers file, {dir} the case's directory. Default: apply --answers. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** --state-dir, {dir} replaced; default {dir}/state (a directory made for it). */
  readonly stateDir?: string;
  /** Set up files in the case's directory before the run. */
  readonly files?: Readonly<Record<string, string>>;
  readonly decide?: (request: RecordedRequest) => FaultDecision;
  readonly layer?: LayerOptions;
  /** The key or flag the first line of stderr must name, and what it must say. */
  readonly field: string;
  readonly says: RegExp;
  /** Mutating calls the tool may try before AWS refuses (none, for all input it can check itself). */
  readonly attempted?: readonly string[];
}

const validAccount = 'account:\n  alias: acme-prod\n';
const long = (n: number): string => 'a'.repeat(n);
const refuse =
  (action: string, code: string, status = 400) =>
  (request: RecordedRequest): FaultDecision =>
    request.action === action ? { kind: 'respond', status, body: awsErrorBody(code, `${code} injected by the test`) } : { kind: 'forward' };
/** AWS never answers this action (the connection stays open). */
const neverAnswer =
  (action: string) =>
  (request: RecordedRequest): FaultDecision =>
    request.action === action ? { kind: 'forward-then', after: () => {}, holdResponse: true } : { kind: 'forward' };

const aliasBomb = `${[
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n')}\n`;

const cases: Case[] = [
  // The file itself
  { name: 'malformed YAML', answers: 'account: [alias: x\n', field: '--answers', says: /is not valid YAML or JSON \(line \d+/ },
  { name: 'malformed JSON', answers: '{"account": {"alias": "acme-prod"}\n', field: '--answers', says: /is not valid YAML or JSON/ },
  {
    name: 'duplicate key',
    answers: `${validAccount}account:\n  alias: other\n`,
    field: '--answers',
    says: /not valid YAML or JSON.*(unique|duplicate)/i,
  },
  { name: 'empty file', answers: '# nothing here\n', field: '--answers', says: /is empty/ },
  {
    name: 'a list instead of a mapping',
    answers: '- account\n- alias\n',
    field: '--answers',
    says: /the file must hold a mapping of keys such as account: \(got a list\)/,
  },
  {
    name: 'missing answers file',
    args: ['apply', '--answers', '{dir}/nope.yaml'],
    field: '--answers',
    says: /no file at .*nope\.yaml; create one with `aws-day-one init/,
  },
  { name: 'answers path is a directory', args: ['apply', '--answers', '{dir}'], field: '--answers', says: /is not a file/ },
  // A "billion laughs": nine levels of nine aliases, which the YAML parser refuses to expand.
  {
    name: 'YAML alias bomb',
    answers: `${aliasBomb}${validAccount}`,
    field: '--answers',
    says: /answers\.yaml uses more YAML aliases \(\*name\) than an answers file needs .*write the values out/,
  },
  { name: 'apply without --answers', args: ['apply'], field: '--answers', says: /is required: aws-day-one apply --answers FILE/ },
  // Keys and types
  {
    name: 'unknown top-level key',
    answers: `${validAccount}adminGrop:\n  name: Admins\n`,
    field: 'adminGrop',
    says: /unknown key; did you mean adminGroup\?/,
  },
  {
    name: 'unknown nested key',
    answers: `${validAccount}admin:\n  nmae: CTO\n`,
    field: 'admin.nmae',
    says: /unknown key; did you mean admin\.name\?/,
  },
  {
    name: 'missing account.alias',
    answers: 'account:\n  replaceAlias: true\n',
    field: 'account.alias',
    says: /is required; must be 3-63 characters/,
  },
  {
    name: 'alias is a number',
    answers: 'account:\n  alias: 12345\n',
    field: 'account.alias',
    says: /must be 3-63 characters .*\(got 12345\)/,
  },
  {
    name: 'replaceAlias is a string',
    answers: 'account:\n  alias: acme-prod\n  replaceAlias: "yes"\n',
    field: 'account.replaceAlias',
    says: /must be true or false \(got "yes"\)/,
  },
  {
    name: 'length is a string',
    answers: `${validAccount}passwordPolicy:\n  minimumPasswordLength: "14"\n`,
    field: 'passwordPolicy.minimumPasswordLength',
    says: /whole number from 6 to 128 .*\(got "14"\)/,
  },
  {
    name: 'admin is a list',
    answers: `${validAccount}admin:\n  - CTO\n`,
    field: 'admin',
    says: /must be a mapping of keys \(got a list\)/,
  },
  // The alias
  {
    name: 'alias with uppercase',
    answers: 'account:\n  alias: Acme-Prod\n',
    field: 'account.alias',
    says: /lowercase letters, digits and single hyphens.*\(got "Acme-Prod"\)/,
  },
  { name: 'alias with underscores', answers: 'account:\n  alias: acme_prod\n', field: 'account.alias', says: /\(got "acme_prod"\)/ },
  {
    name: 'alias with double hyphens',
    answers: 'account:\n  alias: acme--prod\n',
    field: 'account.alias',
    says: /single hyphens.*\(got "acme--prod"\)/,
  },
  { name: 'alias too short', answers: 'account:\n  alias: ab\n', field: 'account.alias', says: /3-63 characters .*\(got "ab"\)/ },
  { name: 'alias too long', answers: `account:\n  alias: ${long(64)}\n`, field: 'account.alias', says: /3-63 characters/ },
  {
    name: 'alias with a leading hyphen',
    answers: 'account:\n  alias: -acme\n',
    field: 'account.alias',
    says: /starting and ending with a letter or digit .*\(got "-acme"\)/,
  },
  { name: 'alias with a trailing hyphen', answers: 'account:\n  alias: acme-\n', field: 'account.alias', says: /\(got "acme-"\)/ },
  // The password policy
  {
    name: 'password length below 6',
    answers: `${validAccount}passwordPolicy:\n  minimumPasswordLength: 5\n`,
    field: 'passwordPolicy.minimumPasswordLength',
    says: /from 6 to 128 .*\(got 5\)/,
  },
  {
    name: 'password length above 128',
    answers: `${validAccount}passwordPolicy:\n  minimumPasswordLength: 129\n`,
    field: 'passwordPolicy.minimumPasswordLength',
    says: /\(got 129\)/,
  },
  {
    name: 'reuse prevention above 24',
    answers: `${validAccount}passwordPolicy:\n  passwordReusePrevention: 25\n`,
    field: 'passwordPolicy.passwordReusePrevention',
    says: /from 1 to 24 .*\(got 25\)/,
  },
  {
    name: 'reuse prevention 0',
    answers: `${validAccount}passwordPolicy:\n  passwordReusePrevention: 0\n`,
    field: 'passwordPolicy.passwordReusePrevention',
    says: /\(got 0\)/,
  },
  {
    name: 'max age above 1095',
    answers: `${validAccount}passwordPolicy:\n  maxPasswordAge: 1096\n`,
    field: 'passwordPolicy.maxPasswordAge',
    says: /from 1 to 1095.*\(got 1096\)/,
  },
  {
    name: 'max age with a fraction',
    answers: `${validAccount}passwordPolicy:\n  maxPasswordAge: 90.5\n`,
    field: 'passwordPolicy.maxPasswordAge',
    says: /whole number/,
  },
  {
    name: 'hard expiry without max age',
    answers: `${validAccount}passwordPolicy:\n  hardExpiry: true\n`,
    field: 'passwordPolicy.hardExpiry',
    says: /only has an effect with passwordPolicy\.maxPasswordAge/,
  },
  // Names
  {
    name: 'user name with bad characters',
    answers: `${validAccount}admin:\n  name: "CTO!"\n`,
    field: 'admin.name',
    says: /1-64 characters of \[\\w\+=,\.@-\] \(got "CTO!"\)/,
  },
  { name: 'user name too long', answers: `${validAccount}admin:\n  name: ${long(65)}\n`, field: 'admin.name', says: /1-64 characters/ },
  {
    name: 'group name with a space',
    answers: `${validAccount}adminGroup:\n  name: Admin Group\n`,
    field: 'adminGroup.name',
    says: /1-128 characters .*\(got "Admin Group"\)/,
  },
  {
    name: 'group name too long',
    answers: `${validAccount}adminGroup:\n  name: ${long(129)}\n`,
    field: 'adminGroup.name',
    says: /1-128 characters/,
  },
  {
    name: 'policy name with a space',
    answers: `${validAccount}adminGroup:\n  mfaPolicyName: Require MFA\n`,
    field: 'adminGroup.mfaPolicyName',
    says: /1-128 characters .*\(got "Require MFA"\)/,
  },
  {
    name: 'unknown MFA mode',
    answers: `${validAccount}admin:\n  mfa: sms\n`,
    field: 'admin.mfa',
    says: /must be seed-file .* or at-first-sign-in .*\(got "sms"\)/,
  },
  {
    name: 'unknown rootAccessKeys',
    answers: `${validAccount}rootAccessKeys: remove\n`,
    field: 'rootAccessKeys',
    says: /must be delete or keep \(got "remove"\)/,
  },
  // Secret files
  {
    name: 'seed-file without a path',
    answers: `${validAccount}admin:\n  mfa: seed-file\n`,
    field: 'admin.mfaSeedFile',
    says: /is required when admin\.mfa is seed-file/,
  },
  {
    name: 'seed file in a missing directory',
    answers: `${validAccount}admin:\n  mfa: seed-file\n  mfaSeedFile: ./no/such/dir/mfa.uri\n`,
    field: 'admin.mfaSeedFile',
    says: /directory .*no\/such\/dir does not exist/,
  },
  {
    name: 'seed file already present',
    answers: `${validAccount}admin:\n  mfa: seed-file\n  mfaSeedFile: ./old.uri\n`,
    files: { 'old.uri': 'otpauth://totp/someone-elses-device' },
    field: 'admin.mfaSeedFile',
    says: /old\.uri already exists; choose a new path/,
  },
  {
    name: 'seed file with at-first-sign-in',
    answers: `${validAccount}admin:\n  mfa: at-first-sign-in\n  mfaSeedFile: ./x.uri\n`,
    field: 'admin.mfaSeedFile',
    says: /only used with admin\.mfa: seed-file/,
  },
  {
    name: 'password file already present',
    answers: `${validAccount}admin:\n  passwordFile: ./pw.txt\n`,
    files: { 'pw.txt': 'an older password' },
    field: 'admin.passwordFile',
    says: /pw\.txt already exists/,
  },
  {
    name: 'password file in a missing directory',
    answers: `${validAccount}admin:\n  passwordFile: ./gone/pw.txt\n`,
    field: 'admin.passwordFile',
    says: /directory .*gone does not exist/,
  },
  // Flags and commands
  {
    name: 'unknown flag',
    args: ['apply', '--answrs', '{answers}'],
    answers: validAccount,
    field: '--answrs',
    says: /unknown flag; did you mean --answers\?/,
  },
  { name: 'flag without its value', args: ['apply', '--answers'], field: '--answers', says: /needs a value/ },
  {
    name: 'a flag given twice with different values',
    args: ['apply', '--answers', '{answers}', '--account-id', '111111111111', '--account-id', '222222222222'],
    answers: validAccount,
    field: '--account-id',
    says: /given twice with different values \("111111111111" and "222222222222"\); give it once/,
  },
  {
    name: 'a stray argument',
    args: ['apply', '--answers', '{answers}', 'now'],
    answers: validAccount,
    field: 'now',
    says: /^error: now: apply takes no arguments besides its flags; remove this one/,
  },
  {
    name: '--state-dir names a file',
    stateDir: '{dir}/state-file',
    files: { 'state-file': 'not a directory' },
    answers: validAccount,
    field: '--state-dir',
    says: /state-file is a file, not a directory; name a directory/,
  },
  {
    name: 'unknown command',
    args: ['aply', '--answers', '{answers}'],
    answers: validAccount,
    field: 'aply',
    says: /unknown command; did you mean apply\?/,
  },
  {
    name: '--account-id not 12 digits',
    args: ['apply', '--answers', '{answers}', '--account-id', '12345'],
    answers: validAccount,
    field: '--account-id',
    says: /12-digit AWS account ID \(got "12345"\)/,
  },
  {
    name: 'account.id not 12 digits',
    answers: 'account:\n  id: "1234"\n  alias: acme-prod\n',
    field: 'account.id',
    says: /12-digit AWS account ID/,
  },
  {
    name: 'account.id unquoted number',
    answers: 'account:\n  id: 123456789012\n  alias: acme-prod\n',
    field: 'account.id',
    says: /quoted as a string/,
  },
  {
    name: 'account.id of another account',
    answers: 'account:\n  id: "999999999999"\n  alias: acme-prod\n',
    field: 'account.id',
    says: /expects account 999999999999, but the credentials belong to account \d{12}.*nothing was changed/,
  },
  {
    name: '--account-id of another account',
    args: ['apply', '--answers', '{answers}', '--account-id', '999999999999'],
    answers: validAccount,
    field: '--account-id',
    says: /expects account 999999999999/,
  },
  {
    name: '--account-id disagrees with account.id',
    args: ['apply', '--answers', '{answers}', '--account-id', '999999999999'],
    answers: 'account:\n  id: "888888888888"\n  alias: acme-prod\n',
    field: '--account-id',
    says: /account\.id in the answers file is 888888888888/,
  },
  {
    name: '--endpoint-url not a URL',
    args: ['apply', '--answers', '{answers}', '--endpoint-url', 'localhost:5000'],
    answers: validAccount,
    field: '--endpoint-url',
    says: /must be an http\(s\) URL/,
  },
  { name: 'wizard without a terminal', args: [], field: 'stdin', says: /not a terminal.*apply --answers FILE/ },
  // Credentials and the endpoint
  {
    name: 'no credentials',
    answers: validAccount,
    env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    field: 'credentials',
    says: /no AWS credentials found/,
  },
  {
    name: 'unknown profile',
    args: ['apply', '--answers', '{answers}', '--profile', 'nope'],
    answers: validAccount,
    env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    field: '--profile',
    says: /no profile "nope" in ~\/.aws\/config or ~\/.aws\/credentials .*; there are no profiles/,
  },
  { name: 'expired credentials', answers: validAccount, layer: { expiredTokenFrom: 1 }, field: 'credentials', says: /have expired/ },
  {
    name: 'credentials AWS rejects',
    answers: validAccount,
    layer: { revokedAccessKeys: [defaultRootAccessKey] },
    field: 'credentials',
    says: /AWS rejected access key …MPLE from AWS_ACCESS_KEY_ID \(InvalidClientTokenId\)/,
  },
  {
    name: 'unreachable endpoint',
    args: ['apply', '--answers', '{answers}', '--endpoint-url', 'http://127.0.0.1:9'],
    answers: validAccount,
    field: '--endpoint-url',
    says: /cannot reach the AWS endpoint/,
  },
  // GetCallerIdentity goes out while the answers load: a bad file still wins, and the run does not wait for AWS.
  {
    name: 'bad answers, GetCallerIdentity unanswered',
    answers: 'account:\n  alias: Acme_Prod\n',
    decide: neverAnswer('GetCallerIdentity'),
    field: 'account.alias',
    says: /must be 3-63 characters .*\(got "Acme_Prod"\)/,
  },
  // AWS says no
  {
    name: 'alias taken by another account',
    answers: validAccount,
    decide: refuse('CreateAccountAlias', 'EntityAlreadyExists', 409),
    field: 'account.alias',
    says: /acme-prod is taken by another AWS account; choose another alias/,
    attempted: ['CreateAccountAlias'],
  },
];

async function pristine(iam: IAMClient): Promise<void> {
  const [users, groups, aliases, policies] = await Promise.all([
    iam.send(new ListUsersCommand({})),
    iam.send(new ListGroupsCommand({})),
    iam.send(new ListAccountAliasesCommand({})),
    iam.send(new ListPoliciesCommand({ Scope: 'Local' })),
  ]);
  expect(users.Users).toEqual([]);
  expect(groups.Groups).toEqual([]);
  expect(aliases.AccountAliases).toEqual([]);
  expect(policies.Policies).toEqual([]);
  await expect(iam.send(new GetAccountPasswordPolicyCommand({}))).rejects.toThrow(/password policy/i);
}

describe.concurrent('bad input is refused before any change: exit 2, naming the key and the fix', () => {
  it.each(cases)('$name', async (c) => {
    const { proxy, iam } = await freshAccount({ ...(c.decide && { decide: c.decide }), ...(c.layer && { layer: c.layer }) });
    try {
      const dir = tempDir();
      const answers = join(dir, 'answers.yaml');
      if (c.answers !== undefined) writeFileSync(answers, c.answers);
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
      mkdirSync(join(dir, 'state'));
      const args = (c.args ?? ['apply', '--answers', '{answers}']).map((a) => a.replace('{answers}', answers).replace('{dir}', dir));
      const endpoint = args.includes('--endpoint-url') ? undefined : proxy.url;
      const stateDir = c.stateDir?.replace('{dir}', dir) ?? join(dir, 'state');
      const run = await runCli([...args, '--state-dir', stateDir], {
        ...(endpoint && { endpoint }),
        ...(c.env && { env: c.env }),
        cwd: dir,
      });
      const first = run.stderr.split('\n').find((line) => line.startsWith('error: ')) ?? run.stderr;
      // AWS_DAY_ONE_BAD_INPUT_LOG=FILE collects what each case printed, for a person to read.
      const log = process.env['AWS_DAY_ONE_BAD_INPUT_LOG'];
      if (log) appendFileSync(log, `${JSON.stringify({ name: c.name, code: run.code, first })}\n`);
      expect(first.startsWith(`error: ${c.field}: `), first).toBe(true);
      expect(first).toMatch(c.says);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(proxy.mutations()).toEqual(c.attempted ?? []);
      await pristine(iam);
    } finally {
      await proxy.close();
    }
  });
});

describe('AWS errors are translated', () => {
  /** A fresh account where AWS refuses every call of one action (AccessDenied unless told); one apply. */
  async function applyDenied(action: string, code = 'AccessDenied', status = 403): Promise<{ run: CliRun; proxy: AwsProxy }> {
    const { proxy } = await freshAccount({ decide: refuse(action, code, status) });
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), validAccount);
    try {
      return {
        run: await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url }),
        proxy,
      };
    } finally {
      await proxy.close();
    }
  }

  it('AccessDenied names the action and the caller, exit 1', async () => {
    const { run } = await applyDenied('UpdateAccountPasswordPolicy');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\[fail\] password-policy: AccessDenied: arn:aws:iam::\d{12}:root is not allowed to call iam:UpdateAccountPasswordPolicy/,
    );
    // Steps that do not build on it went ahead; the ones that run last did not start.
    expect(run.stderr).toContain('[done] admin-group');
    expect(run.stderr).not.toMatch(/caller-group-mfa|root-access-keys/);
  });

  it('a step that builds on a failed one stops before the call that needs it', async () => {
    const { run, proxy } = await applyDenied('CreateGroup');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[fail\] admin-group: AccessDenied: .* iam:CreateGroup/);
    expect(run.stderr).toContain('[skip] admin-user: stopped: admin-group did not finish');
    expect(proxy.requests.some((r) => r.action === 'AddUserToGroup')).toBe(false);
  });

  it('a reached quota (LimitExceeded) is said at once, not retried as throttling, exit 1', async () => {
    const { run, proxy } = await applyDenied('CreateUser', 'LimitExceeded', 409);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\[fail\] admin-user: iam:CreateUser failed: an IAM quota is reached \(LimitExceeded injected by the test\)\. .*Service Quotas/,
    );
    // The SDK alone would have sent it 6 times over about 10 s.
    expect(proxy.requests.filter((r) => r.action === 'CreateUser')).toHaveLength(1);
    // The admin's MFA is left to their first sign-in, which cannot happen: that step stops too.
    expect(run.stderr).toContain('[skip] admin-mfa: stopped: admin-user did not finish');
    expect(run.stderr).not.toContain('[pending] admin-mfa');
  });
});

describe('an alias another account holds', () => {
  it('is asked for again in an interactive run, naming the problem, and the run goes on', async () => {
    const { proxy, iam } = await freshAccount({
      decide: (r) =>
        r.action === 'CreateAccountAlias' && r.params['AccountAlias'] === 'taken-alias'
          ? { kind: 'respond', status: 409, body: awsErrorBody('EntityAlreadyExists', 'The account alias taken-alias already exists.') }
          : { kind: 'forward' },
    });
    try {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
      const clients = createAwsClients({ endpointUrl: proxy.url });
      const caller = await whoAmI(clients.sts);
      const asked: { key: string; problem: string | undefined }[] = [];
      const person: Operator = {
        interactive: true,
        async ask(question: Question, current: unknown, problem?: string) {
          asked.push({ key: question.key, problem });
          if (question.key === 'account.alias') return problem ? 'free-alias' : 'taken-alias';
          return current;
        },
        confirm: async () => true,
        obtainMfaCodes: async () => {
          throw new Error('not used');
        },
        awaitManual: async () => 'later',
        deliverPassword: async () => 'held',
      };
      const result = await runFlow({
        steps: daySteps,
        clients,
        caller,
        answers: startingAnswers(),
        operator: person,
        store: openStateStore(join(tempDir(), 'state'), caller.accountId),
        emit: () => {},
        schedule: 'one-by-one',
      });
      expect(asked.filter((a) => a.key === 'account.alias')).toEqual([
        { key: 'account.alias', problem: undefined },
        { key: 'account.alias', problem: 'taken-alias is taken by another AWS account; choose another alias' },
      ]);
      expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['free-alias']);
      expect(result.exitCode).toBe(3);
      expect(result.steps.find((s) => s.id === 'admin-user')?.status).toBe('done');
    } finally {
      vi.unstubAllEnvs();
      await proxy.close();
    }
  });
});

it('picks fresh accounts that do not collide', () => {
  expect(new Set(Array.from({ length: 50 }, freshAccountId)).size).toBe(50);
});

describe('an answers file the user may not read', () => {
  it('exit 2 naming --answers and the file, nothing changed (run as an unprivileged user: root reads any file)', async () => {
    const { proxy, iam } = await freshAccount();
    try {
      // Everything the run needs is readable by "nobody" except the answers file itself (0600, root's).
      const dir = tempDir();
      chmodSync(dir, 0o755);
      const cli = join(dir, 'dist');
      cpSync(dirname(cliPath()), cli, { recursive: true });
      const answers = join(dir, 'answers.yaml');
      writeFileSync(answers, validAccount, { mode: 0o600 });
      const state = join(dir, 'state');
      mkdirSync(state, { mode: 0o777 });
      chmodSync(state, 0o777);
      const run = await runCli(['apply', '--answers', answers, '--state-dir', state], {
        endpoint: proxy.url,
        cwd: dir,
        env: { HOME: dir, XDG_STATE_HOME: state },
        user: { uid: 65534, gid: 65534, cli: join(cli, basename(cliPath())) },
      });
      expect(run.stderr.split('\n')[0]).toMatch(
        new RegExp(`^error: --answers: cannot read ${answers.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(EACCES: permission denied\\); `),
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(2);
      expect(proxy.mutations()).toEqual([]);
      await pristine(iam);
    } finally {
      await proxy.close();
    }
  });
});
