import { GetAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { errorAnswer, type LayerContext, type LayerPart } from './core.js';

/** The characters IAM counts as symbols in a password policy. */
const symbols = /[!@#$%^&*()_+\-=[\]{}|']/;

/** What AWS applies when the account has no password policy: 8 characters, three of the four kinds. */
const defaultPolicy = { minimum: 8, kindsRequired: 3 } as const;

async function accountPolicy(ctx: LayerContext): Promise<PasswordPolicy | undefined> {
  try {
    return (await ctx.moto.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch {
    return undefined;
  }
}

/** The first rule of the policy the password breaks, in AWS's words, or undefined. */
export function passwordPolicyViolation(password: string, policy: PasswordPolicy | undefined): string | undefined {
  const kinds = {
    uppercase: /[A-Z]/.test(password),
    lowercase: /[a-z]/.test(password),
    number: /\d/.test(password),
    symbol: symbols.test(password),
  };
  if (!policy) {
    if (password.length < defaultPolicy.minimum) return `Password should have a minimum length of ${defaultPolicy.minimum}`;
    if (Object.values(kinds).filter(Boolean).length < defaultPolicy.kindsRequired)
      return 'Password should have at least three of: uppercase letters, lowercase letters, numbers, symbols';
    return undefined;
  }
  if (password.length < (policy.MinimumPasswordLength ?? 6))
    return `Password should have a minimum length of ${policy.MinimumPasswordLength ?? 6}`;
  if (policy.RequireUppercaseCharacters && !kinds.uppercase) return 'Password should have at least one uppercase letter';
  if (policy.RequireLowercaseCharacters && !kinds.lowercase) return 'Password should have at least one lowercase letter';
  if (policy.RequireNumbers && !kinds.number) return 'Password should have at least one number';
  if (policy.RequireSymbols && !kinds.symbol) return 'Password should have at least one symbol';
  return undefined;
}

const passwordParam: Record<string, string> = {
  CreateLoginProfile: 'Password',
  UpdateLoginProfile: 'Password',
  ChangePassword: 'NewPassword',
};

/**
 * Part 5: the account's password policy (or AWS's default one) holds for every password IAM sets;
 * moto stores any. Reuse prevention is not modelled (the layer keeps no password history).
 */
export const passwordPolicyPart: LayerPart = {
  name: 'password-policy',
  async before(request, ctx) {
    const param = passwordParam[request.action];
    const password = param ? request.params[param] : undefined;
    if (request.service !== 'iam' || password === undefined) return undefined;
    const violation = passwordPolicyViolation(password, await accountPolicy(ctx));
    return violation ? errorAnswer(400, 'PasswordPolicyViolation', violation) : undefined;
  },
};
