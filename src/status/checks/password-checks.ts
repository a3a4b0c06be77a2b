import type { PasswordPolicy } from '@aws-sdk/client-iam';
import { recommendedPolicy } from '../../iam/password-policy-rules.js';
import { fail, need, pass, type Check, type Evidence } from '../check.js';

const fix = (): { step: string; link: null } => ({ step: 'password-policy', link: null });

const characterClasses = [
  ['RequireUppercaseCharacters', 'uppercase letters'],
  ['RequireLowercaseCharacters', 'lowercase letters'],
  ['RequireNumbers', 'numbers'],
  ['RequireSymbols', 'symbols'],
] as const;

/** Security Hub IAM.7 with its default parameters: all four character classes and at least 8 characters. */
const iam7MinimumLength = 8;

function policyEvidence(policy: PasswordPolicy): Evidence {
  return {
    MinimumPasswordLength: policy.MinimumPasswordLength ?? null,
    RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    RequireNumbers: policy.RequireNumbers ?? false,
    RequireSymbols: policy.RequireSymbols ?? false,
    PasswordReusePrevention: policy.PasswordReusePrevention ?? null,
  };
}

const noPolicy = 'the account has no password policy (AWS defaults apply)';

export const passwordPolicyCheck: Check = {
  id: 'password-policy',
  title: 'Password policy is set',
  controls: ['IAM.7'],
  fix,
  evaluate(readings) {
    const policy = need(readings.passwordPolicy);
    if (!policy) return fail(noPolicy, [{ policy: null }]);
    const missing = characterClasses.filter(([field]) => !policy[field]).map(([, words]) => words);
    const length = policy.MinimumPasswordLength ?? 0;
    const problems = [
      ...(missing.length > 0 ? [`does not require ${missing.join(', ')}`] : []),
      ...(length < iam7MinimumLength ? [`allows ${length}-character passwords`] : []),
    ];
    if (problems.length > 0) return fail(`the password policy ${problems.join(' and ')}`, [policyEvidence(policy)]);
    return pass(`a password policy requires all four character classes and ${length}+ characters`, [policyEvidence(policy)]);
  },
};

const minLength = recommendedPolicy.MinimumPasswordLength;
const minReuse = recommendedPolicy.PasswordReusePrevention;

export const passwordLengthCheck: Check = {
  id: 'password-length',
  title: `Password length ${minLength}+`,
  controls: ['CIS 1.7', 'IAM.15'],
  fix,
  evaluate(readings) {
    const policy = need(readings.passwordPolicy);
    if (!policy) return fail(`${noPolicy}; minimum length must be ${minLength} or more`, [{ MinimumPasswordLength: null }]);
    const length = policy.MinimumPasswordLength ?? 0;
    const evidence = [{ MinimumPasswordLength: length }];
    return length >= minLength
      ? pass(`minimum password length is ${length}`, evidence)
      : fail(`minimum password length is ${length}; must be ${minLength} or more`, evidence);
  },
};

export const passwordReuseCheck: Check = {
  id: 'password-reuse',
  title: `Password reuse prevention ${minReuse}`,
  controls: ['CIS 1.8', 'IAM.16'],
  fix,
  evaluate(readings) {
    const policy = need(readings.passwordPolicy);
    if (!policy) return fail(`${noPolicy}; it must remember the last ${minReuse} passwords`, [{ PasswordReusePrevention: null }]);
    const reuse = policy.PasswordReusePrevention;
    const evidence = [{ PasswordReusePrevention: reuse ?? null }];
    if (reuse === undefined) return fail(`password reuse prevention is off; must remember the last ${minReuse}`, evidence);
    return reuse >= minReuse
      ? pass(`the last ${reuse} passwords cannot be reused`, evidence)
      : fail(`only the last ${reuse} passwords are remembered; must be ${minReuse}`, evidence);
  },
};
