import { describe, expect, it } from 'vitest';
import { parseCaller } from '../src/caller.js';
import { mfaEnforcementPolicy } from '../src/mfa-policy.js';
import { evaluate, type Document } from './support/policy-evaluator.js';

const account = '111122223333';
const caller = parseCaller(account, `arn:aws:iam::${account}:root`);
const requireMfa = mfaEnforcementPolicy(caller) as unknown as Document;
const administratorAccess: Document = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const self = `arn:aws:iam::${account}:user/CTO`;
const other = `arn:aws:iam::${account}:user/Someone`;

type Mfa = 'absent' | 'false' | 'true';
function decide(documents: Document[], action: string, resource: string, mfa: Mfa): string {
  const keys: Record<string, string> = mfa === 'absent' ? {} : { 'aws:MultiFactorAuthPresent': mfa };
  return evaluate(documents, { action, resource, userName: 'CTO', keys });
}

// What a brand-new user must be able to do before any MFA exists: sign in, change the password, enrol MFA.
const firstSignIn: [string, string][] = [
  ['iam:ChangePassword', self],
  ['iam:GetAccountPasswordPolicy', '*'],
  ['iam:GetUser', self],
  ['iam:CreateVirtualMFADevice', `arn:aws:iam::${account}:mfa/CTO`],
  ['iam:EnableMFADevice', self],
  ['iam:ListMFADevices', self],
  ['iam:ListVirtualMFADevices', '*'],
  ['iam:ResyncMFADevice', self],
  ['sts:GetSessionToken', '*'],
];

const everythingElse: [string, string][] = [
  ['iam:CreateUser', `arn:aws:iam::${account}:user/Eve`],
  ['iam:CreateAccessKey', self],
  ['iam:DeactivateMFADevice', self],
  ['iam:AttachUserPolicy', self],
  ['s3:ListAllMyBuckets', '*'],
  ['ec2:RunInstances', '*'],
];

describe('the MFA-enforcement policy with AdministratorAccess (the admin group)', () => {
  for (const mfa of ['absent', 'false'] as const) {
    it.each(firstSignIn)(`allows %s without MFA (key ${mfa})`, (action, resource) => {
      expect(decide([administratorAccess, requireMfa], action, resource, mfa)).toBe('allowed');
    });
    it.each(everythingElse)(`denies %s without MFA (key ${mfa})`, (action, resource) => {
      expect(decide([administratorAccess, requireMfa], action, resource, mfa)).toBe('explicitDeny');
    });
  }
  it.each([...firstSignIn, ...everythingElse])('allows %s once signed in with MFA', (action, resource) => {
    expect(decide([administratorAccess, requireMfa], action, resource, 'true')).toBe('allowed');
  });
});

describe('the MFA-enforcement policy alone (a team group without admin rights)', () => {
  // AWS requires no permission for sts:GetSessionToken; the policy only has to keep it out of the deny.
  const needsAllow = firstSignIn.filter(([action]) => action !== 'sts:GetSessionToken');
  it.each(needsAllow)('lets a new user do %s on their own user before MFA', (action, resource) => {
    expect(decide([requireMfa], action, resource, 'false')).toBe('allowed');
  });
  it('does not deny sts:GetSessionToken, which a CLI user needs to start an MFA session', () => {
    expect(decide([requireMfa], 'sts:GetSessionToken', '*', 'false')).not.toBe('explicitDeny');
  });
  it('never lets a user change or enrol MFA for somebody else', () => {
    for (const action of ['iam:ChangePassword', 'iam:EnableMFADevice', 'iam:ResyncMFADevice']) {
      expect(decide([requireMfa], action, other, 'false')).toBe('implicitDeny');
      expect(decide([requireMfa], action, other, 'true')).toBe('implicitDeny');
    }
  });
  it('exempts exactly the first-sign-in actions from the deny', () => {
    const deny = requireMfa.Statement.find((s) => s.Effect === 'Deny')!;
    expect([...(deny.NotAction as string[])].sort()).toEqual([
      'iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetAccountPasswordPolicy',
      'iam:GetMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice',
      'sts:GetSessionToken',
    ]);
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
