import { UpdateAccountPasswordPolicyCommand, type PasswordPolicy, type UpdateAccountPasswordPolicyCommandInput } from '@aws-sdk/client-iam';
import type { PasswordPolicyAnswers } from '../answers/answers.js';
import { readPasswordPolicy } from '../iam/account-reads.js';
import { VerifyError } from '../lib/errors.js';
import { defineStep, type FieldDiff } from '../contracts/step.js';

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

interface Inspection {
  readonly current: PasswordPolicy | undefined;
}

interface Data {
  readonly desired: DesiredPolicy;
}

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

const fields = [
  'MinimumPasswordLength',
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
  'PasswordReusePrevention',
  'MaxPasswordAge',
  'HardExpiry',
] as const;

function show(value: number | boolean | undefined, field: string): string {
  if (value === undefined) return field === 'MaxPasswordAge' ? 'never expires' : field === 'PasswordReusePrevention' ? 'off' : '-';
  return String(value);
}

export function policyDiff(current: PasswordPolicy | undefined, desired: DesiredPolicy): FieldDiff[] {
  const diff: FieldDiff[] = [];
  for (const field of fields) {
    const before = current ? show(current[field] ?? (typeof desired[field] === 'boolean' ? false : undefined), field) : 'none';
    const after = show(desired[field], field);
    if (before !== after) diff.push({ field, before, after });
  }
  return diff;
}

function wholeNumberFrom(min: number, max: number): (text: string) => string | undefined {
  return (text) =>
    /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max
      ? undefined
      : `must be a whole number from ${min} to ${max} (got "${text}")`;
}

export const passwordPolicy = defineStep<Inspection, Data>({
  id: 'password-policy',
  title: 'Password policy',
  why: 'Long passwords with all character classes and no reuse, as the CIS AWS Foundations Benchmark and Security Hub check.',

  // The two values people tune; the character classes stay required (CIS, Security Hub IAM.7).
  questions: ({ current }, { answers }) => {
    const desired = desiredPolicy(current, answers.passwordPolicy);
    return [
      {
        key: 'passwordPolicy.minimumPasswordLength',
        kind: 'text',
        message: 'Minimum password length (6-128; CIS asks for 14 or more)',
        suggested: String(desired.MinimumPasswordLength),
        validate: wholeNumberFrom(6, 128),
        parse: Number,
      },
      {
        key: 'passwordPolicy.passwordReusePrevention',
        kind: 'text',
        message: 'Earlier passwords a user may not reuse (1-24; CIS asks for 24)',
        suggested: String(desired.PasswordReusePrevention),
        validate: wholeNumberFrom(1, 24),
        parse: Number,
      },
    ];
  },

  inspect: async ({ reads }) => ({ current: await reads.passwordPolicy() }),

  plan({ current }, { answers }) {
    const desired = desiredPolicy(current, answers.passwordPolicy);
    const diff = policyDiff(current, desired);
    if (diff.length === 0) return { changes: [], upToDate: 'already as asked', data: { desired } };
    return {
      changes: [{ kind: current ? 'update' : 'create', target: 'account password policy', diff }],
      data: { desired },
    };
  },

  async apply({ data }, { iam }) {
    await iam.send(new UpdateAccountPasswordPolicyCommand(data.desired));
    const d = data.desired;
    return {
      summary: `min length ${d.MinimumPasswordLength}, reuse prevention ${d.PasswordReusePrevention}, all character classes ${d.RequireSymbols && d.RequireNumbers && d.RequireUppercaseCharacters && d.RequireLowercaseCharacters ? 'required' : 'not all required'}`,
    };
  },

  async verify({ data }, { iam }) {
    const left = policyDiff(await readPasswordPolicy(iam), data.desired);
    if (left.length > 0)
      throw new VerifyError(`password policy differs after update: ${left.map((d) => `${d.field} is ${d.before}`).join(', ')}`);
  },
});
