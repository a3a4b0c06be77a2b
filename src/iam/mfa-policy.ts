import { iamArn, type Caller } from '../aws/caller.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Actions on the member's own IAM user that a member without MFA needs: look at their user, change
 * the password they were given, and enrol (list, enable, resync) their own MFA device. With
 * AdministratorAccess beside this policy they would be allowed on every user, so the policy denies
 * them on any other user (see mfaEnforcementPolicy).
 */
export const ownUserActionsWithoutMfa = [
  'iam:ChangePassword',
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ResyncMFADevice',
] as const;

/**
 * What a user may do before signing in with MFA: the own-user actions above, plus the account-wide
 * ones they need on the way (AWS's example omits iam:ChangePassword and iam:GetAccountPasswordPolicy,
 * which locks out a new user whose password must be reset at first sign-in).
 * - iam:GetAccountPasswordPolicy and iam:ListVirtualMFADevices take no resource ("*" only).
 * - iam:CreateVirtualMFADevice's resource is the new device (mfa/NAME); the console lets the user name
 *   the device freely, so any name is allowed. A created device does nothing until EnableMFADevice
 *   assigns it, which is held to the own user.
 * - sts:GetSessionToken turns long-term keys plus an MFA code into an MFA session.
 */
export const actionsAllowedWithoutMfa = [
  ...ownUserActionsWithoutMfa,
  'iam:CreateVirtualMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:ListVirtualMFADevices',
  'sts:GetSessionToken',
].sort();

/** No MFA in this request: long-term access keys carry no aws:MultiFactorAuthPresent key at all, hence IfExists. */
const withoutMfa = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };

/**
 * The MFA-enforcement policy, after AWS's "manage own MFA device" example (DenyAllExceptListedIfNoMFA),
 * scoped to the caller's account and partition, with ${aws:username} instead of user names.
 *
 * Its Allow statements alone would do for a group without other policies; but a Deny is the only
 * thing that limits what AdministratorAccess or PowerUserAccess allow, so both limits are Denies:
 * everything but the listed actions, and the listed own-user actions on anyone but oneself.
 */
export function mfaEnforcementPolicy(caller: Caller): PolicyDocument {
  // A user created with a path (user/team/alice) has that path in its ARN. `${aws:username}` is an IAM
  // policy variable, not a template.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
  const self = [iamArn(caller, 'user/${aws:username}'), iamArn(caller, 'user/*/${aws:username}')];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Effect: 'Allow',
        Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
        Resource: '*',
      },
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
        Condition: withoutMfa,
      },
      {
        Sid: 'DenyOtherUsersIfNoMFA',
        Effect: 'Deny',
        Action: [...ownUserActionsWithoutMfa],
        NotResource: self,
        Condition: withoutMfa,
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
      Object.keys(value)
        .sort()
        .map((key) => [key, normalize((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
