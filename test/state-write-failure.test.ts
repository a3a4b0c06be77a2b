import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAnswers } from '../src/answers/answers.js';
import { fsCalls, writeFileAtomic } from '../src/secrets/atomic-file.js';
import { createAwsClients } from '../src/aws/clients.js';
import { whoAmI } from '../src/aws/caller.js';
import { runFlow } from '../src/engine/run-flow.js';
import { AnswersFileOperator } from '../src/scripted/answers-file-operator.js';
import { openStateStore } from '../src/state/state-store.js';
import { daySteps } from '../src/steps/index.js';
import { isMutatingAction } from './support/aws-proxy.js';
import { runCli, tempDir } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

const mounted: string[] = [];
afterEach(() => {
  fsCalls.writeSync = writeSync;
  vi.unstubAllEnvs();
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
});

describe('every write checks what was written', () => {
  // A short write cannot be provoked on demand from a real disk, so writeSync is replaced at the fs
  // call writeFileAtomic makes: first it writes 3 bytes at a time, then nothing at all.
  it('writes the rest after a short write, and fails instead of leaving a cut file when no byte goes out', () => {
    const dir = tempDir();
    fsCalls.writeSync = ((fd: number, buffer: Buffer, offset: number, length: number) =>
      writeSync(fd, buffer, offset, Math.min(3, length))) as typeof writeSync;
    writeFileAtomic(join(dir, 'whole.json'), '{"a": "0123456789"}\n');
    expect(readFileSync(join(dir, 'whole.json'), 'utf8')).toBe('{"a": "0123456789"}\n');

    fsCalls.writeSync = ((fd: number, buffer: Buffer, offset: number, length: number) =>
      offset === 0 ? writeSync(fd, buffer, 0, Math.min(4, length)) : 0) as typeof writeSync;
    expect(() => writeFileAtomic(join(dir, 'whole.json'), '{"b": "a longer content"}\n')).toThrow(
      /ENOSPC: short write, 4 of 26 bytes written/,
    );
    // The old content stays, and no temp file is left.
    expect(readFileSync(join(dir, 'whole.json'), 'utf8')).toBe('{"a": "0123456789"}\n');
    expect(execFileSync('ls', ['-A', dir], { encoding: 'utf8' })).toBe('whole.json\n');
  });
});

describe('a state file that cannot be written stops the run before its next change', () => {
  it('no AWS call goes out after the failed write, and the run fails naming the state file and the error', async () => {
    const { proxy } = await freshAccount();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const clients = createAwsClients({ endpointUrl: proxy.url });
    const caller = await whoAmI(clients.sts);
    const dir = tempDir();
    const answers = parseAnswers(
      'account: { alias: full-disk-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./cto-mfa.uri }\n' +
        'users: [{ name: alice, groups: [Administrators] }]\n',
      dir,
    );
    const store = openStateStore(join(dir, 'state'), caller.accountId);

    // In order, as the process saw them: every IAM call the engine let out, and the failed write.
    const timeline: string[] = [];
    const send = clients.iam.send.bind(clients.iam) as (command: { constructor: { name: string } }) => Promise<unknown>;
    (clients.iam as unknown as { send: typeof send }).send = (command) => {
      timeline.push(command.constructor.name.replace(/Command$/, ''));
      return send(command);
    };
    // The disk fills up when admin-user records its password intent: that write and every later one
    // fails as a full disk does (stubbed at the fs call: which write comes when must be exact here).
    let full = false;
    fsCalls.writeSync = ((fd: number, buffer: Buffer, offset: number, length: number) => {
      if (!full && buffer.toString('utf8').includes('"passwordDelivery": "pending"')) {
        full = true;
        timeline.push('STATE WRITE FAILED');
      }
      if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return writeSync(fd, buffer, offset, length);
    }) as typeof writeSync;

    const result = await runFlow({
      steps: daySteps,
      clients,
      caller,
      answers,
      operator: new AnswersFileOperator(),
      store,
      emit: () => {},
      schedule: 'concurrent',
    });
    expect(result.exitCode).toBe(1);
    // The first line says why; the lines after it list what the run had changed (exit codes' rule).
    expect(result.error?.message.split('\n')[0]).toBe(
      `cannot write the state file ${store.path}: ENOSPC: no space left on device, write; ` +
        `the run stopped before its next change (free space or fix the directory, then run again)`,
    );
    const failedAt = timeline.indexOf('STATE WRITE FAILED');
    expect(failedAt).toBeGreaterThan(0);
    expect(timeline.slice(failedAt + 1).filter(isMutatingAction)).toEqual([]);
    // The file on disk is the last state that was written whole.
    expect(JSON.parse(readFileSync(store.path, 'utf8')).accountId).toBe(caller.accountId);
  }, 60_000);

  it('on a real full disk (a small tmpfs): exit 1 naming the state file, the file still whole, ' +
    'and a re-run after freeing space hands out the password', async () => {
    const dir = tempDir();
    const stateDir = tempDir('aws-day-one-state-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', stateDir]);
    mounted.push(stateDir);
    const filler = join(stateDir, 'filler');
    // The disk fills up as soon as AWS has the admin's user: later state writes meet ENOSPC. It is
    // filled again before every later answer: a state write in flight at the first fill frees the old
    // file's page when it renames its temp file into place, and the writes after it could take turns
    // with that one page for the rest of the run (seen once in CI, exit 3).
    let filling: 'before' | 'now' | 'done' = 'before';
    const { proxy } = await freshAccount({
      decide: (request) => {
        if (filling === 'before' && request.action === 'CreateUser') filling = 'now';
        return filling === 'now' ? { kind: 'forward-then', holdResponse: false, after: () => fill(filler) } : { kind: 'forward' };
      },
    });
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: full-tmpfs-co }\n');
    const args = ['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', stateDir];
    const first = await runCli(args, { endpoint: proxy.url });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`^error: cannot write the state file ${stateDir}/\\d{12}\\.json: ENOSPC`, 'm'));
    expect(first.stderr).not.toMatch(/\n\s+at /);
    const stateFile = execFileSync('ls', [stateDir], { encoding: 'utf8' })
      .split('\n')
      .find((name) => name.endsWith('.json'))!;
    JSON.parse(readFileSync(join(stateDir, stateFile), 'utf8'));

    filling = 'done';
    execFileSync('rm', [filler]);
    const second = await runCli(args, { endpoint: proxy.url });
    const passwords = proxy.requests
      .filter((r) => r.action === 'CreateLoginProfile' || r.action === 'UpdateLoginProfile')
      .map((r) => r.params['Password']);
    expect(passwords.length).toBeGreaterThan(0);
    expect(second.stdout).toContain(`Password:   ${passwords.at(-1)}`);
    expect(second.stderr).not.toContain('[fail]');
    expect(second.code).toBe(3);
  }, 60_000);
});

/** Writes zeros until the filesystem is full. */
function fill(path: string): void {
  const fd = openSync(path, 'a');
  const block = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
}
