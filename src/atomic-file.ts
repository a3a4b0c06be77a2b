import { closeSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a reader (or a crash) sees the old content or the new, never a mix:
 * temp file in the same directory, mode 0600 from creation, fsync, rename, fsync of the directory.
 * With `exclusive`, an existing target is never replaced (secret files).
 */
export function writeFileAtomic(path: string, content: string, options: { exclusive?: boolean } = {}): void {
  removeStaleTemps(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (options.exclusive) {
      // link() fails if the target exists, where rename() would silently replace it.
      linkExclusive(temp, path);
    } else {
      renameSync(temp, path);
    }
  } catch (error) {
    try { unlinkSync(temp); } catch { /* already gone */ }
    throw error;
  }
  syncDirectory(dirname(path));
}

/**
 * A run killed between writing a temp file and renaming it leaves the temp behind, and it may hold a
 * secret. Only one run works on an account at a time (run-lock), so no other writer owns one now.
 */
function removeStaleTemps(path: string): void {
  const stale = new RegExp(`^\\.${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!stale.test(name)) continue;
    try { unlinkSync(join(dirname(path), name)); } catch { /* already gone */ }
  }
}

function linkExclusive(temp: string, path: string): void {
  linkSync(temp, path);
  unlinkSync(temp);
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
