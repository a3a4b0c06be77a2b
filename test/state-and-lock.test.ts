import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotAccount } from './support/account-snapshot.js';
import { runCli, type CliRun, type CliRunOptions } from './support/cli.js';
import { closeScenarios, expectSecretsOnlyWhereNamed, referenceState, scenario, type Scenario } from './support/crash-scenario.js';

// The state file is a cache of what the account cannot tell, so a bad one is set aside, not trusted;
// the per-account lock keeps two runs from racing on the same entities.

afterAll(closeScenarios);

describe('a state file that cannot be trusted', () => {
  const cases = [
    { name: 'garbage JSON', content: (_account: string) => '{"version": 1, "steps": {', reason: (_account: string) => 'not valid JSON' },
    {
      name: 'an unknown version',
      content: (account: string) => JSON.stringify({ version: 99, accountId: account, updatedAt: '2030-01-01T00:00:00Z', steps: {} }),
      reason: (_account: string) => 'schema version 99, this aws-day-one reads version 1',
    },
    {
      name: 'another account',
      content: (_account: string) =>
        JSON.stringify({ version: 1, accountId: '999999999999', updatedAt: '2030-01-01T00:00:00Z', steps: {} }),
      reason: (account: string) => `it is for account 999999999999, not ${account}`,
    },
  ];

  it.each(cases)('$name: kept as a backup, a clear warning, progress rebuilt from the account', async ({ content, reason }) => {
    const { snapshot } = await referenceState();
    const s = await scenario();
    mkdirSync(s.stateDir, { recursive: true });
    const statePath = join(s.stateDir, `${s.accountId}.json`);
    const original = content(s.accountId);
    writeFileSync(statePath, original, { mode: 0o600 });
    const run = await s.apply();
    expect(run.code).toBe(3);
    const backup = readdirSync(s.stateDir).find((f) => f.startsWith(`${s.accountId}.json.corrupt-`));
    expect(backup).toBeDefined();
    expect(readFileSync(join(s.stateDir, backup!), 'utf8')).toBe(original);
    expect(run.stderr).toContain(
      `[warn] the saved state could not be read (${reason(s.accountId)}); ` +
        `it was kept as ${join(s.stateDir, backup!)} and progress is read from the account`,
    );
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toMatchObject({ version: 1, accountId: s.accountId });
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  });
});

describe('one run per account at a time', () => {
  it('refuses a second run naming the holder, releases on SIGTERM, and takes over a stale lock', async () => {
    let holding = true;
    let held: () => void = () => {};
    const firstMutation = new Promise<void>((resolve) => (held = resolve));
    const s = await scenario((request) => {
      if (holding && request.mutating) {
        holding = false;
        held();
        // The first run waits on this answer forever: it holds the lock meanwhile.
        return { kind: 'forward-then', holdResponse: true, after: () => {} };
      }
      return { kind: 'forward' };
    });
    const lockFile = join(s.stateDir, `${s.accountId}.lock`);
    let firstPid = 0;
    const first = s.apply({ onSpawn: (pid) => (firstPid = pid) });
    await firstMutation;
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(lock.pid).toBe(firstPid);
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);

    const second = await s.apply();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `error: another aws-day-one run (PID ${firstPid} on ${lock.host}, started ${lock.startedAt}) is working on account ${s.accountId}`,
    );
    expect(second.stderr).not.toContain('[done]');
    expect(s.proxy.mutations()).toEqual(['CreateAccountAlias']);

    process.kill(firstPid, 'SIGTERM');
    expect((await first).signal).toBe('SIGTERM');
    expect(existsSync(lockFile)).toBe(false);

    // A lock left by a process that is gone (SIGKILL leaves it behind): the next run takes it over.
    let gonePid = 0;
    await runCli(['--version'], { onSpawn: (pid) => (gonePid = pid) });
    writeFileSync(lockFile, JSON.stringify({ pid: gonePid, startedAt: '2020-01-01T00:00:00.000Z', host: lock.host }), { mode: 0o600 });
    const third = await s.apply();
    expect(third.stderr).not.toContain('another aws-day-one run');
    expect(third.code).toBe(3);
    expect(existsSync(lockFile)).toBe(false);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual((await referenceState()).snapshot);
  }, 60_000);
});

describe('a lock file with no readable owner', () => {
  /** The scenario's apply, with runCli's options (scenario.apply takes only onSpawn). */
  const applyWith = (s: Scenario, options: CliRunOptions): Promise<CliRun> =>
    runCli(['apply', '--answers', s.answers, '--state-dir', s.stateDir], {
      endpoint: s.proxy.url,
      env: { HOME: join(s.dir, 'home'), XDG_STATE_HOME: join(s.dir, 'home', 'state'), TMPDIR: join(s.dir, 'tmp') },
      ...options,
    });

  it('a lock that cannot be written (a full disk) is removed again: the run stops naming it, the next run works', async () => {
    const s = await scenario();
    const lockFile = join(s.stateDir, `${s.accountId}.lock`);
    const full = await applyWith(s, { noFileWrites: true });
    expect(full.stderr.split('\n')[0]).toBe(
      `error: cannot write the lock file ${lockFile} (EFBIG: file too large, write); ` +
        `nothing was changed. Free some space on that disk (or choose another --state-dir) and run again`,
    );
    expect(full.code).toBe(1);
    expect(existsSync(lockFile)).toBe(false);
    expect(s.proxy.mutations()).toEqual([]);

    const next = await s.apply();
    expect(next.stderr).not.toContain('another aws-day-one run');
    expect(next.code).toBe(3);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual((await referenceState()).snapshot);
  }, 60_000);

  it('an empty lock older than the grace period is taken over with a warning; a fresh one is respected', async () => {
    const s = await scenario();
    const lockFile = join(s.stateDir, `${s.accountId}.lock`);
    mkdirSync(s.stateDir, { recursive: true });
    // Another run between its exclusive create and the write of its owner: the lock is empty for that
    // moment. Its mtime is set ahead so that it stays "just written" however slowly this run starts.
    writeFileSync(lockFile, '', { mode: 0o600 });
    const aheadSeconds = Date.now() / 1000 + 60;
    utimesSync(lockFile, aheadSeconds, aheadSeconds);
    const whileWritten = await s.apply();
    expect(whileWritten.code).toBe(1);
    expect(whileWritten.stderr.split('\n').find((line) => line.startsWith('error: '))).toBe(
      `error: another aws-day-one run is working on account ${s.accountId} (lock file ${lockFile}); ` +
        `wait for it to finish, or delete the file if no run is left`,
    );
    expect(s.proxy.mutations()).toEqual([]);

    // Left by a run that died before it wrote its owner, a minute ago.
    const agoSeconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(lockFile, agoSeconds, agoSeconds);
    const later = await s.apply();
    expect(later.stderr).toContain(
      `[warn] the lock file ${lockFile} had no readable owner (empty, last written ${new Date(agoSeconds * 1000).toISOString()}); a run`,
    );
    expect(later.stderr).toMatch(/a run that died while taking it left it behind, so this run takes it over\n/);
    expect(later.code).toBe(3);
    expect(existsSync(lockFile)).toBe(false);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual((await referenceState()).snapshot);
  }, 60_000);
});
