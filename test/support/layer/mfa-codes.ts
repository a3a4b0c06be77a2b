import { totpAt } from '../../../src/secrets/totp.js';
import { errorAnswer, isSuccess, xmlText, type LayerContext, type LayerPart } from './core.js';

const period = 30;

/**
 * AWS accepts codes of the current 30-second step and, for clock drift, the step before and after.
 * EnableMFADevice wants two codes of consecutive steps within that window.
 */
const driftSteps = [-1, 0, 1];

function codeAt(secret: string, step: number): string {
  return totpAt(secret, step * period);
}

export function mfaPairIsValid(ctx: LayerContext, serial: string, first: string, second: string, nowSeconds = Date.now() / 1000): boolean {
  const secret = ctx.mfaSeeds.get(serial);
  if (secret === undefined) return false;
  const now = Math.floor(nowSeconds / period);
  return driftSteps.some((offset) => codeAt(secret, now + offset - 1) === first && codeAt(secret, now + offset) === second);
}

export function mfaCodeIsValid(ctx: LayerContext, serial: string, code: string, nowSeconds = Date.now() / 1000): boolean {
  const secret = ctx.mfaSeeds.get(serial);
  if (secret === undefined) return false;
  const now = Math.floor(nowSeconds / period);
  return driftSteps.some((offset) => codeAt(secret, now + offset) === code);
}

/**
 * Part 4, MFA codes: moto enables a device with any two codes. Here EnableMFADevice takes only two
 * consecutive codes of that device's seed (which CreateVirtualMFADevice's answer gave the layer);
 * sts:GetSessionToken's TokenCode is checked the same way (test/support/aws-layer.ts).
 */
export const mfaCodesPart: LayerPart = {
  name: 'mfa-codes',
  before(request, ctx) {
    if (request.service !== 'iam' || request.action !== 'EnableMFADevice') return undefined;
    const serial = request.params['SerialNumber'] ?? '';
    // A device made outside the layer (a test's direct set-up): its seed is unknown, moto decides.
    if (!ctx.mfaSeeds.has(serial)) return undefined;
    if (mfaPairIsValid(ctx, serial, request.params['AuthenticationCode1'] ?? '', request.params['AuthenticationCode2'] ?? ''))
      return undefined;
    return errorAnswer(403, 'InvalidAuthenticationCode', 'Authentication code for device is not valid.');
  },
  after(request, answer, ctx) {
    if (request.service === 'iam' && request.action === 'CreateVirtualMFADevice' && isSuccess(answer)) {
      const serial = xmlText(answer.body, 'SerialNumber');
      const seed = xmlText(answer.body, 'Base32StringSeed');
      // The seed travels as base64 of the Base32 text.
      if (serial && seed) ctx.mfaSeeds.set(serial, Buffer.from(seed, 'base64').toString('utf8').trim());
    }
    return undefined;
  },
};
