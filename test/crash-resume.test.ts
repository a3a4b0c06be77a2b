import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotAccount, unassignedMfaDevices } from './support/account-snapshot.js';
import {
  closeScenarios,
  expectSecretsOnlyWhereNamed,
  canonicalMutations,
  fullRunMutations,
  inPool,
  referenceState,
  scenario,
  secretsSeen,
  type Scenario,
} from './support/crash-scenario.js';
import type { StepRecord } from '../src/contracts/step-record.js';
import type { StateFile } from '../src/state/state-store.js';
import type { StepId } from '../src/contracts/step-id.js';

// Kill the CLI right after AWS accepted each change (and at the other points a run can die): a
// resume always lands on the end state of one uninterrupted run, with no secret left anywhere else.

afterAll(closeScenarios);

/** A run killed as its EnableMFADevice goes out (AWS never sees it): the device exists, unassigned, and the seed file is written. */
async function killedBeforeEnableMfa(): Promise<{ s: Scenario; first: Awaited<ReturnType<Scenario['apply']>> }> {
  let pid: number | undefined;
  let killed = false;
  const s = await scenario((request) => {
    if (killed || request.action !== 'EnableMFADevice') return { kind: 'forward' };
    killed = true;
    process.kill(pid!, 'SIGKILL');
    return { kind: 'reset', forwardFirst: false };
  });
  const first = await s.apply({ onSpawn: (p) => (pid = p) });
  expect(first.signal).toBe('SIGKILL');
  return { s, first };
}

