import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotAccount } from './support/account-snapshot.js';
import { runCli } from './support/cli.js';
import { closeScenarios, expectSecretsOnlyWhereNamed, referenceState, scenario } from './support/crash-scenario.js';

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
      content: (_account: string) => JSON.stringify({ version: 1, accountId: '999999999999', updatedAt: '2030-01-01T00:00:00Z', steps: {} }),
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
    expect(run.stderr).toContain(`[warn] the saved state could not be read (${reason(s.accountId)}); it was kept as ${join(s.stateDir, backup!)} and progress is read from the account`);
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
    expect(second.stderr).toContain(`error: another aws-day-one run (PID ${firstPid} on ${lock.host}, started ${lock.startedAt}) is working on account ${s.accountId}`);
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
