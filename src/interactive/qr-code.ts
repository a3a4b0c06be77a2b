import qrcodeTerminal from 'qrcode-terminal';

export interface QrBlock {
  /** Lines of half-block characters, two QR modules per character row, light modules drawn solid. */
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Draws a QR code with half blocks (qrcode-terminal's small mode), so it fits a normal terminal. */
export function drawQr(text: string): QrBlock {
  let drawn = '';
  qrcodeTerminal.generate(text, { small: true }, (output) => {
    drawn = output;
  });
  const lines = drawn.split('\n').filter((line) => line.length > 0);
  return { lines, width: Math.max(...lines.map((line) => [...line].length)), height: lines.length };
}

/** Lines the MFA screen needs besides the code itself: title, instructions, two code prompts, messages. */
export const mfaScreenChrome = 12;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The smallest terminal in which the whole code and its prompts are visible at once. */
export function terminalNeededFor(qr: QrBlock): TerminalSize {
  return { columns: qr.width + 4, rows: qr.height + mfaScreenChrome };
}

export function fitsIn(qr: QrBlock, size: TerminalSize): boolean {
  const needed = terminalNeededFor(qr);
  return size.columns >= needed.columns && size.rows >= needed.rows;
}