describe('crash-safe resume', () => {
  it('an uninterrupted run: the reference end state and its mutating calls', async () => {
    expect(canonicalMutations((await referenceState()).mutations)).toEqual(fullRunMutations);
  });

  it('killed right after AWS accepted each change of the run, a resume ends in the reference state', async () => {
    const { snapshot, mutations } = await referenceState();
    // Changes go out concurrently, in an order that varies: each target is "the k-th call of this
    // action", so every change of the run is hit exactly once whatever the order.
    const targets = mutations.map((action, index) => ({
      action,
      occurrence: mutations.slice(0, index).filter((a) => a === action).length + 1,
    }));
    const outcomes = await inPool(targets.length, 3, async (index) => {
      const n = index + 1;
      const target = targets[index]!;
      let pid: number | undefined;
      let seen = 0;
      const s = await scenario((request) => {
        if (!request.mutating || request.action !== target.action || ++seen !== target.occurrence) return { kind: 'forward' };
        // moto applies the change; the CLI dies before it hears back.
        return { kind: 'forward-then', holdResponse: true, after: () => process.kill(pid!, 'SIGKILL') };
      });
      const killed = await s.apply({ onSpawn: (p) => (pid = p) });
      const killedAt =
        s.proxy.mutations().filter((action) => action === target.action).length >= target.occurrence ? target.action : 'nothing';
      const resumed = await s.apply();
      const where =
        `kill at ${target.action} #${target.occurrence} (killed run: ${killed.signal ?? killed.code}; resume exit ${resumed.code}, ` +
        `stderr:\n${resumed.stderr}\nsent: ${s.proxy.requests.map((r) => r.action).join(' ')})`;
      expect(resumed.stderr, where).not.toContain('[fail]');
      try {
        expectSecretsOnlyWhereNamed(s, [killed, resumed]);
      } catch (error) {
        throw new Error(`${where}\n${String(error)}`);
      }
      return {
        n,
        killedAt,
        signal: killed.signal,
        exit: resumed.code,
        orphans: await unassignedMfaDevices(s.iam),
        snapshot: await snapshotAccount(s.iam, s.accountId),
      };
    });
    expect(outcomes).toEqual(
      mutations.map((action, index) => ({
        n: index + 1,
        killedAt: action,
        signal: 'SIGKILL',
        exit: 3,
        orphans: [],
        snapshot,
      })),
    );
  }, 240_000);

  it('killed before EnableMFADevice reached AWS: the resume replaces its own unassigned device and its own seed file', async () => {
    const { snapshot } = await referenceState();
    const { s, first } = await killedBeforeEnableMfa();
    const firstUri = readFileSync(s.seedFile, 'utf8');
    expect(await unassignedMfaDevices(s.iam)).toHaveLength(1);
    // As if the kill had landed inside an atomic write: a temp file holding the seed, never renamed.
    const staleTemp = join(s.dir, '.cto-mfa.uri.0123456789ab.tmp');
    writeFileSync(staleTemp, firstUri, { mode: 0o600 });
    const resumed = await s.apply();
    expect(existsSync(staleTemp)).toBe(false);
    expect(resumed.stderr).toContain('[plan] admin-mfa: delete unassigned MFA device');
    expect(resumed.code).toBe(3);
    expect(readFileSync(s.seedFile, 'utf8')).not.toBe(firstUri);
    expect(secretsSeen(s.proxy).seeds).toHaveLength(4);
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, resumed]);
  }, 60_000);

  // A kill lands anywhere in the CLI: the seed file and the password file appear in one step and
  // the state records them in the next. These runs stop just before that record and put the state
  // back as the kill left it (the line for that record removed): the resume knows the file as its own.
  it('killed after the seed file appeared and before the state recorded it: the resume replaces its own seed file', async () => {
    const { snapshot } = await referenceState();
    const { s, first } = await killedBeforeEnableMfa();
    const firstUri = readFileSync(s.seedFile, 'utf8');
    editState(s, (steps) => {
      expect(steps['admin-mfa']?.mfaSeedWritten).toBe(s.seedFile);
      delete steps['admin-mfa']!.mfaSeedWritten;
    });
    const resumed = await s.apply();
    expect(resumed.stderr).not.toContain('already exists');
    expect(resumed.code).toBe(3);
    expect(readFileSync(s.seedFile, 'utf8')).not.toBe(firstUri);
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, resumed]);
  }, 60_000);

  it('killed after the password file appeared and before the state recorded it: the resume reissues the password into its own file', async () => {
    const { snapshot } = await referenceState();
    const s = await scenario();
    const first = await s.apply();
    expect(first.code).toBe(3);
    const firstPassword = readFileSync(s.passwordFile, 'utf8');
    // The password went out with its intent recorded ('pending'); the file appeared, nothing after.
    editState(s, (steps) => {
      expect(steps['admin-user']).toMatchObject({ passwordDelivery: 'delivered', passwordFileWritten: s.passwordFile });
      steps['admin-user']!.passwordDelivery = 'pending';
      delete steps['admin-user']!.passwordFileWritten;
    });
    const resumed = await s.apply();
    expect(resumed.stderr).not.toContain('already exists');
    expect(resumed.stderr).toContain('[plan] admin-user: update console password for CTO');
    expect(resumed.code).toBe(3);
    expect(readFileSync(s.passwordFile, 'utf8')).not.toBe(firstPassword);
    expect(s.proxy.mutations().filter((action) => action.endsWith('LoginProfile'))).toEqual(['CreateLoginProfile', 'UpdateLoginProfile']);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, resumed]);
  }, 60_000);

  it('a change whose answer is lost (connection dropped after AWS applied it) is retried without a duplicate or a failure', async () => {
    const { snapshot, mutations } = await referenceState();
    const dropped: string[] = [];
    const faulted = new Set<string>();
    const s = await scenario((request) => {
      // The SDK's retry sends the same body: only its first attempt loses the answer.
      const key = `${request.action}?${new URLSearchParams(request.params).toString()}`;
      if (!request.mutating || faulted.has(key)) return { kind: 'forward' };
      faulted.add(key);
      dropped.push(request.action);
      return { kind: 'reset', forwardFirst: true };
    });
    const run = await s.apply();
    expect(run.stderr).not.toContain('[fail]');
    expect(run.code).toBe(3);
    // Every kind of change the run makes lost its answer at least once (recovering may add calls,
    // such as UpdateLoginProfile after a CreateLoginProfile whose answer was lost).
    const count = (list: readonly string[], action: string): number => list.filter((a) => a === action).length;
    for (const action of new Set(mutations)) expect(count(dropped, action), action).toBeGreaterThanOrEqual(count(mutations, action));
    expect(dropped).toContain('EnableMFADevice');
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  }, 60_000);
});

/** Rewrites the scenario's state file as a run killed a moment earlier would have left it. */
function editState(s: Scenario, edit: (steps: Partial<Record<StepId, StepRecord>>) => void): void {
  const path = join(s.stateDir, `${s.accountId}.json`);
  const state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  edit(state.steps);
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
