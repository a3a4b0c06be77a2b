import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
  constants,
  type BigIntStats,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The fs calls a write goes through; tests replace `writeSync` to inject a short or failing write. */
export const fsCalls = { writeSync };

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never a mix:
 * temp file in the same directory, mode 0600 from creation, every byte written, fsync, rename,
 * fsync of the directory. With `exclusive`, an existing target (a file, a symlink, dangling or not)
 * is never replaced (secret files).
 */
export function writeFileAtomic(path: string, content: string, options: { exclusive?: boolean } = {}): void {
  const staged = stage(path, content);
  place(staged, path, options);
}

/**
 * writeFileAtomic for a secret file a resume must recognise as this tool's own: `recordIdentity`
 * gets the file's identity (fileIdentity) once its bytes are on disk and before it appears at
 * `path`, so a run killed right after the file appeared has already recorded it. If recording
 * fails, nothing appears at `path`.
 */
export async function writeOwnFileAtomic(
  path: string,
  content: string,
  options: { exclusive?: boolean },
  recordIdentity: (identity: string) => Promise<void>,
): Promise<void> {
  const staged = stage(path, content);
  try {
    await recordIdentity(staged.identity);
  } catch (error) {
    try {
      unlinkSync(staged.temp);
    } catch {
      /* already gone */
    }
    throw error;
  }
  place(staged, path, options);
}

/**
 * Names one file whatever its path (device, inode, modification time in ns), or undefined when
 * nothing is at `path`. A symlink is named as itself, never as what it points to.
 */
export function fileIdentity(path: string): string | undefined {
  try {
    return identityOf(lstatSync(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

function identityOf(stats: BigIntStats): string {
  // The modification time tells a new file apart from an old one whose inode number it reuses.
  return `${stats.dev}:${stats.ino}:${stats.mtimeNs}`;
}

interface Staged {
  readonly temp: string;
  readonly identity: string;
}

/** The temp file next to `path`, written in full and fsynced. */
function stage(path: string, content: string): Staged {
  removeStaleTemps(path);
  const temp = join(dirname(path), tempName(basename(path)));
  // O_EXCL with O_CREAT never follows a symlink at the last part; O_NOFOLLOW says so twice.
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      writeAll(fd, Buffer.from(content, 'utf8'));
      fsyncSync(fd);
      // link() and rename() keep the inode and its modification time: this names the file at `path` too.
      return { temp, identity: identityOf(fstatSync(fd, { bigint: true })) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw error;
  }
}

/** Moves the staged temp file to `path` (see writeFileAtomic), then fsyncs the directory. */
function place({ temp }: Staged, path: string, options: { exclusive?: boolean }): void {
  try {
    if (options.exclusive) {
      // link() fails if anything is at the target, a dangling symlink included, where rename() would replace it.
      linkSync(temp, path);
      unlinkSync(temp);
    } else {
      renameSync(temp, path);
    }
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw error;
  }
  syncDirectory(dirname(path));
}

/**
 * write(2) may write fewer bytes than asked (a nearly full disk, a signal): write the rest until
 * everything is out. A write that makes no progress is an error, never a silently cut file.
 */
export function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    const written = fsCalls.writeSync(fd, data, offset, data.length - offset);
    if (written <= 0) {
      throw Object.assign(new Error(`ENOSPC: short write, ${offset} of ${data.length} bytes written`), { code: 'ENOSPC' });
    }
    offset += written;
  }
}

/** `.NAME.HEX.tmp`: the temp file writeFileAtomic makes next to NAME. */
function tempName(name: string): string {
  return `.${name}.${randomBytes(6).toString('hex')}.tmp`;
}

function staleTempPattern(name: string): RegExp {
  return new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{12}\\.tmp$`);
}

/**
 * Removes this tool's temp files left next to `path` by a run killed between writing a temp file and
 * renaming it (one may hold a secret); returns the paths removed. Only one run works on an account
 * at a time (run-lock), so no other writer owns one now.
 */
export function removeStaleTemps(path: string): string[] {
  const stale = staleTempPattern(basename(path));
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!stale.test(name)) continue;
    try {
      unlinkSync(join(dirname(path), name));
      removed.push(join(dirname(path), name));
    } catch {
      /* already gone */
    }
  }
  return removed;
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
