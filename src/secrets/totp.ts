import { generateSync, generateURI } from 'otplib';

export const mfaIssuer = 'Amazon Web Services';
const period = 30;

/** CreateVirtualMFADevice returns the Base32 seed as bytes of ASCII text. */
export function seedToSecret(seed: Uint8Array): string {
  return new TextDecoder().decode(seed).trim();
}

/** otpauth:// URI that authenticator apps show as "Amazon Web Services (user@alias)". */
export function otpauthUri(secret: string, userName: string, accountLabel: string): string {
  return generateURI({ issuer: mfaIssuer, label: `${userName}@${accountLabel}`, secret });
}

export function totpAt(secret: string, epochSeconds: number): string {
  return generateSync({ secret, epoch: epochSeconds });
}

/** The codes of the previous and the current 30-second window: two consecutive codes, as EnableMFADevice wants. */
export function twoConsecutiveCodes(secret: string, nowSeconds = Date.now() / 1000): [string, string] {
  return [totpAt(secret, nowSeconds - period), totpAt(secret, nowSeconds)];
}

/**
 * Checks two codes a person typed before AWS sees them. AWS would reject them too, but only after
 * a round trip and with a vaguer message. Returns what is wrong, or undefined when they are good.
 */
export function checkConsecutiveCodes(secret: string, first: string, second: string, nowSeconds = Date.now() / 1000): string | undefined {
  for (const [label, code] of [
    ['first', first],
    ['second', second],
  ] as const) {
    if (!/^\d{6}$/.test(code)) return `the ${label} code must be exactly 6 digits (got "${code}")`;
  }
  if (first === second) return 'the two codes are the same; wait for the app to show the next code, then type that one as the second';
  // The second code may be from up to two windows ago (slow typing) or one ahead (clock drift).
  const windows = [-3, -2, -1, 0, 1].map((offset) => totpAt(secret, nowSeconds + offset * period));
  for (let i = 1; i < windows.length; i++) {
    if (windows[i] === second && windows[i - 1] === first) return undefined;
  }
  if (windows.includes(first) && windows.includes(second)) {
    return 'the codes belong to this device but are not consecutive; type two codes in a row, the second right after the app changes';
  }
  if (windows.includes(first) || windows.includes(second)) {
    return 'only one of the codes matches this device; type two codes in a row from the same entry in your app';
  }
  return (
    'the codes do not match this device; scan the QR code shown here (or type the secret) and use that entry in your app, ' +
    "and check the phone's clock"
  );
}
