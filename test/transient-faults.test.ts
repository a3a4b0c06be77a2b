import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awsErrorBody, type FaultDecision } from './support/aws-proxy.js';
import { snapshotAccount } from './support/account-snapshot.js';
import { closeScenarios, expectSecretsOnlyWhereNamed, referenceState, scenario } from './support/crash-scenario.js';

// Transient AWS faults are retried to the same end state; a permanent one stops with a clear
// message and a state a re-run resumes from.

afterAll(closeScenarios);

describe('transient and permanent AWS faults', () => {
  it('throttling, 503s and dropped connections on every few requests are retried to the same end state', async () => {
    const { snapshot } = await referenceState();
    const faults: string[] = [];
    const s = await scenario((request) => {
      // Deterministic: never the same request twice in a row (a retry gets a new sequence number).
      if (request.seq % 3 === 0) {
        const throttle = (request.seq / 3) % 2 === 1;
        faults.push(`${request.action}:${throttle ? 'Throttling' : '503'}`);
        return throttle
          ? { kind: 'respond', status: 400, body: awsErrorBody('Throttling', 'Rate exceeded') }
          : { kind: 'respond', status: 503, body: awsErrorBody('ServiceUnavailable', 'Service is unavailable') };
      }
      if (request.seq % 7 === 0) {
        faults.push(`${request.action}:reset`);
        return { kind: 'reset', forwardFirst: false };
      }
      return { kind: 'forward' };
    });
    const run = await s.apply();
    expect(run.stderr).not.toContain('[fail]');
    expect(run.code).toBe(3);
    expect(faults.length).toBeGreaterThan(10);
    expect(faults.some((f) => f.startsWith('Create') || f.startsWith('Enable'))).toBe(true);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  }, 60_000);

  it('IAM answers EntityTemporarilyUnmodifiable, ConcurrentModification and NoSuchEntity right after a create: retried', async () => {
    const { snapshot } = await referenceState();
    const injected = new Set<string>();
    const once = (action: string, code: string, status = 409): FaultDecision | undefined => {
      const key = `${action}:${code}`;
      if (injected.has(key)) return undefined;
      injected.add(key);
      return { kind: 'respond', status, body: awsErrorBody(code, 'injected') };
    };
    const s = await scenario((request) => {
      const decision =
        request.action === 'AttachGroupPolicy' ? once('AttachGroupPolicy', 'ConcurrentModification')
        : request.action === 'AddUserToGroup' ? once('AddUserToGroup', 'NoSuchEntity', 404)
        : request.action === 'CreateLoginProfile' ? once('CreateLoginProfile', 'EntityTemporarilyUnmodifiable')
        : request.action === 'EnableMFADevice' ? once('EnableMFADevice', 'NoSuchEntity', 404)
        : undefined;
      return decision ?? { kind: 'forward' };
    });
    const run = await s.apply();
    expect(run.stderr).not.toContain('[fail]');
    expect([...injected].sort()).toEqual([
      'AddUserToGroup:NoSuchEntity',
      'AttachGroupPolicy:ConcurrentModification',
      'CreateLoginProfile:EntityTemporarilyUnmodifiable',
      'EnableMFADevice:NoSuchEntity',
    ]);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  }, 60_000);

  it('a permanent error stops the step with a message naming the call, and a re-run resumes', async () => {
    const { snapshot } = await referenceState();
    let fail = true;
    const s = await scenario((request) =>
      fail && request.action === 'CreateUser'
        ? { kind: 'respond', status: 409, body: awsErrorBody('InvalidInput', 'injected permanent failure') }
        : { kind: 'forward' });
    const first = await s.apply();
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('[fail] admin-user: iam:CreateUser failed: InvalidInput');
    const state = JSON.parse(readFileSync(join(s.stateDir, `${s.accountId}.json`), 'utf8'));
    expect(state.steps['admin-user'].status).toBe('failed');
    expect(state.steps['admin-group'].status).toBe('done');
    fail = false;
    const second = await s.apply();
    expect(second.code).toBe(3);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, second]);
  }, 60_000);
});
