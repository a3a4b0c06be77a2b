import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, type lstatSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '../src/answers/answers.js';
import { BadInputError } from '../src/lib/errors.js';
import { fsCalls } from '../src/answers/secret-destinations.js';
import { runCli, tempDir } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
});

/**
 * A directory on a filesystem of its own (tmpfs): the tests run as root, so chmod stops nothing,
 * but a read-only mount does. Needs root, as the tests (and CI, on this machine) have.
 */
function tmpfsDir(options: string): string {
  const dir = tempDir('aws-day-one-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

/** Runs apply with `admin:` lines; expects exit 2 naming `key`, and no call at all reached AWS. */
async function expectRefusedBeforeAnyCall(adminLines: string, key: string, problem: RegExp): Promise<string> {
  const { proxy } = await freshAccount();
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), `account: { alias: preflight-co }\nadmin:\n${adminLines}`);
  const run = await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
  expect(run.stderr).toMatch(new RegExp(`^error: ${key.replace(/[.[\]]/g, '\\$&')}: ${problem.source}`, 'm'));
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.code).toBe(2);
  expect(proxy.requests.filter((r) => r.mutating)).toEqual([]);
  return dir;
}

describe('two secret destinations that are one file are bad input', () => {
  it('through a symlinked directory: exit 2 naming both keys, nothing changed', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    await expectRefusedBeforeAnyCall(
      `  mfa: seed-file\n  mfaSeedFile: ${join(dir, 'real', 'secret.txt')}\n  passwordFile: ${join(dir, 'link', 'secret.txt')}\n`,
      'admin.passwordFile',
      /is the same file as admin\.mfaSeedFile/,
    );
    expect(readdirSync(join(dir, 'real'))).toEqual([]);
  }, 30_000);

  it('names differing only in case are two files on a filesystem that keeps case apart (the probe finds it does)', () => {
    const dir = tempDir();
    const answers = parseAnswers(
      'account: { alias: case-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./CTO.uri }\n' +
        'users: [{ name: alice, groups: [Administrators], mfa: seed-file, mfaSeedFile: ./cto.uri }]\n',
      dir,
    );
    expect(answers.users[0]?.mfaSeedFile).toBe(join(dir, 'cto.uri'));
    // The probe file is gone again.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names differing only in case are one file where the filesystem ignores case (found by probing)', () => {
    // No filesystem that ignores case can be mounted here (the kernel has no casefold support, and no
    // vfat tools are installed), so lstat stands in for one, in this directory only: a name finds an
    // entry spelled in any case. The code under test still has to probe to find out.
    const dir = tempDir();
    const real = fsCalls.lstatSync;
    fsCalls.lstatSync = ((path: string) => {
      if (dirname(path) !== dir) return real(path);
      const match = readdirSync(dir).find((name) => name.toLowerCase() === basename(path).toLowerCase());
      return real(match ? join(dir, match) : path);
    }) as typeof lstatSync;
    try {
      const parse = () =>
        parseAnswers(
          'account: { alias: case-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./CTO.uri }\n' +
            'users: [{ name: alice, groups: [Administrators], mfa: seed-file, mfaSeedFile: ./cto.uri }]\n',
          dir,
        );
      expect(parse).toThrow(BadInputError);
      expect(parse).toThrow(/^users\[0\]\.mfaSeedFile: is the same file as admin\.mfaSeedFile/);
    } finally {
      fsCalls.lstatSync = real;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('secret destinations are proven writable before the first change', () => {
  it('a read-only filesystem (a tmpfs mounted ro): exit 2 naming the key, no call to AWS', async () => {
    const ro = tmpfsDir('ro,size=1m');
    await expectRefusedBeforeAnyCall(
      `  passwordFile: ${join(ro, 'cto-password.txt')}\n`,
      'admin.passwordFile',
      /directory .* is on a read-only filesystem \(EROFS\)/,
    );
  }, 30_000);

  it('a directory this user may not write (sysfs refuses new files even to root): exit 2 naming the key', async () => {
    await expectRefusedBeforeAnyCall(
      '  mfa: seed-file\n  mfaSeedFile: /sys/cto-mfa.uri\n',
      'admin.mfaSeedFile',
      /directory \/sys is not writable by this user \(EACCES\)/,
    );
  }, 30_000);

  it('a NUL byte in the path: exit 2 naming the key', async () => {
    await expectRefusedBeforeAnyCall('  passwordFile: "./cto\\0password.txt"\n', 'admin.passwordFile', /contains a NUL byte/);
  }, 30_000);

  it('a dangling symlink at the destination: exit 2 naming the key, the link left alone', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'nowhere'), join(dir, 'cto-password.txt'));
    await expectRefusedBeforeAnyCall(
      `  passwordFile: ${join(dir, 'cto-password.txt')}\n`,
      'admin.passwordFile',
      /.*cto-password\.txt is a symbolic link to nothing/,
    );
    expect(readdirSync(dir)).toEqual(['cto-password.txt']);
  }, 30_000);

  it('an existing file at the destination: exit 2 naming the key, no change', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cto-password.txt'), "somebody else's\n");
    await expectRefusedBeforeAnyCall(
      `  passwordFile: ${join(dir, 'cto-password.txt')}\n`,
      'admin.passwordFile',
      /.*cto-password\.txt already exists/,
    );
  }, 30_000);
});

