import './ui-env.js';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';

export interface UiOptions {
  readonly columns?: number;
  readonly rows?: number;
}

export interface Ui {
  /** The last frame, ANSI stripped. */
  frame(): string;
  /** The last frame as written, escapes and all. */
  rawFrame(): string;
  /** Polls until a frame contains `text` (or matches it); fails with the last frame after `ms`. */
  waitFor(text: string | RegExp, ms?: number): Promise<string>;
  /** Types text as one chunk, then waits for Ink to process it. */
  type(text: string): Promise<void>;
  /**
   * Writes several chunks in the same turn of the event loop, with no redraw between them: keys
   * typed faster than the screen redraws (text, then Enter a few ms later).
   */
  typeChunks(...chunks: string[]): Promise<void>;
  press(key: 'enter' | 'tab' | 'ctrl-c' | 'down' | 'backspace' | 'space'): Promise<void>;
  unmount(): void;
}

const keys = { enter: '\r', tab: '\t', 'ctrl-c': '\u0003', down: '\u001b[B', backspace: '\u007f', space: ' ' } as const;

/** ink-testing-library with a fixed terminal size (default 100 x 40) and waits instead of sleeps. */
export function renderUi(tree: ReactElement, options: UiOptions = {}): Ui {
  const instance = render(tree);
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter;
  Object.defineProperty(stdout, 'columns', { value: options.columns ?? 100, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: options.rows ?? 40, configurable: true });
  const frame = (): string => stripVTControlCharacters(instance.lastFrame() ?? '');
  // Input is read on the next turn of the event loop, as from a real terminal.
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  // The size is announced once the tree has mounted and subscribed, as a terminal's resize would be.
  let announced = false;
  const ready = async (): Promise<void> => {
    if (announced) return;
    announced = true;
    await settle();
    stdout.emit('resize');
    await settle();
  };
  return {
    frame,
    rawFrame: () => instance.lastFrame() ?? '',
    async waitFor(text, ms = 3000) {
      await ready();
      const deadline = Date.now() + ms;
      for (;;) {
        const current = frame();
        if (typeof text === 'string' ? current.includes(text) : text.test(current)) return current;
        if (Date.now() > deadline) throw new Error(`no frame with ${String(text)} within ${ms} ms; last frame:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async type(text) {
      await ready();
      await settle();
      instance.stdin.write(text);
      await settle();
    },
    async typeChunks(...chunks) {
      await ready();
      await settle();
      for (const chunk of chunks) instance.stdin.write(chunk);
      await settle();
    },
    async press(key) {
      await ready();
      await settle();
      instance.stdin.write(keys[key]);
      await settle();
    },
    unmount: () => instance.unmount(),
  };
}
