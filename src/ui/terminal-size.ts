import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The terminal's size now; 80 x 24 (a terminal's default) when the stream does not say. */
export function readTerminalSize(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/**
 * The terminal's size, updated on resize. The listener goes first (prependListener): Ink redraws
 * on the same event, and the room the wizard leaves itself must be known before that redraw.
 */
export function useTerminalSize(onResize?: (size: TerminalSize) => void): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readTerminalSize(stdout));
  useEffect(() => {
    const resized = (): void => {
      const next = readTerminalSize(stdout);
      onResize?.(next);
      setSize(next);
    };
    stdout.prependListener('resize', resized);
    return () => {
      stdout.off('resize', resized);
    };
  }, [stdout, onResize]);
  return size;
}

/**
 * Lines `text` takes in `columns` when Ink wraps it: word by word, a word longer than a line cut
 * (wrap-ansi's hard wrap). Counted per character: the wizard's own text is ASCII and a few
 * one-column marks (✘, ✔).
 */
export function linesOf(text: string, columns: number): number {
  const width = Math.max(1, columns);
  let lines = 1;
  let column = 0;
  for (const word of text.split(' ')) {
    let length = [...word].length;
    if (column > 0) {
      if (column + 1 + length <= width) {
        column += 1 + length;
        continue;
      }
      lines += 1;
      column = 0;
    }
    while (length > width) {
      lines += 1;
      length -= width;
    }
    column = length;
  }
  return lines;
}
