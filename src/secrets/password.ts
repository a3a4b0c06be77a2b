import { randomInt } from 'node:crypto';

const lower = 'abcdefghijkmnopqrstuvwxyz';
const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const digits = '23456789';
// IAM's accepted symbols, minus quotes and backslash that trip people pasting into shells.
const symbols = '!@#$%^&*()_+-=[]{}|';

export interface PasswordRules {
  readonly minimumLength?: number;
}

/**
 * A one-time password that satisfies any IAM password policy: at least 20 characters (or the
 * policy's minimum), every character class present, drawn from node:crypto. Look-alike characters
 * (l, 1, 0, O, I) are left out because the operator may read it aloud or type it.
 */
export function generatePassword(rules: PasswordRules = {}): string {
  const length = Math.min(128, Math.max(20, rules.minimumLength ?? 0));
  const all = lower + upper + digits + symbols;
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}
