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
    // A request whose last attempt was faulted goes through: steps run concurrently, so a retry's
    // sequence number no longer follows its first attempt's, and without this one request could be
    // faulted on every one of its attempts.
    const faultedLast = new Set<string>();
    const s = await scenario((request) => {
      const key = `${request.action}?${new URLSearchParams(request.params).toString()}`;
      if (faultedLast.delete(key)) return { kind: 'forward' };
      if (request.seq % 3 === 0 || request.seq % 7 === 0) faultedLast.add(key);
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
    expect(run.stderr.split('\n').filter((line) => line.includes('[fail]'))).toEqual([]);
    expect(run.code).toBe(3);
    expect(faults.length).toBeGreaterThan(10);
    expect(faults.some((f) => f.startsWith('Create') || f.startsWith('Enable'))).toBe(true);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  }, 60_000);

  it('IAM answers EntityTemporarilyUnmodifiable, ConcurrentModification and NoSuchEntity right after a create, ' +
    'and reads that miss a change just made: retried', async () => {
    const { snapshot } = await referenceState();
    const injected = new Set<string>();
    const sent = new Set<string>();
    const noAliasYet =
      '<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult>' +
      '<IsTruncated>false</IsTruncated><AccountAliases/></ListAccountAliasesResult><ResponseMetadata><RequestId>stale</RequestId>' +
      '</ResponseMetadata></ListAccountAliasesResponse>';
    const once = (action: string, code: string, status = 409): FaultDecision | undefined => {
      const key = `${action}:${code}`;
      if (injected.has(key)) return undefined;
      injected.add(key);
      return { kind: 'respond', status, body: awsErrorBody(code, 'injected') };
    };
    const staleAliases = (): FaultDecision => {
      injected.add('ListAccountAliases:stale');
      return { kind: 'respond', status: 200, body: noAliasYet };
    };
    const s = await scenario((request) => {
      sent.add(request.action);
      const decision =
        request.action === 'ListGroupsForUser' && request.params['UserName'] === 'CTO' && sent.has('CreateUser')
          ? once('ListGroupsForUser', 'NoSuchEntity', 404)
          : request.action === 'ListAccountAliases' && sent.has('CreateAccountAlias') && !injected.has('ListAccountAliases:stale')
            ? staleAliases()
            : request.action === 'AttachGroupPolicy'
              ? once('AttachGroupPolicy', 'ConcurrentModification')
              : request.action === 'AddUserToGroup'
                ? once('AddUserToGroup', 'NoSuchEntity', 404)
                : request.action === 'CreateLoginProfile'
                  ? once('CreateLoginProfile', 'EntityTemporarilyUnmodifiable')
                  : request.action === 'EnableMFADevice'
                    ? once('EnableMFADevice', 'NoSuchEntity', 404)
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
      'ListAccountAliases:stale',
      'ListGroupsForUser:NoSuchEntity',
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
        : { kind: 'forward' },
    );
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
