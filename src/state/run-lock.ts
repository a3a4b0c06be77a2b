import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds the lock: written into ACCOUNT.lock, never a secret. */
export interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  readonly host: string;
}

export interface RunLock {
  readonly path: string;
  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void;
}

/** Another run works on the same account. Exit 1: the input is fine, the timing is not. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
  constructor(
    readonly path: string,
    readonly holder: LockHolder | undefined,
    accountId: string,
  ) {
    super(
      holder
        ? `another aws-day-one run (PID ${holder.pid} on ${holder.host}, started ${holder.startedAt}) ` +
            `is working on account ${accountId}; ` +
            `wait for it to finish. If that process is gone, delete ${path} and run again`
        : `another aws-day-one run is working on account ${accountId} (lock file ${path}); ` +
            `wait for it to finish, or delete the file if no run is left`,
    );
  }
}

export function lockPath(stateDir: string, accountId: string): string {
  return join(stateDir, `${accountId}.lock`);
}

/** The lock file could not be written (a full disk, say): it was removed again, nothing was changed. Exit 1. */
export class LockWriteError extends Error {
  override readonly name = 'LockWriteError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `cannot write the lock file ${path} (${cause instanceof Error ? cause.message : String(cause)}); nothing was changed. ` +
        'Free some space on that disk (or choose another --state-dir) and run again',
    );
  }
}

export interface LockOptions {
  readonly now?: () => Date;
  /** Said on stderr: a lock with no readable owner was taken over. */
  readonly warn?: (message: string) => void;
}

/**
 * A lock whose owner cannot be read is taken over only once it has stayed so this long. Its owner is
 * written right after the exclusive create, so an empty lock younger than this may be another run
 * writing it this very moment; an older one was left by a run that died between the two (or by a
 * write that failed before this version removed such a file).
 */
export const unreadableLockGraceMs = 10_000;

/**
 * Takes the per-account lock next to the state file (O_EXCL, mode 0600). A lock left by a process
 * that no longer exists on this host is taken over, and so is one with no readable owner that is older
 * than unreadableLockGraceMs (with a warning). Released on return and on exit; on SIGINT/SIGTERM only
 * when nothing else handles the signal (the wizard finishes its AWS call first and holds the lock
 * until it exits).
 */
export function acquireRunLock(stateDir: string, accountId: string, options: LockOptions = {}): RunLock {
  const now = options.now ?? (() => new Date());
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = lockPath(stateDir, accountId);
  const me: LockHolder = { pid: process.pid, startedAt: now().toISOString(), host: hostname() };
  const content = `${JSON.stringify(me)}\n`;

  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, content)) return holdUntilExit(path, content);
    const found = readLock(path);
    if (found === undefined) continue; // released between our attempt and the read
    const holder = parseHolder(found.raw);
    if (holder) {
      if (isAlive(holder)) throw new LockHeldError(path, holder, accountId);
    } else {
      const age = now().getTime() - found.mtimeMs;
      if (!(age >= unreadableLockGraceMs)) throw new LockHeldError(path, undefined, accountId);
    }
    // Remove the stale lock only if nobody replaced it meanwhile.
    if (!sameLock(readLock(path), found)) continue;
    removeQuietly(path);
    if (!holder) {
      options.warn?.(
        `the lock file ${path} had no readable owner (${found.raw.trim() === '' ? 'empty' : 'not a lock this tool wrote'}, ` +
          `last written ${new Date(found.mtimeMs).toISOString()}); a run that died while taking it left it behind, ` +
          `so this run takes it over`,
      );
    }
  }
  throw new LockHeldError(path, parseHolder(readLock(path)?.raw ?? ''), accountId);
}

/** Creates the lock with our owner in it; a lock whose owner could not be written is removed at once. */
function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const bytes = Buffer.from(content, 'utf8');
    for (let written = 0; written < bytes.length; ) {
      const count = writeSync(fd, bytes, written, bytes.length - written);
      if (count <= 0) throw new Error(`wrote ${written} of ${bytes.length} bytes`);
      written += count;
    }
  } catch (error) {
    closeSync(fd);
    // Left empty, it would read as "another run is working on this account" to every later run.
    removeQuietly(path);
    throw new LockWriteError(path, error);
  }
  closeSync(fd);
  return true;
}

function holdUntilExit(path: string, content: string): RunLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    try {
      if (readLock(path)?.raw === content) removeQuietly(path);
    } catch {
      // The directory itself is gone or unreadable: nothing of ours is left to remove.
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // Another listener (the wizard on SIGINT) keeps the process running to finish its AWS call:
    // the lock then lives until that work is done and the process exits.
    if (process.listeners(signal).some((listener) => listener !== onSignal)) return;
    release();
    // Die of the same signal, as the default handler would have.
    process.kill(process.pid, signal);
  };
  process.on('exit', release);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { path, release };
}

interface FoundLock {
  readonly raw: string;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The lock's content and when it was last written, read through one descriptor (one file). */
function readLock(path: string): FoundLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { mtimeMs, ino } = fstatSync(fd);
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(4096);
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
    }
    return { raw: Buffer.concat(chunks).toString('utf8'), mtimeMs, ino };
  } finally {
    closeSync(fd);
  }
}

function sameLock(a: FoundLock | undefined, b: FoundLock): boolean {
  return a !== undefined && a.raw === b.raw && a.ino === b.ino && a.mtimeMs === b.mtimeMs;
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, startedAt: parsed.startedAt, host: parsed.host };
  } catch {
    return undefined;
  }
}

/** A process on another host cannot be checked from here, so its lock counts as live. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
