import { generateSecret } from 'otplib';
import { describe, expect, it } from 'vitest';
import { checkConsecutiveCodes, otpauthUri, totpAt, twoConsecutiveCodes } from '../src/secrets/totp.js';

const secret = generateSecret();
const now = 1_800_000_015; // 15 s into a 30-second window
const code = (windowOffset: number): string => totpAt(secret, now + windowOffset * 30);

describe('the two MFA codes are checked locally before AWS sees them', () => {
  it('accepts the previous and the current code', () => {
    expect(checkConsecutiveCodes(secret, code(-1), code(0), now)).toBeUndefined();
  });
  it('accepts a pair typed slowly (two windows old) or with the phone a window ahead', () => {
    expect(checkConsecutiveCodes(secret, code(-3), code(-2), now)).toBeUndefined();
    expect(checkConsecutiveCodes(secret, code(0), code(1), now)).toBeUndefined();
  });
  it.each([
    ['12345', code(0), /first code must be exactly 6 digits \(got "12345"\)/],
    [code(-1), '1234567', /second code must be exactly 6 digits/],
    ['12a456', code(0), /first code must be exactly 6 digits/],
    [' 123456', code(0), /first code must be exactly 6 digits/],
  ])('refuses codes that are not 6 digits: %s / %s', (first, second, message) => {
    expect(checkConsecutiveCodes(secret, first, second, now)).toMatch(message);
  });
  it('refuses the same code twice', () => {
    expect(checkConsecutiveCodes(secret, code(0), code(0), now)).toMatch(
      /the two codes are the same; wait for the app to show the next code/,
    );
  });
  it('refuses codes of this device that are not consecutive', () => {
    expect(checkConsecutiveCodes(secret, code(-2), code(0), now)).toMatch(/not consecutive/);
    expect(checkConsecutiveCodes(secret, code(0), code(-1), now)).toMatch(/not consecutive/);
  });
  it('refuses codes from another secret', () => {
    const other = generateSecret();
    const [a, b] = twoConsecutiveCodes(other, now);
    expect(checkConsecutiveCodes(secret, a, b, now)).toMatch(/do not match this device; scan the QR code/);
  });
  it("refuses a pair where only one code is this device's", () => {
    const stranger = code(0) === '000000' ? '111111' : '000000';
    expect(checkConsecutiveCodes(secret, stranger, code(0), now)).toMatch(/only one of the codes matches/);
  });
  it('computes two consecutive codes for a seed file run', () => {
    const [a, b] = twoConsecutiveCodes(secret, now);
    expect([a, b]).toEqual([code(-1), code(0)]);
  });
  it('labels the device so authenticator apps show issuer and account', () => {
    const uri = new URL(otpauthUri(secret, 'CTO', 'acme-prod'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Amazon Web Services:CTO@acme-prod');
    expect(uri.searchParams.get('issuer')).toBe('Amazon Web Services');
    expect(uri.searchParams.get('secret')).toBe(secret);
  });
});
