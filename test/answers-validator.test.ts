import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateAnswersValidator, validatorPath } from '../scripts/gen-answers-validator.mjs';

describe('the answers validator compiled ahead of time', () => {
  it('matches answers.schema.json (after a schema change: npm run build)', () => {
    expect(readFileSync(validatorPath as string, 'utf8')).toBe((generateAnswersValidator as () => string)());
  });
});
