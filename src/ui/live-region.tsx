import { Box, type DOMElement } from 'ink';
import { useCallback, useRef, type ReactNode } from 'react';
import { useTerminalSize, type TerminalSize } from './terminal-size.js';

/**
 * The most lines the live part of the screen may take: one less than the terminal's height.
 * Ink redraws the live part by moving the cursor up over it, which works only while all of it is
 * on screen; a frame as tall as the terminal makes Ink clear the whole screen and the scrollback
 * (ESC[2J ESC[3J) and write everything again, taking the person's own lines with it.
 */
export function liveRows(size: TerminalSize): number {
  return Math.max(1, size.rows - 1);
}

/**
 * The live part of the wizard, never taller than liveRows. Ink 6's Box has no maxHeight (Ink 7
 * has, but needs Node 22), so it is set on the Box's Yoga node, which Ink lays out: on every
 * render (the size read fresh) and on resize before Ink redraws. Children that may give up lines
 * are Shrinkable; Yoga takes the lines from them, the most willing first.
 */
export function LiveRegion({ children }: { readonly children: ReactNode }) {
  const box = useRef<DOMElement | null>(null);
  const cap = useCallback((size: TerminalSize) => {
    box.current?.yogaNode?.setMaxHeight(liveRows(size));
  }, []);
  const size = useTerminalSize(cap);
  const attach = useCallback(
    (node: DOMElement | null) => {
      box.current = node;
      node?.yogaNode?.setMaxHeight(liveRows(size));
    },
    [size],
  );
  // Set while rendering too: Ink lays the tree out after this render commits.
  cap(size);
  return (
    <Box ref={attach} flexDirection="column" overflow="hidden">
      {children}
    </Box>
  );
}

export interface ShrinkableProps {
  /** How willingly this part gives up lines, relative to the other Shrinkables (the default 1). */
  readonly priority?: number;
  readonly children: ReactNode;
}

/**
 * A part of the live screen that may lose its last lines when the terminal is too short (the list
 * of steps to come, a step's explanation). Its content keeps its own height and is cut, never
 * squeezed: squeezed text lines would be drawn over each other.
 */
export function Shrinkable({ priority = 1, children }: ShrinkableProps) {
  return (
    <Box flexDirection="column" flexShrink={priority} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
}

/** A part that keeps all its lines (a question and its answer field). */
export function Fixed({ children }: { readonly children: ReactNode }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {children}
    </Box>
  );
}
