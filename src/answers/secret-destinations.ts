import { closeSync, lstatSync, openSync, realpathSync, statSync, unlinkSync, constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { BadInputError } from '../lib/errors.js';

/**
 * The fs calls the case probe goes through. Tests replace `lstatSync` to stand in for a filesystem
 * that ignores case (this Linux kernel has none to mount).
 */
export const fsCalls = { lstatSync };

/** A file the answers ask a secret to be written to, with the key that names it. */
export interface SecretDestination {
  readonly key: string;
  readonly path: string;
}

/**
 * The preflight of every secret destination, before anything changes: the path is usable, nothing
 * (not even a dangling symlink) sits at it, a file can be created and removed in its directory, and
 * no two destinations are one file, whatever the spelling (a symlinked directory; names differing
 * only in case on a filesystem that ignores case). Each problem is bad input naming the key.
 */
export function checkSecretDestinations(destinations: readonly SecretDestination[]): void {
  const claimedBy = new Map<string, { key: string; path: string }>();
  const caseInsensitive = new Map<string, boolean>();
  for (const { key, path } of destinations) {
    if (path.includes('\0')) throw new BadInputError(key, 'contains a NUL byte, which no file name can hold; write the path without it');
    const dir = dirname(path);
    let realDir: string;
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a directory');
      realDir = realpathSync(dir);
    } catch {
      throw new BadInputError(key, `directory ${dir} does not exist; create it or choose another path`);
    }
    const existing = lstatOrUndefined(path);
    if (existing?.isSymbolicLink()) {
      throw new BadInputError(
        key,
        `${path} is a symbolic link${statOrUndefined(path) ? '' : ' to nothing'}; ` +
          `name a new file (this tool never writes a secret through a link)`,
      );
    }
    if (existing && !existing.isFile()) throw new BadInputError(key, `${path} exists and is not a file; choose a new path`);
    if (!caseInsensitive.has(realDir)) caseInsensitive.set(realDir, probeDirectory(key, realDir));
    const name = caseInsensitive.get(realDir) ? basename(path).normalize('NFC').toLowerCase() : basename(path);
    const identity = join(realDir, name);
    const earlier = claimedBy.get(identity);
    if (earlier) {
      // Spelled differently (a symlinked directory, another case): say which file both are.
      const both = earlier.path === path ? '' : ` (both are ${identity})`;
      throw new BadInputError(key, `is the same file as ${earlier.key}${both}; every secret needs a file of its own`);
    }
    claimedBy.set(identity, { key, path });
  }
}

/**
 * Proves a file can be created in `dir` (created exclusively, never through a link, then removed)
 * and tells whether the filesystem ignores case: the probe's name has lowercase letters, so when the
 * same name in uppercase finds it, case is ignored there.
 */
function probeDirectory(key: string, dir: string): boolean {
  const probe = join(dir, `.aws-day-one-probe-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const why =
      code === 'EROFS'
        ? 'is on a read-only filesystem'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable by this user'
          : 'cannot hold a new file';
    throw new BadInputError(key, `directory ${dir} ${why} (${code}); choose a directory this tool can write`);
  }
  closeSync(fd);
  try {
    return lstatOrUndefined(join(dir, basename(probe).toUpperCase())) !== undefined;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      /* gone already */
    }
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return fsCalls.lstatSync(path);
  } catch {
    return undefined;
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
