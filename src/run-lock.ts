import { closeSync, constants, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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
    super(holder
      ? `another aws-day-one run (PID ${holder.pid} on ${holder.host}, started ${holder.startedAt}) is working on account ${accountId}; `
        + `wait for it to finish. If that process is gone, delete ${path} and run again`
      : `another aws-day-one run is working on account ${accountId} (lock file ${path}); wait for it to finish, or delete the file if no run is left`);
  }
}

export function lockPath(stateDir: string, accountId: string): string {
  return join(stateDir, `${accountId}.lock`);
}

/**
 * Takes the per-account lock next to the state file (O_EXCL, mode 0600). A lock left by a process
 * that no longer exists on this host is taken over. Released on return, on exit and on SIGINT/SIGTERM.
 */
export function acquireRunLock(stateDir: string, accountId: string, now: () => Date = () => new Date()): RunLock {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = lockPath(stateDir, accountId);
  const me: LockHolder = { pid: process.pid, startedAt: now().toISOString(), host: hostname() };
  const content = `${JSON.stringify(me)}\n`;

  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, content)) return holdUntilExit(path, content);
    const raw = readRaw(path);
    if (raw === undefined) continue; // released between our attempt and the read
    const holder = parseHolder(raw);
    if (!holder || isAlive(holder)) throw new LockHeldError(path, holder, accountId);
    // Remove the stale lock only if nobody replaced it meanwhile.
    if (readRaw(path) === raw) removeQuietly(path);
  }
  throw new LockHeldError(path, parseHolder(readRaw(path) ?? ''), accountId);
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
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
    if (readRaw(path) === content) removeQuietly(path);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    // Die of the same signal, as the default handler would have.
    process.kill(process.pid, signal);
  };
  process.on('exit', release);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { path, release };
}

function readRaw(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
