import {
  AddUserToGroupCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListGroupsForUserCommand,
  ListSigningCertificatesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { AccessAnalyzerClient, CreateAnalyzerCommand, DeleteAnalyzerCommand, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { describe, expect, it } from 'vitest';
import { mfaEnforcementPolicy } from '../src/iam/mfa-policy.js';
import { parseCaller } from '../src/aws/caller.js';
import { seedToSecret, totpAt, twoConsecutiveCodes } from '../src/secrets/totp.js';
import { defaultRootAccessKey, type LayerOptions, type LayerPartName } from './support/aws-layer.js';
import type { AwsProxy } from './support/aws-proxy.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

// Each part of the layer that makes moto answer as AWS does (test/support/aws-layer.ts): what AWS
// does with the part on, and moto's laxer answer with it off (so a part switched off by default
// fails its test).

const freshAccount = freshAccountsClosedAfterEach();

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
const root: Credentials = { accessKeyId: defaultRootAccessKey, secretAccessKey: 'test' };

function clients(proxy: AwsProxy, credentials: Credentials = root): { iam: IAMClient; sts: STSClient } {
  const config = { region: 'us-east-1', endpoint: proxy.url, credentials, maxAttempts: 1 };
  return { iam: new IAMClient(config), sts: new STSClient(config) };
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

function without(part: LayerPartName, options: LayerOptions = {}): { layer: LayerOptions } {
  return { layer: { ...options, off: [part] } };
}

/** A virtual MFA device made through the layer (so it knows the seed), and its secret. */
async function mfaDevice(iam: IAMClient, name: string): Promise<{ serial: string; secret: string }> {
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice!;
  return { serial: device.SerialNumber!, secret: seedToSecret(device.Base32StringSeed!) };
}

describe('1. authorization of the caller', () => {
  async function mfaPolicedUser(layer: { layer?: LayerOptions } = {}) {
    const { accountId, proxy, iam: moto } = await freshAccount(layer);
    await moto.send(new CreateUserCommand({ UserName: 'alice' }));
    await moto.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'admin',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    );
    await moto.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'RequireMFA',
        PolicyDocument: JSON.stringify(mfaEnforcementPolicy(parseCaller(accountId, `arn:aws:iam::${accountId}:root`))),
      }),
    );
    const key = (await moto.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    return { accountId, proxy, alice: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  }

  it("evaluates an IAM user's own policies with aws:MultiFactorAuthPresent from the kind of session", async () => {
    const { accountId, proxy, alice } = await mfaPolicedUser();
    // Long-term keys: no MFA in the request, RequireMFA's explicit deny applies.
    const denied = await errorOf(clients(proxy, alice).iam.send(new ListUsersCommand({})));
    expect(denied).toEqual({
      name: 'AccessDenied',
      message:
        `User: arn:aws:iam::${accountId}:user/alice is not authorized to perform: iam:ListUsers on resource: ` +
        `arn:aws:iam::${accountId}:* with an explicit deny in an identity-based policy`,
    });
    // What the policy leaves without MFA: enrolling the own device.
    const { serial, secret } = await mfaDevice(clients(proxy, alice).iam, 'alice');
    const [code1, code2] = twoConsecutiveCodes(secret);
    await clients(proxy, alice).iam.send(
      new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }),
    );
    // A session made with an MFA code may do everything the admin policy allows.
    const session = (
      await clients(proxy, alice).sts.send(
        new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totpAt(secret, Date.now() / 1000) }),
      )
    ).Credentials!;
    const withMfa = clients(proxy, {
      accessKeyId: session.AccessKeyId!,
      secretAccessKey: session.SecretAccessKey!,
      sessionToken: session.SessionToken!,
    });
    expect((await withMfa.iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect((await withMfa.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${accountId}:user/alice`);
    // A session without an MFA code: MultiFactorAuthPresent is false, denied again.
    const plain = (await clients(proxy, alice).sts.send(new GetSessionTokenCommand({}))).Credentials!;
    const noMfa = clients(proxy, {
      accessKeyId: plain.AccessKeyId!,
      secretAccessKey: plain.SecretAccessKey!,
      sessionToken: plain.SessionToken!,
    });
    expect((await errorOf(noMfa.iam.send(new ListUsersCommand({}))))?.name).toBe('AccessDenied');
  });

  it("denies what no policy allows (groups' policies count), and never the root user", async () => {
    const { accountId, proxy, iam: moto } = await freshAccount();
    await moto.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = (await moto.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    const bob = clients(proxy, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    expect((await errorOf(bob.iam.send(new CreateGroupCommand({ GroupName: 'x' }))))?.message).toBe(
      `User: arn:aws:iam::${accountId}:user/bob is not authorized to perform: iam:CreateGroup on resource: ` +
        `arn:aws:iam::${accountId}:group/x because no identity-based policy allows the iam:CreateGroup action`,
    );
    await moto.send(new CreateGroupCommand({ GroupName: 'Readers' }));
    await moto.send(new AddUserToGroupCommand({ GroupName: 'Readers', UserName: 'bob' }));
    const { AttachGroupPolicyCommand } = await import('@aws-sdk/client-iam');
    await moto.send(new AttachGroupPolicyCommand({ GroupName: 'Readers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    expect((await bob.iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['bob']);
    expect((await errorOf(bob.iam.send(new CreateGroupCommand({ GroupName: 'x' }))))?.name).toBe('AccessDenied');
    await clients(proxy).iam.send(new CreateGroupCommand({ GroupName: 'by-root' }));
  });

  it('with the part off, moto lets the same caller do anything', async () => {
    const { proxy, alice } = await mfaPolicedUser(without('authorization'));
    expect((await clients(proxy, alice).iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['alice']);
  });
});

describe('3. eventual consistency', () => {
  it('a new user is missing to other calls for a while, and a new membership to reads', async () => {
    // A delay per kind of entity: users a minute, groups none.
    const { proxy, iam: moto } = await freshAccount({ layer: { consistencyDelayMs: { user: 60_000, group: 0 }, linkDelayMs: 60_000 } });
    const { iam } = clients(proxy);
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    expect(await errorOf(iam.send(new GetUserCommand({ UserName: 'carol' })))).toEqual({
      name: 'NoSuchEntityException',
      message: 'The user with name carol cannot be found.',
    });
    expect((await moto.send(new GetUserCommand({ UserName: 'carol' }))).User?.UserName).toBe('carol');
    await iam.send(new CreateGroupCommand({ GroupName: 'Fresh' }));
    expect((await iam.send(new GetGroupCommand({ GroupName: 'Fresh' }))).Group?.GroupName).toBe('Fresh');
    // Made directly in moto (long visible): only the membership is new.
    await moto.send(new CreateUserCommand({ UserName: 'dave' }));
    await moto.send(new CreateGroupCommand({ GroupName: 'Ops' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Ops', UserName: 'dave' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'dave' }))).Groups).toEqual([]);
    expect((await moto.send(new ListGroupsForUserCommand({ UserName: 'dave' }))).Groups?.map((g) => g.GroupName)).toEqual(['Ops']);
  });

  it('with the part off, moto shows everything at once', async () => {
    const { proxy } = await freshAccount(without('eventual-consistency', { consistencyDelayMs: 60_000 }));
    const { iam } = clients(proxy);
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'carol' }))).User?.UserName).toBe('carol');
  });
});

describe('4. MFA codes', () => {
  async function enable(layer: { layer?: LayerOptions }, codes: (secret: string) => [string, string]) {
    const { proxy, iam: moto } = await freshAccount(layer);
    await moto.send(new CreateUserCommand({ UserName: 'erin' }));
    const { iam, sts } = clients(proxy);
    const { serial, secret } = await mfaDevice(iam, 'erin');
    const [AuthenticationCode1, AuthenticationCode2] = codes(secret);
    return {
      error: await errorOf(
        iam.send(new EnableMFADeviceCommand({ UserName: 'erin', SerialNumber: serial, AuthenticationCode1, AuthenticationCode2 })),
      ),
      sts,
      serial,
      secret,
    };
  }
  const now = () => Date.now() / 1000;

  it('EnableMFADevice takes only two consecutive codes of the device; GetSessionToken checks its code', async () => {
    expect((await enable({}, () => ['123456', '654321'])).error).toEqual({
      name: 'InvalidAuthenticationCodeException',
      message: 'Authentication code for device is not valid.',
    });
    // Consecutive, but in the wrong order; then a pair from five minutes ago.
    expect((await enable({}, (s) => [totpAt(s, now()), totpAt(s, now() - 30)])).error?.name).toBe('InvalidAuthenticationCodeException');
    expect((await enable({}, (s) => twoConsecutiveCodes(s, now() - 300))).error?.name).toBe('InvalidAuthenticationCodeException');
    const good = await enable({}, (s) => twoConsecutiveCodes(s));
    expect(good.error).toBeUndefined();
    expect((await errorOf(good.sts.send(new GetSessionTokenCommand({ SerialNumber: good.serial, TokenCode: '000000' }))))?.name).toBe(
      'AccessDenied',
    );
    expect(
      (await good.sts.send(new GetSessionTokenCommand({ SerialNumber: good.serial, TokenCode: totpAt(good.secret, now()) }))).Credentials
        ?.AccessKeyId,
    ).toMatch(/^ASIA/);
  });

  it('with the part off, moto takes any two codes', async () => {
    expect((await enable(without('mfa-codes'), () => ['123456', '654321'])).error).toBeUndefined();
  });
});

describe('5. the password policy', () => {
  async function createLoginProfile(layer: { layer?: LayerOptions }, password: string) {
    const { proxy, iam: moto } = await freshAccount(layer);
    await moto.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
      }),
    );
    await moto.send(new CreateUserCommand({ UserName: 'frank' }));
    return errorOf(clients(proxy).iam.send(new CreateLoginProfileCommand({ UserName: 'frank', Password: password })));
  }

  it('CreateLoginProfile refuses a password the policy does not allow', async () => {
    expect(await createLoginProfile({}, 'Short1!')).toEqual({
      name: 'PasswordPolicyViolationException',
      message: 'Password should have a minimum length of 14',
    });
    expect(await createLoginProfile({}, 'longenoughbutnoupper1!')).toEqual({
      name: 'PasswordPolicyViolationException',
      message: 'Password should have at least one uppercase letter',
    });
    expect(await createLoginProfile({}, 'Long-Enough-Pass-1')).toBeUndefined();
  });

  it("UpdateLoginProfile and ChangePassword are held to it too (AWS's default policy when the account has none)", async () => {
    const { proxy, iam: moto } = await freshAccount();
    await moto.send(new CreateUserCommand({ UserName: 'gina' }));
    await moto.send(new CreateLoginProfileCommand({ UserName: 'gina', Password: 'Initial-Pass-123' }));
    await moto.send(
      new PutUserPolicyCommand({
        UserName: 'gina',
        PolicyName: 'own-password',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }],
        }),
      }),
    );
    const key = (await moto.send(new CreateAccessKeyCommand({ UserName: 'gina' }))).AccessKey!;
    // No account policy: AWS's default asks for 8 characters of three kinds.
    expect(
      (await errorOf(clients(proxy).iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'alllowercase' }))))?.name,
    ).toBe('PasswordPolicyViolationException');
    const gina = clients(proxy, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    // (A valid ChangePassword is not shown: moto's own ChangePassword answers an HTML 500.)
    expect(await errorOf(gina.iam.send(new ChangePasswordCommand({ OldPassword: 'Initial-Pass-123', NewPassword: 'short' })))).toEqual({
      name: 'PasswordPolicyViolationException',
      message: 'Password should have a minimum length of 8',
    });
  });

  it('with the part off, moto stores any password', async () => {
    expect(await createLoginProfile(without('password-policy'), 'Short1!')).toBeUndefined();
  });
});

describe('6. the root user', () => {
  it("answers as root, lists and counts root's keys and certificates, and a deleted signing key stops working", async () => {
    const { accountId, proxy } = await freshAccount({
      layer: {
        root: { accessKeys: [defaultRootAccessKey, 'AKIAROOTSECONDKEY001'], signingCertificates: ['ROOTCERT0001'], passwordPresent: false },
      },
    });
    const { iam, sts } = clients(proxy);
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: `arn:aws:iam::${accountId}:root`,
      UserId: accountId,
      Account: accountId,
    });
    expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([
      defaultRootAccessKey,
      'AKIAROOTSECONDKEY001',
    ]);
    expect((await iam.send(new ListSigningCertificatesCommand({}))).Certificates?.map((c) => c.CertificateId)).toEqual(['ROOTCERT0001']);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 1,
      AccountSigningCertificatesPresent: 1,
      AccountPasswordPresent: 0,
    });
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: 'AKIAROOTSECONDKEY001' }));
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: defaultRootAccessKey }));
    expect((await errorOf(iam.send(new ListUsersCommand({}))))?.name).toBe('InvalidClientTokenId');
  });

  it('an sts:AssumeRoot session signs as root, limited to what its task policy allows', async () => {
    const task = { accessKeyId: 'ASIATASKAUDIT0000001', secretAccessKey: 'x', sessionToken: 'task' };
    const { accountId, proxy } = await freshAccount({
      layer: { root: { accessKeys: ['AKIAROOTMEMBERKEY001'], taskSessions: { [task.accessKeyId]: 'IAMAuditRootUserCredentials' } } },
    });
    const { iam, sts } = clients(proxy, task);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${accountId}:root`);
    expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual(['AKIAROOTMEMBERKEY001']);
    expect(await errorOf(iam.send(new ListAccountAliasesCommand({})))).toEqual({
      name: 'AccessDenied',
      message:
        `User: arn:aws:iam::${accountId}:root is not authorized to perform: iam:ListAccountAliases on resource: arn:aws:iam::${accountId}:root ` +
        'because no session policy allows the iam:ListAccountAliases action',
    });
    expect((await errorOf(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: 'AKIAROOTMEMBERKEY001' }))))?.name).toBe('AccessDenied');
    expect((await errorOf(iam.send(new GetAccountSummaryCommand({}))))?.name).toBe('AccessDenied');
    expect(proxy.layer!.context.rootAccessKeys.has('AKIAROOTMEMBERKEY001')).toBe(true);
  });

  it('with the part off, moto answers as its default user', async () => {
    const { accountId, proxy } = await freshAccount(without('root-user'));
    expect((await clients(proxy).sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${accountId}:user/moto`);
  });
});

describe('7. sessions that end and services that push back', () => {
  it('ExpiredToken from a chosen call on; a throttling burst the SDK rides out', async () => {
    const { proxy } = await freshAccount({ layer: { expiredTokenFrom: 4, throttled: (seq) => seq <= 2 } });
    const iam = new IAMClient({ region: 'us-east-1', endpoint: proxy.url, credentials: root, maxAttempts: 3 });
    await iam.send(new ListUsersCommand({}));
    expect(proxy.requests.map((r) => r.response?.body.match(/<Code>(\w+)<\/Code>/)?.[1] ?? 'ok')).toEqual([
      'Throttling',
      'Throttling',
      'ok',
    ]);
    expect(await errorOf(iam.send(new ListUsersCommand({})))).toEqual({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });

  it('with the part off, nothing expires', async () => {
    const { proxy } = await freshAccount(without('expiry-and-throttling', { expiredTokenFrom: 1 }));
    await clients(proxy).iam.send(new ListUsersCommand({}));
  });
});

describe('8. names unique regardless of case', () => {
  it('a group "admins" blocks "Admins"', async () => {
    const { proxy, iam: moto } = await freshAccount();
    await moto.send(new CreateGroupCommand({ GroupName: 'admins' }));
    expect(await errorOf(clients(proxy).iam.send(new CreateGroupCommand({ GroupName: 'Admins' })))).toEqual({
      name: 'EntityAlreadyExistsException',
      message: 'Group with name Admins already exists.',
    });
  });

  it('with the part off, moto makes both', async () => {
    const { proxy, iam: moto } = await freshAccount(without('case-insensitive-names'));
    await moto.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await clients(proxy).iam.send(new CreateGroupCommand({ GroupName: 'Admins' }));
  });
});

describe('9. IAM Access Analyzer and the account regions (moto has neither)', () => {
  const analyzerIn = (proxy: AwsProxy, region: string, credentials: Credentials = root) =>
    new AccessAnalyzerClient({ region, endpoint: proxy.url, credentials, maxAttempts: 1 });
  const accountApi = (proxy: AwsProxy, credentials: Credentials = root) =>
    new AccountClient({ region: 'us-east-1', endpoint: proxy.url, credentials, maxAttempts: 1 });

  it('lists the regions by opt-in status; analyzers are per region; a region not enabled refuses the credentials', async () => {
    const { proxy } = await freshAccount({ layer: { regions: { 'me-south-1': 'ENABLED' } } });
    const enabled = await accountApi(proxy).send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED'], MaxResults: 50 }));
    expect(enabled.Regions).toEqual([{ RegionName: 'me-south-1', RegionOptStatus: 'ENABLED' }]);
    const byDefault = await accountApi(proxy).send(
      new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED_BY_DEFAULT'], MaxResults: 50 }),
    );
    expect(byDefault.Regions).toHaveLength(17);
    const firstPage = await accountApi(proxy).send(new ListRegionsCommand({ MaxResults: 10 }));
    expect(firstPage.NextToken).toBe('10');
    expect(firstPage.Regions).toHaveLength(10);

    await analyzerIn(proxy, 'me-south-1').send(new CreateAnalyzerCommand({ analyzerName: 'external', type: 'ACCOUNT' }));
    const listed = await analyzerIn(proxy, 'me-south-1').send(new ListAnalyzersCommand({}));
    expect(listed.analyzers).toEqual([
      expect.objectContaining({
        name: 'external',
        type: 'ACCOUNT',
        status: 'ACTIVE',
        arn: expect.stringMatching(/^arn:aws:access-analyzer:me-south-1:\d{12}:analyzer\/external$/),
      }),
    ]);
    expect((await analyzerIn(proxy, 'us-east-1').send(new ListAnalyzersCommand({}))).analyzers).toEqual([]);
    expect(await errorOf(analyzerIn(proxy, 'af-south-1').send(new ListAnalyzersCommand({})))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    await analyzerIn(proxy, 'me-south-1').send(new DeleteAnalyzerCommand({ analyzerName: 'external' }));
    expect((await analyzerIn(proxy, 'me-south-1').send(new ListAnalyzersCommand({}))).analyzers).toEqual([]);
  });

  it('an IAM user needs its policies to allow the action', async () => {
    const { proxy, iam: moto } = await freshAccount();
    await moto.send(new CreateUserCommand({ UserName: 'auditor' }));
    const key = (await moto.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
    const auditor = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    expect(await errorOf(accountApi(proxy, auditor).send(new ListRegionsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: account:ListRegions'),
    });
    await moto.send(
      new PutUserPolicyCommand({
        UserName: 'auditor',
        PolicyName: 'audit',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['account:ListRegions', 'access-analyzer:ListAnalyzers'], Resource: '*' }],
        }),
      }),
    );
    await accountApi(proxy, auditor).send(new ListRegionsCommand({}));
    await analyzerIn(proxy, 'us-east-1', auditor).send(new ListAnalyzersCommand({}));
  });

  it('with the part off, moto answers neither', async () => {
    const { proxy } = await freshAccount(without('access-analyzer'));
    expect(await errorOf(accountApi(proxy).send(new ListRegionsCommand({})))).toBeDefined();
    expect(await errorOf(analyzerIn(proxy, 'us-east-1').send(new ListAnalyzersCommand({})))).toBeDefined();
  });
});
