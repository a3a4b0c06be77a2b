import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Keys tmux knows by name; anything else is typed literally. */
export type NamedKey = 'Enter' | 'Tab' | 'C-c' | 'Down' | 'Up' | 'BSpace' | 'Escape' | 'Space';

export interface TerminalOptions {
  readonly columns?: number;
  readonly rows?: number;
  /** Lines the shell prints before the program starts, as a person's earlier work in the terminal. */
  readonly linesBefore?: readonly string[];
}

/**
 * Clear-screen sequences: erase display (ESC[2J), erase scrollback (ESC[3J), full reset (ESC c).
 * Any of them takes the person's own lines, and lines the wizard already printed, off the terminal.
 */
export const clearScreenSequences: readonly string[] = ['\u001b[2J', '\u001b[3J', '\u001bc'];

/**
 * A program running in a real terminal: a detached tmux session on a socket of its own, read with
 * capture-pane and driven with send-keys, as a person at a terminal of the given size (default
 * 120 x 50) would. Everything the program writes is also kept raw (`tmux pipe-pane`), so a test can
 * look for escape sequences that the screen no longer shows.
 */
export class TmuxTerminal {
  readonly socket = `aws-day-one-${process.pid}-${randomBytes(4).toString('hex')}`;
  private started = false;
  private readonly dir = mkdtempSync(join(tmpdir(), 'aws-day-one-tmux-'));
  private readonly rawPath = join(this.dir, 'raw');

  /** Runs `argv` with exactly `env`; when it exits the pane shows `[exit CODE]` and stays. */
  start(argv: readonly string[], env: Readonly<Record<string, string>>, options: TerminalOptions = {}): void {
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const assignments = Object.entries(env).map(([k, v]) => quote(`${k}=${v}`));
    const ready = join(this.dir, 'ready');
    const before = (options.linesBefore ?? []).map((line) => `printf '%s\\n' ${quote(line)}`).join('; ');
    // The program waits until pipe-pane is attached, so the raw log has every byte it writes.
    const command = [
      `while [ ! -e ${quote(ready)} ]; do sleep 0.02; done`,
      ...(before ? [before] : []),
      `env -i ${assignments.join(' ')} ${argv.map(quote).join(' ')}; echo "[exit $?]"; exec sleep 600`,
    ].join('; ');
    const columns = String(options.columns ?? 120);
    const rows = String(options.rows ?? 50);
    this.tmux(
      '-f',
      '/dev/null',
      'start-server',
      ';',
      'set-option',
      '-g',
      'history-limit',
      '100000',
      ';',
      'new-session',
      '-d',
      '-x',
      columns,
      '-y',
      rows,
      command,
    );
    this.started = true;
    this.tmux('pipe-pane', '-o', `cat >> ${quote(this.rawPath)}`);
    writeFileSync(ready, '');
  }

  /** The visible screen as plain text (capture-pane -p drops colours). */
  screen(): string {
    return this.tmux('capture-pane', '-p');
  }

  /** Everything in the pane: the scrollback (what scrolled off the top) and the screen. */
  scrollback(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-E', '-');
  }

  /** Every byte the program (and the shell before it) wrote to the terminal, escapes and all. */
  raw(): string {
    return existsSync(this.rawPath) ? readFileSync(this.rawPath, 'utf8') : '';
  }

  /** Polls the screen until it contains `text`; fails with the screen after `ms`. */
  // Generous: a fresh moto account loads every AWS managed policy on first use, slowly when the suite runs in parallel.
  async waitFor(text: string | RegExp, ms = 90_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(text)} within ${ms} ms; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Like waitFor, but looks at the scrollback too (lines a tall screen pushed off the top). */
  async waitInScrollback(text: string | RegExp, ms = 90_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const all = this.scrollback();
      if (typeof text === 'string' ? all.includes(text) : text.test(all)) return all;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(text)} within ${ms} ms; screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types text and waits until it is echoed, so the next key does not arrive in the same chunk. */
  async type(text: string, echoed: string | RegExp = text): Promise<void> {
    this.tmux('send-keys', '-l', text);
    await this.waitFor(echoed);
  }

  /** Sends text at once, without waiting: tmux writes it to the program as one chunk. */
  send(text: string): void {
    this.tmux('send-keys', '-l', text);
  }

  /**
   * Writes bytes to the program as one chunk, as a terminal does with a paste (a paste ending in a
   * newline carries the Enter with it).
   */
  paste(text: string): void {
    const buffer = `paste-${randomBytes(3).toString('hex')}`;
    this.tmux('set-buffer', '-b', buffer, text);
    // Like a terminal, tmux turns the paste's newlines into carriage returns (the Enter key).
    this.tmux('paste-buffer', '-d', '-b', buffer);
  }

  press(key: NamedKey): void {
    this.tmux('send-keys', key);
  }

  kill(): void {
    if (!this.started) return;
    this.started = false;
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
