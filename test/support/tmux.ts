import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Keys tmux knows by name; anything else is typed literally. */
export type NamedKey = 'Enter' | 'Tab' | 'C-c' | 'Down' | 'Up' | 'BSpace' | 'Escape' | 'Space';

/**
 * A program running in a real terminal: a detached tmux session on a socket of its own, read with
 * capture-pane and driven with send-keys, as a person at a 120 x 50 terminal would.
 */
export class TmuxTerminal {
  readonly socket = `aws-day-one-${process.pid}-${randomBytes(4).toString('hex')}`;
  private started = false;

  /** Runs `argv` with exactly `env`; when it exits the pane shows `[exit CODE]` and stays. */
  start(argv: readonly string[], env: Readonly<Record<string, string>>): void {
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const assignments = Object.entries(env).map(([k, v]) => quote(`${k}=${v}`));
    const command = `env -i ${assignments.join(' ')} ${argv.map(quote).join(' ')}; echo "[exit $?]"; exec sleep 600`;
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '50', command);
    this.started = true;
  }

  /** The visible screen as plain text (capture-pane -p drops colours). */
  screen(): string {
    return this.tmux('capture-pane', '-p');
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

  /** Types text and waits until it is echoed, so the next key does not arrive in the same chunk. */
  async type(text: string, echoed: string | RegExp = text): Promise<void> {
    this.tmux('send-keys', '-l', text);
    await this.waitFor(echoed);
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
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
