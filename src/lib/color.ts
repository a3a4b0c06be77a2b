export interface ColorOptions {
  /** `--no-color` on the command line: beats every environment variable. */
  readonly noColor?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface MaybeTty {
  readonly isTTY?: boolean;
}

/**
 * Whether to write ANSI colour to `stream`. Order: --no-color, then FORCE_COLOR (as Node itself
 * lets it override NO_COLOR; "0" or "false" turn colour off), then NO_COLOR (any non-empty value,
 * per no-color.org), then a terminal that is not TERM=dumb.
 */
export function wantsColor(stream: MaybeTty, options: ColorOptions = {}): boolean {
  if (options.noColor) return false;
  const env = options.env ?? process.env;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR']) return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

/** Colour functions that are the identity when colour is off, so callers never branch. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return { red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}
