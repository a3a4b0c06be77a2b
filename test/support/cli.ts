import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { isolatedCliEnv } from './cli-env.js';

/** The bundle built for this test run (test/support/global-setup.ts). */
export function cliPath(): string {
  return inject('cliPath');
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly endpoint?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with the child's PID once it runs (fault tests kill it). */
  readonly onSpawn?: (pid: number) => void;
  /** Runs the CLI as this user (tests run as root, which may read any file); `cli` must be readable by it. */
  readonly user?: { readonly uid: number; readonly gid: number; readonly cli: string };
  /**
   * Runs the CLI under `ulimit -f 0`: every write to a file fails with EFBIG, as on a full disk
   * (writes to the pipes of stdout and stderr still go through).
   */
  readonly noFileWrites?: boolean;
}

/** Writes an answers file into `dir` and returns its path. */
export function writeAnswers(dir: string, body: string): string {
  const path = join(dir, 'answers.yaml');
  writeFileSync(path, body);
  return path;
}

/** A temporary directory for one test (answers, seed files, state). */
export function tempDir(prefix = 'aws-day-one-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the built CLI as a user would, with no TTY, isolated from the machine's AWS config. */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const home = tempDir('aws-day-one-home-');
  const env = isolatedCliEnv(home, options.endpoint);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const user = options.user ? { uid: options.user.uid, gid: options.user.gid } : {};
    const argv = [process.execPath, options.user?.cli ?? cliPath(), ...args];
    const [command, ...rest] = options.noFileWrites ? ['/bin/sh', '-c', 'ulimit -f 0 && exec "$0" "$@"', ...argv] : argv;
    const child = spawn(command!, rest, { cwd: options.cwd ?? home, env, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
