import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { awsErrorBody, type FaultDecision, type RecordedRequest } from './support/aws-proxy.js';
import { runCli, tempDir, type CliRun } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { joinedRegExp } from './support/joined-regexp.js';

// Every case runs the CLI as its user would: a scratch HOME with its own ~/.aws/config and
// ~/.aws/credentials, no keys in the environment, and the proxy recording which access key and
// which signing region each request used.

const freshAccountWithLayer = freshAccountsClosedAfterEach();
// Three parts of the layer are off here. root-user: these tests take moto's own identity for keys
// it does not know (the IAM user `moto`, moto's assumed roles) as the caller, where the layer would
// make such a key the root user's. mfa-codes: their devices are made directly in moto, so the layer
// never saw the seeds, and they send fixed codes (AWS's refusals are injected with `decide`).
// authorization: their IAM users have no policies; what they test is how the tool gets a session.
const freshAccount = (options: Parameters<typeof freshAccountWithLayer>[0] = {}) =>
  freshAccountWithLayer({
    ...options,
    layer: { ...options.layer, off: ['root-user', 'mfa-codes', 'authorization', ...(options.layer?.off ?? [])] },
  });

interface AwsFiles {
  readonly config?: string;
  readonly credentials?: string;
  /** ~/.aws/sso/cache/NAME: cached IAM Identity Center tokens. */
  readonly ssoCache?: Readonly<Record<string, string>>;
}

/** A HOME with the given ~/.aws files, and the environment that points the CLI at it (and nothing else). */
function awsHome(files: AwsFiles, extraEnv: Readonly<Record<string, string | undefined>> = {}): Record<string, string | undefined> {
  const home = tempDir('aws-day-one-creds-');
  const aws = join(home, '.aws');
  mkdirSync(aws);
  if (files.config !== undefined) writeFileSync(join(aws, 'config'), files.config);
  if (files.credentials !== undefined) writeFileSync(join(aws, 'credentials'), files.credentials);
  if (files.ssoCache) {
    mkdirSync(join(aws, 'sso', 'cache'), { recursive: true });
    for (const [name, body] of Object.entries(files.ssoCache)) writeFileSync(join(aws, 'sso', 'cache', name), body);
  }
  return {
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_REGION: undefined,
    ...extraEnv,
  };
}

const firstLine = (run: CliRun): string => run.stderr.split('\n')[0] ?? '';

