import { UpdateAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { readPasswordPolicy } from '../iam/account-reads.js';
import { desiredPolicy, type DesiredPolicy } from '../iam/password-policy-rules.js';
import { VerifyError } from '../lib/errors.js';
import { defineStep, type FieldDiff } from '../contracts/step.js';

interface Inspection {
  readonly current: PasswordPolicy | undefined;
}

interface Data {
  readonly desired: DesiredPolicy;
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
      summary:
        `min length ${d.MinimumPasswordLength}, reuse prevention ${d.PasswordReusePrevention}, all character classes ` +
        `${d.RequireSymbols && d.RequireNumbers && d.RequireUppercaseCharacters && d.RequireLowercaseCharacters ? 'required' : 'not all required'}`,
    };
  },

  async verify({ data }, { iam }) {
    const left = policyDiff(await readPasswordPolicy(iam), data.desired);
    if (left.length > 0)
      throw new VerifyError(`password policy differs after update: ${left.map((d) => `${d.field} is ${d.before}`).join(', ')}`);
  },
});
