import { iamArn, type Caller } from './caller.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * What a user may do before signing in with MFA: enrol their own virtual MFA device, and change
 * the password they were given (AWS's example omits iam:ChangePassword and
 * iam:GetAccountPasswordPolicy, which locks out a new user whose password must be reset at first sign-in).
 */
export const actionsAllowedWithoutMfa = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
] as const;

/**
 * The MFA-enforcement policy, after AWS's "manage own MFA device" example (DenyAllExceptListedIfNoMFA),
 * scoped to the caller's account and partition, with ${aws:username} instead of user names.
 */
export function mfaEnforcementPolicy(caller: Caller): PolicyDocument {
  const self = iamArn(caller, 'user/${aws:username}');
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
      { Sid: 'AllowChangeOwnPassword', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: self },
      { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: iamArn(caller, 'mfa/*') },
      {
        Sid: 'AllowManageOwnUserMFA',
        Effect: 'Allow',
        Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
        Resource: self,
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [...actionsAllowedWithoutMfa],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  };
}

/** Compares two policy documents by meaning of layout: key order and single-item lists do not matter. */
export function samePolicyDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.length === 1 ? items[0] : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value).sort().map((key) => [key, normalize((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