/** A user of moto's IAM with long-term keys, optionally with an enabled virtual MFA device. */
async function iamUser(iam: IAMClient, name: string, withMfa: boolean): Promise<{ accessKeyId: string; secret: string; serial?: string }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const keys = { accessKeyId: AccessKey!.AccessKeyId!, secret: AccessKey!.SecretAccessKey! };
  if (!withMfa) return keys;
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
  const serial = VirtualMFADevice!.SerialNumber!;
  await iam.send(
    new EnableMFADeviceCommand({ UserName: name, SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
  );
  return { ...keys, serial };
}

/**
 * moto accepts any MFA code; AWS refuses a wrong or reused one with AccessDenied. Until the harness
 * layer of "AWS as it really behaves" checks codes itself, the refusal is injected here for `action`.
 */
const refuseMfaCode =
  (action: string) =>
  (request: RecordedRequest): FaultDecision =>
    request.action === action
      ? {
          kind: 'respond',
          status: 403,
          body: awsErrorBody('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'),
        }
      : { kind: 'forward' };

describe('region and partition', () => {
  it("takes the profile's region when neither --region nor AWS_REGION is set, and the partition from it", async () => {
    const { proxy } = await freshAccount();
    const env = awsHome({
      config: '[profile china]\nregion = cn-north-1\n',
      credentials: '[china]\naws_access_key_id = AKIACHINAPROFILE0001\naws_secret_access_key = china-secret\n',
    });
    const run = await runCli(['plan', '--profile', 'china'], { endpoint: proxy.url, env });
    expect(run.stderr).toMatch(/^\[info\] plan for arn:aws-cn:/);
    expect(run.code).toBe(0);
    // Every request, STS and IAM, signed in the profile's region with the profile's key.
    expect(new Set(proxy.requests.map((r) => `${r.accessKeyId} ${r.region}`))).toEqual(new Set(['AKIACHINAPROFILE0001 cn-north-1']));
    // ARNs in the plan are in the China partition.
    expect(run.stdout).toMatch(/arn:aws-cn:iam::/);
    expect(run.stdout).not.toMatch(/arn:aws:iam::/);
    expect(proxy.mutations()).toEqual([]);
  });

  it('AWS_DEFAULT_REGION comes before the profile, AWS_REGION before both, --region before all', async () => {
    const { proxy } = await freshAccount();
    const files = {
      config: '[profile gov]\nregion = cn-north-1\n',
      credentials: '[gov]\naws_access_key_id = AKIAGOVPROFILE000001\naws_secret_access_key = gov-secret\n',
    };
    const regions: string[] = [];
    for (const [env, args] of [
      [{ AWS_DEFAULT_REGION: 'us-gov-west-1' }, []],
      [{ AWS_DEFAULT_REGION: 'us-gov-west-1', AWS_REGION: 'eu-west-1' }, []],
      [{ AWS_DEFAULT_REGION: 'us-gov-west-1', AWS_REGION: 'eu-west-1' }, ['--region', 'ap-southeast-2']],
    ] as const) {
      const before = proxy.requests.length;
      const run = await runCli(['plan', '--profile', 'gov', ...args], { endpoint: proxy.url, env: awsHome(files, env) });
      expect(run.code, run.stderr).toBe(0);
      regions.push(...new Set(proxy.requests.slice(before).map((r) => r.region)));
    }
    expect(regions).toEqual(['us-gov-west-1', 'eu-west-1', 'ap-southeast-2']);
  });
});

describe('a profile with role_arn, source_profile and mfa_serial', () => {
  const files = (accountId: string): AwsFiles => ({
    config: [
      '[profile base]',
      'region = us-east-1',
      '[profile admin]',
      `role_arn = arn:aws:iam::${accountId}:role/DayOneAdmin`,
      'source_profile = base',
      `mfa_serial = arn:aws:iam::${accountId}:mfa/alice`,
      '',
    ].join('\n'),
    credentials: '[base]\naws_access_key_id = AKIABASEPROFILE00001\naws_secret_access_key = base-secret\n',
  });

  it('assumes the role with --mfa-code, signed by the source profile, and runs as that role', async () => {
    const { accountId, proxy } = await freshAccount();
    const run = await runCli(['plan', '--profile', 'admin', '--mfa-code', '123456'], {
      endpoint: proxy.url,
      env: awsHome(files(accountId)),
    });
    expect(run.code, run.stderr).toBe(0);
    // One AssumeRole for the whole run (both clients share it), so one code.
    expect(proxy.requests.filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
    const assume = proxy.requests.find((r) => r.action === 'AssumeRole');
    expect(assume?.accessKeyId).toBe('AKIABASEPROFILE00001');
    expect(assume?.params).toMatchObject({
      RoleArn: `arn:aws:iam::${accountId}:role/DayOneAdmin`,
      SerialNumber: `arn:aws:iam::${accountId}:mfa/alice`,
      TokenCode: '123456',
    });
    const identity = proxy.requests.find((r) => r.action === 'GetCallerIdentity');
    expect(identity?.seq).toBeGreaterThan(assume!.seq);
    // From then on the role's session signs, never the source profile's key.
    const after = proxy.requests.filter((r) => r.seq > assume!.seq);
    expect(after.length).toBeGreaterThan(1);
    expect(after.every((r) => r.accessKeyId !== 'AKIABASEPROFILE00001' && r.accessKeyId !== '')).toBe(true);
    expect(firstLine(run)).toMatch(/assumed-role\/DayOneAdmin\/.*\(assumed role DayOneAdmin\)/);
  });

  it('without a terminal and without --mfa-code: exit 2 naming --mfa-code, no call made', async () => {
    const { accountId, proxy } = await freshAccount();
    const env = awsHome(files(accountId));
    for (const args of [['plan', '--profile', 'admin'], ['status']]) {
      const run = await runCli(args, { endpoint: proxy.url, env: { ...env, ...(args[0] === 'status' ? { AWS_PROFILE: 'admin' } : {}) } });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(firstLine(run)).toMatch(
        new RegExp(
          `^error: --mfa-code: profile "admin" \\(role arn:aws:iam::${accountId}:role/DayOneAdmin\\) ` +
            `needs a code from MFA device arn:aws:iam::${accountId}:mfa/alice, and there is no terminal`,
        ),
      );
    }
    expect(proxy.requests).toEqual([]);
  });

  it('a code AWS refuses: exit 2 naming --mfa-code, nothing changed', async () => {
    const { accountId, proxy } = await freshAccount({ decide: refuseMfaCode('AssumeRole') });
    const run = await runCli(['status', '--profile', 'admin', '--mfa-code', '000000'], {
      endpoint: proxy.url,
      env: awsHome(files(accountId)),
    });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      /^error: --mfa-code: AWS refused the MFA code for arn:aws:iam::\d+:mfa\/alice .*wait for the device to show a new code/,
    );
    expect(proxy.requests.map((r) => r.action)).toEqual(['AssumeRole']);
  });
});

describe('an IAM user on long-term keys with an MFA device', () => {
  it('runs on a GetSessionToken session made with the device and --mfa-code', async () => {
    const { accountId, proxy, iam } = await freshAccount();
    const alice = await iamUser(iam, 'alice', true);
    const env = awsHome({ credentials: `[default]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secret}\n` });
    const run = await runCli(['status', '--mfa-code', '246810'], { endpoint: proxy.url, env });
    expect(run.stderr).toContain(`checking arn:aws:iam::${accountId}:user/alice (IAM user alice, with an MFA session)`);
    const [identity, list, session, ...rest] = proxy.requests;
    expect([identity?.action, list?.action, session?.action]).toEqual(['GetCallerIdentity', 'ListMFADevices', 'GetSessionToken']);
    expect(list?.params['UserName']).toBe('alice');
    expect(session?.params).toMatchObject({ SerialNumber: alice.serial, TokenCode: '246810' });
    expect([identity, list, session].map((r) => r?.accessKeyId)).toEqual([alice.accessKeyId, alice.accessKeyId, alice.accessKeyId]);
    // Everything after is signed by the session (moto's GetSessionToken hands out its example key).
    expect(rest.length).toBeGreaterThan(5);
    expect(rest.filter((r) => r.accessKeyId === alice.accessKeyId)).toEqual([]);
    expect(proxy.mutations()).toEqual([]);
  });

  it('without a terminal and without --mfa-code: exit 2 naming --mfa-code, only reads made', async () => {
    const { proxy, iam } = await freshAccount();
    const bob = await iamUser(iam, 'bob', true);
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: bob.accessKeyId, AWS_SECRET_ACCESS_KEY: bob.secret });
    const run = await runCli(['apply', '--answers', writeAnswersFile()], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      joinedRegExp(
        /^error: --mfa-code: an MFA session for IAM user bob needs a code from MFA device arn:aws:iam::\d+:mfa\/bob, /,
        /and there is no terminal to ask for it: pass --mfa-code CODE/,
      ),
    );
    expect(proxy.requests.map((r) => r.action)).toEqual(['GetCallerIdentity', 'ListMFADevices']);
  });

  it('a wrong or reused code: exit 2 naming --mfa-code, nothing changed', async () => {
    const { proxy, iam } = await freshAccount({ decide: refuseMfaCode('GetSessionToken') });
    const carol = await iamUser(iam, 'carol', true);
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: carol.accessKeyId, AWS_SECRET_ACCESS_KEY: carol.secret });
    const run = await runCli(['apply', '--answers', writeAnswersFile(), '--mfa-code', '111111'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(/^error: --mfa-code: AWS refused the MFA code for arn:aws:iam::\d+:mfa\/carol/);
    expect(proxy.mutations()).toEqual([]);
  });

  it('a FIDO security key makes no codes: the run goes on without asking for one', async () => {
    // moto cannot make a FIDO device; ListMFADevices answers as AWS does for a user who has only one.
    const { proxy, iam } = await freshAccount({
      decide: (r) =>
        r.action === 'ListMFADevices'
          ? {
              kind: 'respond',
              status: 200,
              body:
                `<ListMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListMFADevicesResult><MFADevices>` +
                `<member><UserName>${r.params['UserName']}</UserName>` +
                `<SerialNumber>arn:aws:iam::123456789012:u2f/user/${r.params['UserName']}/yubikey-ABCDEFGHIJKLMNOP</SerialNumber>` +
                `<EnableDate>2026-01-01T00:00:00Z</EnableDate></member></MFADevices><IsTruncated>false</IsTruncated>` +
                `</ListMFADevicesResult><ResponseMetadata><RequestId>fido</RequestId></ResponseMetadata></ListMFADevicesResponse>`,
            }
          : { kind: 'forward' },
    });
    const frank = await iamUser(iam, 'frank', false);
    const run = await runCli(['plan'], {
      endpoint: proxy.url,
      env: awsHome({}, { AWS_ACCESS_KEY_ID: frank.accessKeyId, AWS_SECRET_ACCESS_KEY: frank.secret }),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(proxy.requests.some((r) => r.action === 'GetSessionToken')).toBe(false);
  });

  it('a user without an MFA device runs on its keys, as before', async () => {
    const { proxy, iam } = await freshAccount();
    const dave = await iamUser(iam, 'dave', false);
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: dave.accessKeyId, AWS_SECRET_ACCESS_KEY: dave.secret });
    const run = await runCli(['status'], { endpoint: proxy.url, env });
    expect(run.stderr).toContain('(IAM user dave, access keys without MFA)');
    expect(proxy.requests.some((r) => r.action === 'GetSessionToken')).toBe(false);
    expect(proxy.requests.every((r) => r.accessKeyId === dave.accessKeyId)).toBe(true);
  });
});

