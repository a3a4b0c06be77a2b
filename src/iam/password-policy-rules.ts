import type { PasswordPolicy, UpdateAccountPasswordPolicyCommandInput } from '@aws-sdk/client-iam';
import type { PasswordPolicyAnswers } from '../answers/answers.js';

/** The full set of parameters UpdateAccountPasswordPolicy takes; any left out is reset by AWS. */
export type DesiredPolicy = Required<Omit<UpdateAccountPasswordPolicyCommandInput, 'MaxPasswordAge'>> & { MaxPasswordAge?: number };

/**
 * CIS AWS Foundations v5 (1.7, 1.8) and Security Hub IAM.7/IAM.15/IAM.16: length >= 14, reuse >= 24,
 * all four character classes. No forced expiry: current NIST and CIS guidance drop periodic rotation.
 */
export const recommendedPolicy: DesiredPolicy = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};

/**
 * Recommended values, kept stricter where the account is already stricter (a day-1 tool never
 * weakens a policy someone chose), then the operator's explicit overrides.
 */
export function desiredPolicy(current: PasswordPolicy | undefined, overrides: PasswordPolicyAnswers): DesiredPolicy {
  const atLeast = (a: number, b: number | undefined): number => Math.max(a, b ?? 0);
  const either = (a: boolean, b: boolean | undefined): boolean => a || (b ?? false);
  const merged: DesiredPolicy = {
    MinimumPasswordLength: atLeast(recommendedPolicy.MinimumPasswordLength, current?.MinimumPasswordLength),
    RequireSymbols: either(recommendedPolicy.RequireSymbols, current?.RequireSymbols),
    RequireNumbers: either(recommendedPolicy.RequireNumbers, current?.RequireNumbers),
    RequireUppercaseCharacters: either(recommendedPolicy.RequireUppercaseCharacters, current?.RequireUppercaseCharacters),
    RequireLowercaseCharacters: either(recommendedPolicy.RequireLowercaseCharacters, current?.RequireLowercaseCharacters),
    AllowUsersToChangePassword: true,
    PasswordReusePrevention: atLeast(recommendedPolicy.PasswordReusePrevention, current?.PasswordReusePrevention),
    // HardExpiry locks out users whose password expired: never set unless asked explicitly.
    HardExpiry: false,
    ...(current?.MaxPasswordAge ? { MaxPasswordAge: current.MaxPasswordAge } : {}),
  };
  const fromAnswers: Partial<DesiredPolicy> = {
    ...(overrides.minimumPasswordLength !== undefined && { MinimumPasswordLength: overrides.minimumPasswordLength }),
    ...(overrides.requireSymbols !== undefined && { RequireSymbols: overrides.requireSymbols }),
    ...(overrides.requireNumbers !== undefined && { RequireNumbers: overrides.requireNumbers }),
    ...(overrides.requireUppercaseCharacters !== undefined && { RequireUppercaseCharacters: overrides.requireUppercaseCharacters }),
    ...(overrides.requireLowercaseCharacters !== undefined && { RequireLowercaseCharacters: overrides.requireLowercaseCharacters }),
    ...(overrides.allowUsersToChangePassword !== undefined && { AllowUsersToChangePassword: overrides.allowUsersToChangePassword }),
    ...(overrides.passwordReusePrevention !== undefined && { PasswordReusePrevention: overrides.passwordReusePrevention }),
    ...(overrides.hardExpiry !== undefined && { HardExpiry: overrides.hardExpiry }),
    ...(overrides.maxPasswordAge !== undefined && { MaxPasswordAge: overrides.maxPasswordAge }),
  };
  return { ...merged, ...fromAnswers };
}

/**
 * The shortest password the account accepts once this run is through, whether or not the policy step
 * has run yet (steps run concurrently) or was declined: generated passwords are at least this long.
 */
export function minimumLengthAfterRun(current: PasswordPolicy | undefined, overrides: PasswordPolicyAnswers): number {
  return Math.max(current?.MinimumPasswordLength ?? 0, desiredPolicy(current, overrides).MinimumPasswordLength);
}
