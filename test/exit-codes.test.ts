import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startingAnswers } from '../src/answers/answers.js';
import { createAwsClients } from '../src/aws/clients.js';
import { whoAmI } from '../src/aws/caller.js';
import { runFlow } from '../src/engine/run-flow.js';
import { StoppedAfterChangesError } from '../src/lib/errors.js';
import type { Operator } from '../src/contracts/operator.js';
import { openStateStore } from '../src/state/state-store.js';
import type { Question } from '../src/contracts/step.js';
import { daySteps } from '../src/steps/index.js';
import { awsErrorBody, startAwsProxy, type AwsProxy, type FaultDecision, type RecordedRequest } from './support/aws-proxy.js';
import { snapshotAccount } from './support/account-snapshot.js';
import { runCli, type CliRun } from './support/cli.js';
import { closeScenarios, expectSecretsOnlyWhereNamed, referenceState, scenario, type Scenario } from './support/crash-scenario.js';
import { motoUrl } from './support/emulator.js';

// Exit 2 promises "bad input, nothing was changed". Once a run has made its first change, whatever
// stops it (an endpoint gone, credentials expired or rejected) is exit 1, and the message lists what
// the run changed and says that a re-run continues from there.

const extraProxies: AwsProxy[] = [];
afterAll(async () => {
  await closeScenarios();
  await Promise.all(extraProxies.map((proxy) => proxy.close()));
});

/** The steps the run reported `[done]`, in the order of its progress lines. */
function doneSteps(stderr: string): string[] {
  // A [done] line's summary is what the list repeats.
  return [...stderr.matchAll(/^\[done\] ([a-z-]+): (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
}

/** The list under "Before it stopped, this run changed the account:". */
function listedChanges(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.indexOf('Before it stopped, this run changed the account:');
  if (start < 0) return [];
  const list: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  - ')) break;
    list.push(line.slice(4));
  }
  return list;
}

/** Faults every request from the (n+1)th mutating call on, while `on()` says so. */
function afterMutations(
  n: number,
  fault: (request: RecordedRequest) => FaultDecision,
  on: () => boolean,
): (request: RecordedRequest) => FaultDecision {
  let mutations = 0;
  let faulting = false;
  return (request) => {
    if (!on()) return { kind: 'forward' };
    if (!faulting && request.mutating && ++mutations > n) faulting = true;
    return faulting ? fault(request) : { kind: 'forward' };
  };
}

function applyThrough(s: Scenario, endpoint: string): Promise<CliRun> {
  return runCli(['apply', '--answers', s.answers, '--state-dir', s.stateDir], {
    endpoint,
    env: { HOME: join(s.dir, 'home'), XDG_STATE_HOME: join(s.dir, 'home', 'state'), TMPDIR: join(s.dir, 'tmp') },
  });
}

/** What every case must show of the stopped run: exit 1, the cause, the changes it made, the re-run hint. */
function expectStoppedAfterChanges(run: CliRun, cause: RegExp, changesBeforeFault: number, s: Scenario): void {
  const errorLine = run.stderr.split('\n').find((line) => line.startsWith('error: '));
  expect(errorLine).toMatch(cause);
  expect(run.code).toBe(1);
  expect(s.proxy.mutations().length).toBeGreaterThan(changesBeforeFault);
  const listed = listedChanges(run.stderr);
  // Every step the run finished is listed with its summary; a step whose change went out but was
  // not read back yet is listed too, and so is one stopped in the middle of its calls; nothing else.
  const done = doneSteps(run.stderr);
  expect(listed).toEqual(expect.arrayContaining(done));
  for (const item of listed.filter((line) => !done.includes(line)))
    expect(item).toMatch(/ \(made, not yet read back\)$|: stopped partway; part of its change may be made$/);
  const planned = new Set([...run.stderr.matchAll(/^\[plan\] ([a-z-]+):/gm)].map((m) => m[1]));
  const listedIds = listed.map((line) => line.split(':')[0]);
  expect(new Set(listedIds).size).toBe(listed.length);
  for (const id of listedIds) expect(planned).toContain(id);
  expect(listed[0]).toMatch(/^account-alias: crash-safe-co/);
  expect(run.stderr).toContain('\nRun it again: it reads the account and continues from there.\n');
}

describe('an error after the first change is exit 1, listing what the run changed', () => {
  it('the endpoint drops every connection after 6 changes; the re-run continues to the same end state', async () => {
    const { snapshot } = await referenceState();
    let faulty = true;
    const s = await scenario(
      afterMutations(
        6,
        () => ({ kind: 'reset', forwardFirst: false }),
        () => faulty,
      ),
    );
    const first = await s.apply();
    expectStoppedAfterChanges(first, /^error: --endpoint-url: cannot reach the AWS endpoint/, 6, s);
    faulty = false;
    const before = s.proxy.mutations().length;
    const second = await s.apply();
    expect(second.code).toBe(3);
    expect(s.proxy.mutations().slice(before)).not.toContain('CreateAccountAlias');
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, second]);
  }, 90_000);

  it('the endpoint is gone (connection refused) after 6 changes; the re-run continues', async () => {
    const { snapshot } = await referenceState();
    let proxy: AwsProxy | undefined;
    const s = await scenario(
      afterMutations(
        6,
        () => {
          // From the 7th change on nobody listens at the endpoint: the SDK's retries are refused.
          void proxy?.close();
          return { kind: 'reset', forwardFirst: false };
        },
        () => true,
      ),
    );
    proxy = s.proxy;
    const first = await s.apply();
    expectStoppedAfterChanges(first, /^error: --endpoint-url: cannot reach the AWS endpoint \(ECONNREFUSED\)/, 6, s);
    const again = await startAwsProxy({ target: motoUrl(), accountId: s.accountId });
    extraProxies.push(again);
    const second = await applyThrough(s, again.url);
    expect(second.code).toBe(3);
    expect(again.mutations()).not.toContain('CreateAccountAlias');
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
  }, 90_000);

  it('credentials expire at the 8th change (ExpiredToken); the re-run with fresh ones continues', async () => {
    const { snapshot } = await referenceState();
    let expired = true;
    const s = await scenario(
      afterMutations(
        7,
        () => ({
          kind: 'respond',
          status: 403,
          body: awsErrorBody('ExpiredToken', 'The security token included in the request is expired'),
        }),
        () => expired,
      ),
    );
    const first = await s.apply();
    expectStoppedAfterChanges(first, /^error: credentials: the AWS credentials have expired/, 7, s);
    expired = false;
    const second = await s.apply();
    expect(second.code).toBe(3);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, second]);
  }, 90_000);

  it('AWS rejects the credentials after 10 changes (InvalidClientTokenId, as after the signing key was deleted)', async () => {
    const { snapshot } = await referenceState();
    let rejected = true;
    const s = await scenario(
      afterMutations(
        10,
        () => ({
          kind: 'respond',
          status: 403,
          body: awsErrorBody('InvalidClientTokenId', 'The security token included in the request is invalid.'),
        }),
        () => rejected,
      ),
    );
    const first = await s.apply();
    expectStoppedAfterChanges(first, /^error: credentials: AWS rejected the credentials \(InvalidClientTokenId\)/, 10, s);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    rejected = false;
    const second = await s.apply();
    expect(second.code).toBe(3);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [first, second]);
  }, 90_000);
});