function writeAnswersFile(): string {
  const path = join(tempDir(), 'answers.yaml');
  writeFileSync(path, 'account:\n  alias: acme-creds\nadmin:\n  name: CTO\n  mfa: at-first-sign-in\n');
  return path;
}

describe('one message per credential failure, exit 2 before any call that changes anything', () => {
  const ssoConfig = [
    '[profile corp]',
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = AdministratorAccess',
    'region = us-east-1',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');

  it('IAM Identity Center (SSO): never signed in, or the sign-in expired: the aws sso login command', async () => {
    const { proxy } = await freshAccount();
    const never = await runCli(['plan', '--profile', 'corp'], { endpoint: proxy.url, env: awsHome({ config: ssoConfig }) });
    expect(never.code).toBe(2);
    expect(firstLine(never)).toMatch(
      joinedRegExp(
        /^error: --profile: the IAM Identity Center \(SSO\) sign-in of profile "corp" is missing or has expired /,
        /.*; sign in with: aws sso login --profile corp$/,
      ),
    );

    // The SDK's cache file for an sso-session is named by the SHA-1 of the session's name.
    const { createHash } = await import('node:crypto');
    const cacheName = `${createHash('sha1').update('corp').digest('hex')}.json`;
    const expired = JSON.stringify({
      accessToken: 'expired-token',
      expiresAt: '2020-01-01T00:00:00Z',
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    });
    const run = await runCli(['status'], {
      endpoint: proxy.url,
      env: awsHome({ config: ssoConfig, ssoCache: { [cacheName]: expired } }, { AWS_PROFILE: 'corp' }),
    });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      joinedRegExp(
        /^error: AWS_PROFILE: the IAM Identity Center \(SSO\) sign-in of profile "corp" is missing or has expired /,
        /.*aws sso login --profile corp$/,
      ),
    );

    // The older form, sso_start_url in the profile itself, the same way.
    const legacy =
      '[profile old]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\n' +
      'sso_role_name = ReadOnly\n';
    const old = await runCli(['plan', '--profile', 'old'], { endpoint: proxy.url, env: awsHome({ config: legacy }) });
    expect(old.code).toBe(2);
    expect(firstLine(old)).toMatch(
      joinedRegExp(
        /^error: --profile: the IAM Identity Center \(SSO\) sign-in of profile "old" is missing or has expired /,
        /.*aws sso login --profile old$/,
      ),
    );
    expect(proxy.requests).toEqual([]);
  });

  it('a profile that does not exist: the profiles that do', async () => {
    const { proxy } = await freshAccount();
    const env = awsHome({
      config: '[profile prod]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n',
      credentials: '[dev]\naws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = x\n',
    });
    const run = await runCli(['plan', '--profile', 'prdo'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toBe(
      'error: --profile: no profile "prdo" in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); ' +
        'profiles that exist: dev, prod',
    );
    expect(proxy.requests).toEqual([]);
  });

  it("a failing credential_process: the command's own stderr", async () => {
    const { proxy } = await freshAccount();
    const env = awsHome({
      config: `[profile vault]\ncredential_process = sh -c "echo 'vault: session expired, run vault login' >&2; exit 3"\n`,
    });
    const run = await runCli(['status', '--profile', 'vault'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      /^error: --profile: the credential_process of profile "vault" failed: vault: session expired, run vault login; /,
    );
    expect(proxy.requests).toEqual([]);
  });

  it('keys AWS rejects: which key, from where', async () => {
    const { proxy } = await freshAccount({
      decide: (r) =>
        r.action === 'GetCallerIdentity'
          ? {
              kind: 'respond',
              status: 403,
              body: awsErrorBody('InvalidClientTokenId', 'The security token included in the request is invalid.'),
            }
          : { kind: 'forward' },
    });
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: 'AKIAREVOKEDKEY000042', AWS_SECRET_ACCESS_KEY: 'x' });
    const run = await runCli(['status'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(/^error: credentials: AWS rejected access key …0042 from AWS_ACCESS_KEY_ID \(InvalidClientTokenId\)/);
  });

  it('a clock AWS finds off: the offset AWS reported', async () => {
    const { proxy } = await freshAccount({
      decide: (r) =>
        r.action === 'GetCallerIdentity'
          ? {
              kind: 'respond',
              status: 403,
              body: awsErrorBody(
                'SignatureDoesNotMatch',
                'Signature expired: 20260101T000000Z is now earlier than 20260101T001640Z (20260101T002140Z - 5 min.)',
              ),
            }
          : { kind: 'forward' },
    });
    const run = await runCli(['status'], {
      endpoint: proxy.url,
      env: awsHome({}, { AWS_ACCESS_KEY_ID: 'AKIASKEWEDCLOCK00001', AWS_SECRET_ACCESS_KEY: 'x' }),
    });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(/^error: credentials: this computer's clock is 21 min 40 s behind AWS's/);
  });
});

describe('after caller-group-mfa, the tool can still be used', () => {
  it("the run's last line gives the exact command, and that command runs on an MFA session", async () => {
    const { accountId, proxy, iam } = await freshAccount();
    const ops = await iamUser(iam, 'ops', false);
    const { CreateGroupCommand, AddUserToGroupCommand } = await import('@aws-sdk/client-iam');
    await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'ops' }));
    const env = awsHome({ credentials: `[ops]\naws_access_key_id = ${ops.accessKeyId}\naws_secret_access_key = ${ops.secret}\n` });
    const run = await runCli(['apply', '--answers', writeAnswersFile(), '--profile', 'ops'], { endpoint: proxy.url, env });
    expect(run.code, run.stderr).toBe(3);
    expect(proxy.mutations().at(-1)).toBe('AttachGroupPolicy');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      '[next] your groups now require MFA (RequireMFA): enrol an MFA device for ops if you have none ' +
        '(https://console.aws.amazon.com/iam/home#/users/details/ops?section=security_credentials), ' +
        'then continue with aws-day-one status --profile ops --mfa-code CODE (CODE: the 6 digits your device shows)',
    );

    // The person enrols a device, and runs exactly that command with a code.
    const { CreateVirtualMFADeviceCommand: Create, EnableMFADeviceCommand: Enable } = await import('@aws-sdk/client-iam');
    const { VirtualMFADevice } = await iam.send(new Create({ VirtualMFADeviceName: 'ops' }));
    await iam.send(
      new Enable({
        UserName: 'ops',
        SerialNumber: VirtualMFADevice!.SerialNumber!,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    const before = proxy.requests.length;
    const next = await runCli(['status', '--profile', 'ops', '--mfa-code', '135790'], { endpoint: proxy.url, env });
    expect(next.stderr).toContain(`checking arn:aws:iam::${accountId}:user/ops (IAM user ops, with an MFA session)`);
    const session = proxy.requests.slice(before).find((r) => r.action === 'GetSessionToken');
    expect(session?.params).toMatchObject({ SerialNumber: VirtualMFADevice!.SerialNumber, TokenCode: '135790' });
  });
});

describe('a caller on an MFA session in the admin group', () => {
  it('needs no deferred RequireMFA: admin-group attaches it in its turn, and the run goes on', async () => {
    const { proxy, iam } = await freshAccount();
    const gail = await iamUser(iam, 'gail', true);
    const { CreateGroupCommand, AddUserToGroupCommand } = await import('@aws-sdk/client-iam');
    await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'gail' }));
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: gail.accessKeyId, AWS_SECRET_ACCESS_KEY: gail.secret });
    const run = await runCli(['apply', '--answers', writeAnswersFile(), '--mfa-code', '864209'], { endpoint: proxy.url, env });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('[skip] caller-group-mfa: not needed: this run has an MFA session, which RequireMFA does not cut off');
    expect(run.stderr).not.toContain('[next]');
    const attach = proxy.requests.find((r) => r.action === 'AttachGroupPolicy' && r.params['PolicyArn']?.endsWith(':policy/RequireMFA'));
    expect(attach?.params['GroupName']).toBe('Administrators');
    // Not deferred to the end: changes of other steps came after it.
    expect(proxy.requests.some((r) => r.mutating && r.seq > attach!.seq)).toBe(true);
  });
});

