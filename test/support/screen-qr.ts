import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

// jsqr is CommonJS with an ES-style default in its types; at run time the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

const glyphs = new Set(['█', '▀', '▄', ' ']);

/**
 * Finds the half-block QR code in a captured terminal screen (src/ui/qr-code.ts: a solid
 * block is two light modules, ▀ light over dark, ▄ dark over light, a space two dark ones).
 * Returns its rows of modules, true for dark, or undefined when there is none.
 */
export function qrModulesFromScreen(screen: string): boolean[][] | undefined {
  const lines = screen.split('\n');
  // The code starts with its top border, a run of ▄ (a dark half over the light quiet row).
  const start = lines.findIndex((line) => /▄{21,}/.test(line) && /^\s*▄+\s*$/.test(line));
  if (start === -1) return undefined;
  const first = lines[start] ?? '';
  const left = first.indexOf('▄');
  const width = first.trim().length;
  const rows: boolean[][] = [];
  for (let i = start; i < lines.length; i++) {
    const chars = [...(lines[i] ?? '')].slice(left, left + width);
    if (chars.length < width || !chars.every((c) => glyphs.has(c)) || (i > start && chars[0] !== '█')) break;
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const c of chars) {
      top.push(c === ' ' || c === '▄');
      bottom.push(c === ' ' || c === '▀');
    }
    rows.push(top, bottom);
  }
  return rows.length > 0 ? rows : undefined;
}

/** Draws modules as a PNG (light quiet zone around them), as a camera would see the screen. */
export function modulesToPng(modules: readonly (readonly boolean[])[], scale = 6, quiet = 4): PNG {
  const size = (modules[0]?.length ?? 0) + quiet * 2;
  const height = modules.length + quiet * 2;
  const png = new PNG({ width: size * scale, height: height * scale });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const dark = modules[Math.floor(y / scale) - quiet]?.[Math.floor(x / scale) - quiet] === true;
      const offset = (y * png.width + x) * 4;
      const value = dark ? 0 : 255;
      png.data[offset] = value;
      png.data[offset + 1] = value;
      png.data[offset + 2] = value;
      png.data[offset + 3] = 255;
    }
  }
  return png;
}

/** Reads the QR code off a captured screen with a real decoder; undefined when none can be read. */
export function decodeQrOnScreen(screen: string): string | undefined {
  const modules = qrModulesFromScreen(screen);
  if (!modules) return undefined;
  // Round-trip through PNG bytes: the decoder sees an image file, not our module grid.
  const image = PNG.sync.read(PNG.sync.write(modulesToPng(modules)));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