describe('the wizard path (the engine with a person answering)', () => {
  it('credentials expiring after 3 changes: exit 1 and the changes, not exit 2', async () => {
    let expired = true;
    const s = await scenario(
      afterMutations(
        3,
        () => ({ kind: 'respond', status: 403, body: awsErrorBody('ExpiredToken', 'expired') }),
        () => expired,
      ),
    );
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    try {
      const clients = createAwsClients({ endpointUrl: s.proxy.url });
      const caller = await whoAmI(clients.sts);
      // A person who takes every default, names the alias, and puts manual steps off.
      const person: Operator = {
        interactive: true,
        ask: async (question: Question, current: unknown) => (question.key === 'account.alias' ? 'wizard-co' : current),
        confirm: async () => true,
        obtainMfaCodes: async () => {
          throw new Error('not used: MFA at first sign-in');
        },
        awaitManual: async () => 'later',
      };
      const result = await runFlow({
        steps: daySteps,
        clients,
        caller,
        answers: startingAnswers(),
        operator: person,
        store: openStateStore(s.stateDir, caller.accountId),
        emit: () => {},
        schedule: 'one-by-one',
      });
      expect(s.proxy.mutations().length).toBeGreaterThan(3);
      expect(result.exitCode).toBe(1);
      expect(result.error).toBeInstanceOf(StoppedAfterChangesError);
      const lines = result.error!.message.split('\n');
      expect(lines[0]).toMatch(/^credentials: the AWS credentials have expired/);
      expect(lines[1]).toBe('Before it stopped, this run changed the account:');
      expect(lines[2]).toBe('  - account-alias: wizard-co (https://wizard-co.signin.aws.amazon.com/console)');
      expect(lines.at(-1)).toBe('Run it again: it reads the account and continues from there.');
    } finally {
      expired = false;
      vi.unstubAllEnvs();
    }
  }, 60_000);
});

describe('an error outside the engine after a change', () => {
  it('the state directory replaced by a file mid-run: exit 1, saying the run had changed the account', async () => {
    let s: Scenario | undefined;
    let mutations = 0;
    s = await scenario((request) => {
      if (request.mutating && ++mutations === 3 && s) {
        // Every later state write fails (ENOTDIR): the run stops before its next change, and says
        // what it had changed. Moved aside in one step: a recursive delete could meet a temp file
        // the CLI is creating in it at that moment and fail (ENOTEMPTY), leaving the directory.
        renameSync(s.stateDir, `${s.stateDir}.gone`);
        writeFileSync(s.stateDir, 'not a directory');
      }
      return { kind: 'forward' };
    });
    const run = await s.apply();
    expect(run.stderr).toMatch(/^error: (\S+: )?cannot write the state file [^\n]*\/state\/\d+\.json: ENOTDIR: not a directory/m);
    expect(run.stderr).toMatch(
      /^(This run had already made \d+ change\(s\) to the account\.|Before it stopped, this run changed the account:)/m,
    );
    expect(run.stderr).toContain('Run it again: it reads the account and continues from there.');
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    rmSync(s.stateDir);
    const again = await s.apply();
    expect(again.code).toBe(3);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual((await referenceState()).snapshot);
  }, 60_000);
});