describe("the caller's kind on the [info] line", () => {
  it('an IAM Identity Center role (AWSReservedSSO_*) is named as such', async () => {
    const { accountId, proxy } = await freshAccount();
    const role = `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b`;
    const env = awsHome({
      config: `[profile base]\n[profile sso-admin]\nrole_arn = ${role}\nsource_profile = base\nrole_session_name = alice@example.com\n`,
      credentials: '[base]\naws_access_key_id = AKIABASEPROFILE00002\naws_secret_access_key = base-secret\n',
    });
    const run = await runCli(['status', '--profile', 'sso-admin'], { endpoint: proxy.url, env });
    expect(run.stderr).toContain(
      `checking arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/alice@example.com ` +
        `(an IAM Identity Center role, permission set AdministratorAccess)`,
    );
  });

  it('a GetSessionToken session without MFA, which IAM refuses: told so, not to check its key', async () => {
    // AWS answers IAM calls from such a session with InvalidClientTokenId while STS accepts it;
    // moto accepts it everywhere, so IAM's refusal is injected.
    const { proxy } = await freshAccount({
      decide: (r) =>
        r.service === 'iam'
          ? {
              kind: 'respond',
              status: 403,
              body: awsErrorBody('InvalidClientTokenId', 'The security token included in the request is invalid'),
            }
          : { kind: 'forward' },
    });
    const env = awsHome({}, { AWS_ACCESS_KEY_ID: 'ASIASESSIONNOMFA0001', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 'session-token' });
    const run = await runCli(['plan'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      joinedRegExp(
        /^error: credentials: IAM refused these credentials although STS accepted them \(iam:\w+: InvalidClientTokenId\): /,
        /a session from sts:GetSessionToken without MFA cannot call IAM/,
      ),
    );
  });
});

describe('root with temporary credentials', () => {
  // moto never signs as root: GetCallerIdentity's answer is the root ARN AWS gives, injected here.
  // (An sts:AssumeRoot session is root's ARN too: test/root-task-session.test.ts.)
  const asRoot =
    (accountId: string) =>
    (r: RecordedRequest): FaultDecision => {
      if (r.action === 'GetCallerIdentity') {
        return {
          kind: 'respond',
          status: 200,
          body:
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>arn:aws:iam::${accountId}:root</Arn><UserId>${accountId}</UserId><Account>${accountId}</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>root</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        };
      }
      return { kind: 'forward' };
    };
  const session = { AWS_ACCESS_KEY_ID: 'ASIAROOTSESSION00001', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 'root-session' };

  it("root's own temporary session runs as root", async () => {
    const { proxy } = await freshAccount({ decide: asRoot('123456789012') });
    const run = await runCli(['plan'], { endpoint: proxy.url, env: awsHome({}, session) });
    expect(run.code, run.stderr).toBe(0);
    expect(firstLine(run)).toBe(
      '[info] plan for arn:aws:iam::123456789012:root (the root user, temporary credentials) in account 123456789012; nothing is changed',
    );
  });
});

describe('--mfa-code', () => {
  it('takes exactly six digits, and never echoes what it got', async () => {
    for (const code of ['12345', '1234567', '12a456']) {
      const run = await runCli(['status', '--mfa-code', code]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('error: --mfa-code: must be the 6 digits your MFA device shows now\n');
    }
  });
});

describe('an IAM user without MFA whose group requires it', () => {
  it('is told how to get an MFA session, not to grant the action', async () => {
    let key = '';
    // RequireMFA as AWS applies it (moto ignores policy conditions): an explicit deny without MFA.
    const { proxy, iam } = await freshAccount({
      decide: (r) =>
        r.service === 'iam' && r.accessKeyId === key && r.action !== 'ListMFADevices'
          ? {
              kind: 'respond',
              status: 403,
              body: awsErrorBody(
                'AccessDenied',
                `User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ` +
                  `iam:${r.action} with an explicit deny in an identity-based policy`,
              ),
            }
          : { kind: 'forward' },
    });
    const ops = await iamUser(iam, 'ops', false);
    key = ops.accessKeyId;
    const run = await runCli(['plan'], {
      endpoint: proxy.url,
      env: awsHome({}, { AWS_ACCESS_KEY_ID: ops.accessKeyId, AWS_SECRET_ACCESS_KEY: ops.secret }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      joinedRegExp(
        /^error: AccessDenied: arn:aws:iam::\d+:user\/ops is denied iam:\w+ by an explicit deny /m,
        /.*enrol an MFA device for your user, then run again with --mfa-code CODE/m,
      ),
    );
    expect(run.stderr).not.toMatch(/grant iam:/);
  });
});

describe('expired temporary credentials', () => {
  it('say where they came from', async () => {
    const { proxy } = await freshAccount({
      decide: (r) =>
        r.action === 'GetCallerIdentity'
          ? { kind: 'respond', status: 403, body: awsErrorBody('ExpiredToken', 'The security token included in the request is expired') }
          : { kind: 'forward' },
    });
    const env = awsHome({
      credentials: '[temp]\naws_access_key_id = ASIATEMPPROFILE00001\naws_secret_access_key = x\naws_session_token = old\n',
    });
    const run = await runCli(['status', '--profile', 'temp'], { endpoint: proxy.url, env });
    expect(run.code).toBe(2);
    expect(firstLine(run)).toMatch(
      /^error: --profile: the temporary credentials from profile "temp" have expired \(ExpiredToken\); get new ones the way you got these/,
    );
  });
});