describe('secret files are created exclusively', () => {
  it('a seed file that appears between the plan and the write is never overwritten', async () => {
    const dir = tempDir();
    const seedFile = join(dir, 'cto-mfa.uri');
    const { proxy } = await freshAccount({
      // Another program creates the file after the preflight and the plan found the path free.
      decide: (request) =>
        request.action === 'CreateVirtualMFADevice'
          ? { kind: 'forward-then', holdResponse: false, after: () => writeFileSync(seedFile, 'another secret\n') }
          : { kind: 'forward' },
    });
    writeFileSync(join(dir, 'answers.yaml'), `account: { alias: race-co }\nadmin: { mfa: seed-file, mfaSeedFile: ${seedFile} }\n`);
    const run = await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(readFileSync(seedFile, 'utf8')).toBe('another secret\n');
    expect(run.stderr).toContain(
      `[fail] admin-mfa: the MFA seed of CTO could not be written to ${seedFile} ` +
        `(something appeared at that path after the plan found it free; it was left as it is)`,
    );
    expect(proxy.requests.filter((r) => r.action === 'EnableMFADevice')).toEqual([]);
    expect(run.code).toBe(1);
  }, 30_000);

  it('a password file that appeared before the write is never replaced, by this run or the next', async () => {
    const dir = tempDir();
    const passwordFile = join(dir, 'cto-password.txt');
    const { proxy } = await freshAccount({
      decide: (request) =>
        request.action === 'CreateLoginProfile'
          ? { kind: 'forward-then', holdResponse: false, after: () => writeFileSync(passwordFile, "not this tool's\n") }
          : { kind: 'forward' },
    });
    writeFileSync(join(dir, 'answers.yaml'), `account: { alias: race-pw-co }\nadmin: { passwordFile: ${passwordFile} }\n`);
    const args = ['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')];
    const first = await runCli(args, { endpoint: proxy.url });
    expect(first.stderr).toContain(
      `[fail] admin-user: the password of CTO was not delivered: cannot write ${passwordFile} ` +
        `(something appeared at that path after the plan found it free; it was left as it is); the next run issues a new one`,
    );
    expect(first.code).toBe(1);
    // The state remembers where the password was going, not that this tool wrote the file there.
    const second = await runCli(args, { endpoint: proxy.url });
    expect(second.stderr).toContain(`error: admin.passwordFile: ${passwordFile} already exists`);
    expect(second.code).toBe(2);
    expect(readFileSync(passwordFile, 'utf8')).toBe("not this tool's\n");
  }, 30_000);
});
