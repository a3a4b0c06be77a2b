import QRCode from 'qrcode';

export interface QrBlock {
  /** Lines of half-block characters, two QR modules per character row, light modules drawn solid. */
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/**
 * The otpauth:// URI the QR code carries, kept short so the code fits an 80 x 24 terminal: the
 * label is the user, the issuer the account (its alias, else its ID), so an authenticator app
 * still shows which account and user the entry is for ("acme-prod (CTO)"). The secret goes last,
 * where it can be encoded in the QR code's denser alphanumeric mode (Base32 is upper case and
 * digits only).
 */
export function qrOtpauthUri(secret: string, userName: string, account: string): string {
  return `otpauth://totp/${encodeURIComponent(userName)}?issuer=${encodeURIComponent(account)}&secret=${secret}`;
}

/**
 * Draws a QR code with half blocks, light modules solid and a one-module light border, for a
 * terminal's dark background. A Base32 secret at the end of the text is put in its own
 * alphanumeric segment (5.5 bits a character instead of 8): for an AWS seed of 64 characters
 * that is two QR versions smaller, 20 rows instead of 22 or more.
 */
export function drawQr(text: string): QrBlock {
  const split = /^(.*[?&]secret=)([A-Z2-7]+)$/.exec(text);
  const segments: QRCode.QRCodeSegment[] = split
    ? [
        { data: new TextEncoder().encode(split[1] ?? ''), mode: 'byte' },
        { data: split[2] ?? '', mode: 'alphanumeric' },
      ]
    : [{ data: new TextEncoder().encode(text), mode: 'byte' }];
  const { modules } = QRCode.create(segments, { errorCorrectionLevel: 'L' });
  const size = modules.size;
  // With the border: -1 .. size. Outside it (row -2, the half above the first border row) is dark.
  const light = (row: number, col: number): boolean => {
    if (row < -1 || row > size || col < -1 || col > size) return false;
    if (row === -1 || row === size || col === -1 || col === size) return true;
    return !modules.get(row, col);
  };
  const lines: string[] = [];
  for (let top = -2; top <= size; top += 2) {
    let line = '';
    for (let col = -1; col <= size; col++) {
      const upper = light(top, col);
      const lower = light(top + 1, col);
      line += upper && lower ? '█' : upper ? '▀' : lower ? '▄' : ' ';
    }
    lines.push(line);
  }
  return { lines, width: size + 2, height: lines.length };
}

/** The secret as typed by hand: groups of four, eight groups a line. */
export function secretInGroups(secret: string): string[] {
  const groups = secret.match(/.{1,4}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 8) lines.push(groups.slice(i, i + 8).join(' '));
  return lines;
}
