import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, tempDir, type CliRun } from './support/cli.js';
import { isolatedCliEnv } from './support/cli-env.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

/** The passwords the tool sent to AWS, in order (the proxy sees them; moto does not give them back). */
/** Passwords AWS took: the layer may refuse a first try while IAM does not show the new user yet. */
function passwordsSent(proxy: {
  requests: readonly {
    action: string;
    params: Record<string, string | undefined>;
    answeredByLayer?: boolean;
    response?: { status: number };
  }[];
}): string[] {
  return proxy.requests
    .filter(
      (r) =>
        (r.action === 'CreateLoginProfile' || r.action === 'UpdateLoginProfile') && !r.answeredByLayer && (r.response?.status ?? 0) < 400,
    )
    .map((r) => r.params['Password'] ?? '');
}

/**
 * Runs the CLI with stdout somewhere a write fails: a pipe whose reading end is closed at once
 * (EPIPE), or /dev/full (ENOSPC). stderr is read as usual.
 */
function runWithBrokenStdout(args: readonly string[], endpoint: string, stdout: 'closed-pipe' | 'dev-full'): Promise<CliRun> {
  const home = tempDir('aws-day-one-home-');
  const full = stdout === 'dev-full' ? openSync('/dev/full', 'w') : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      cwd: home,
      env: isolatedCliEnv(home, endpoint),
      stdio: ['ignore', full ?? 'pipe', 'pipe'],
    });
    if (full !== undefined) closeSync(full);
    // Nobody reads: the run's first write to stdout (the card, at the end) meets a closed pipe.
    child.stdout?.destroy();
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
  });
}

describe('a password counts as delivered only once it reached stdout', () => {
  it.each([
    ['a closed pipe', 'closed-pipe', []],
    ['/dev/full', 'dev-full', []],
    ['a closed pipe, with --json', 'closed-pipe', ['--json']],
    ['/dev/full, with --json', 'dev-full', ['--json']],
  ] as const)(
    'stdout %s: exit 1 naming the user, no stack trace, and the next run issues a new password that reaches stdout',
    async (_label, broken, extra) => {
      const { proxy, accountId } = await freshAccount();
      const dir = tempDir();
      writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: lost-card-co }\n');
      const args = ['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state'), ...extra];

      const first = await runWithBrokenStdout(args, proxy.url, broken);
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(
        /error: the password of CTO was not delivered: the sign-in card could not be written to stdout \((EPIPE|ENOSPC)/,
      );
      expect(first.stderr).not.toMatch(/\n\s+at /);
      const [firstPassword] = passwordsSent(proxy);
      expect(firstPassword).toBeDefined();
      expect(first.stderr).not.toContain(firstPassword);
      const state = readFileSync(join(dir, 'state', `${accountId}.json`), 'utf8');
      expect(JSON.parse(state).steps['admin-user'].passwordDelivery).toBe('pending');

      const second = await runCli(args, { endpoint: proxy.url });
      const sent = passwordsSent(proxy);
      expect(sent).toHaveLength(2);
      expect(proxy.requests.filter((r) => r.action === 'UpdateLoginProfile')).toHaveLength(1);
      expect(sent[1]).not.toBe(firstPassword);
      expect(second.stdout).toContain(sent[1]);
      expect(second.code).toBe(3);
      expect(JSON.parse(readFileSync(join(dir, 'state', `${accountId}.json`), 'utf8')).steps['admin-user'].passwordDelivery).toBe(
        'delivered',
      );
    },
    60_000,
  );
});

describe('temp files of an interrupted secret write are swept by later runs', () => {
  it('removes them next to every destination the state remembers, even when the answers now name other files, and says so', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    const answers = (seed: string, alicePassword: string) =>
      `account: { alias: sweep-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./${seed} }\n` +
      `users: [{ name: alice, groups: [Administrators]${alicePassword ? `, passwordFile: ./${alicePassword}` : ''} }]\n`;
    writeFileSync(join(dir, 'answers.yaml'), answers('cto-mfa.uri', 'alice-password.txt'));
    const args = ['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')];
    expect((await runCli(args, { endpoint: proxy.url })).code).toBe(3);

    // As if a run had been killed between the temp write and the rename, each holding a secret.
    const seedTemp = join(dir, '.cto-mfa.uri.0123456789ab.tmp');
    const passwordTemp = join(dir, '.alice-password.txt.ba9876543210.tmp');
    writeFileSync(seedTemp, 'otpauth://totp/secret-in-temp', { mode: 0o600 });
    writeFileSync(passwordTemp, 'password-in-temp', { mode: 0o600 });
    writeFileSync(join(dir, 'answers.yaml'), answers('other-mfa.uri', ''));

    const again = await runCli(args, { endpoint: proxy.url });
    expect(again.stderr).toContain(`[warn] removed ${seedTemp}, a temp file left by an interrupted write of a secret file`);
    expect(again.stderr).toContain(`[warn] removed ${passwordTemp}, a temp file left by an interrupted write of a secret file`);
    expect(again.stderr).not.toContain('secret-in-temp');
    expect(again.stderr).not.toContain('password-in-temp');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(again.code).toBe(3);
  }, 60_000);
});
