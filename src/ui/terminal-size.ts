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

/** Lines `text` takes in `columns` when it wraps (the wizard's own text is ASCII: names, digits). */
export function linesOf(text: string, columns: number): number {
  return Math.max(1, Math.ceil(text.length / Math.max(1, columns)));
}
