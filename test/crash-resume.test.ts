import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConsecutiveCodes } from '../src/totp.js';
import { awsErrorBody, type AwsProxy, type FaultDecision, type RecordedRequest } from './support/aws-proxy.js';
import { snapshotAccount, unassignedMfaDevices } from './support/account-snapshot.js';
import { runCli, tempDir, type CliRun } from './support/cli.js';
import { freshAccount } from './support/emulator.js';

// The fault tests: kill the CLI right after AWS accepted each change, inject transient faults,
// and check that a resume always lands on the state of one uninterrupted run, with no secret leaked.

const proxies: AwsProxy[] = [];
afterAll(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

/** The environment's secret key (runCli's default credentials): it must never be echoed either. */
const signingSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Scenario {
  readonly accountId: string;
  readonly proxy: AwsProxy;
  readonly iam: Awaited<ReturnType<typeof freshAccount>>['iam'];
  readonly dir: string;
  readonly answers: string;
  readonly stateDir: string;
  readonly seedFile: string;
  readonly passwordFile: string;
  apply(options?: { onSpawn?: (pid: number) => void }): Promise<CliRun>;
}

/** A fresh emulator account and a working directory the tool writes everything into (HOME and TMPDIR too). */
async function scenario(decide?: (request: RecordedRequest) => FaultDecision): Promise<Scenario> {
  const { accountId, proxy, iam } = await freshAccount(decide ? { decide } : {});
  proxies.push(proxy);
  const dir = tempDir('aws-day-one-crash-');
  for (const sub of ['home', 'tmp']) mkdirSync(join(dir, sub));
  const answers = join(dir, 'answers.yaml');
  writeFileSync(answers, `
account:
  id: "${accountId}"
  alias: crash-safe-co
admin:
  name: CTO
  mfa: seed-file
  mfaSeedFile: ./cto-mfa.uri
  passwordFile: ./cto-password.txt
rootAccessKeys: delete
`);
  const stateDir = join(dir, 'state');
  return {
    accountId, proxy, iam, dir, answers, stateDir,
    seedFile: join(dir, 'cto-mfa.uri'),
    passwordFile: join(dir, 'cto-password.txt'),
    apply: (options = {}) => runCli(['apply', '--answers', answers, '--state-dir', stateDir], {
      endpoint: proxy.url,
      env: { HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'home', 'state'), TMPDIR: join(dir, 'tmp') },
      ...(options.onSpawn && { onSpawn: options.onSpawn }),
    }),
  };
}

/** Passwords the tool sent and MFA seeds AWS handed it, in order. */
function secretsSeen(proxy: AwsProxy): { passwords: string[]; seeds: string[] } {
  const passwords = proxy.requests
    .filter((r) => r.action === 'CreateLoginProfile' || r.action === 'UpdateLoginProfile')
    .map((r) => r.params['Password'] ?? '');
  const seeds = proxy.requests
    .filter((r) => r.action === 'CreateVirtualMFADevice' && r.response)
    .flatMap((r) => {
      const encoded = /<Base32StringSeed>([^<]+)<\/Base32StringSeed>/.exec(r.response!.body)?.[1];
      return encoded ? [encoded, Buffer.from(encoded, 'base64').toString('utf8').trim()] : [];
    });
  return { passwords, seeds };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * What must hold after any run: the password that works is the one in the password file, the seed
 * file yields the codes of the enabled device, no secret appears anywhere else, files are 0600.
 */
function expectSecretsOnlyWhereNamed(s: Scenario, runs: readonly CliRun[]): void {
  const { passwords, seeds } = secretsSeen(s.proxy);
  expect(passwords.length).toBeGreaterThan(0);
  expect(readFileSync(s.passwordFile, 'utf8').trim()).toBe(passwords.at(-1));

  const enable = s.proxy.requests.filter((r) => r.action === 'EnableMFADevice' && r.response?.status === 200).at(-1);
  expect(enable).toBeDefined();
  const uri = readFileSync(s.seedFile, 'utf8').trim();
  const secret = new URL(uri).searchParams.get('secret') ?? '';
  expect(checkConsecutiveCodes(secret, enable!.params['AuthenticationCode1']!, enable!.params['AuthenticationCode2']!)).toBeUndefined();

  const secrets = [...passwords, ...seeds, secret, signingSecret].filter((x) => x.length > 0);
  const named = new Set([s.passwordFile, s.seedFile, s.answers]);
  const written = filesUnder(s.dir).filter((file) => !named.has(file));
  expect(written.some((file) => file.startsWith(s.stateDir))).toBe(true);
  // No temp file left behind by an interrupted atomic write.
  expect(written.filter((file) => file.endsWith('.tmp'))).toEqual([]);
  for (const file of written) {
    const content = readFileSync(file, 'utf8');
    for (const value of secrets) expect(content.includes(value), `${value.slice(0, 4)}... in ${file}`).toBe(false);
  }
  for (const file of [s.passwordFile, s.seedFile, ...written.filter((f) => f.startsWith(s.stateDir))]) {
    expect(statSync(file).mode & 0o777, file).toBe(0o600);
  }
  for (const run of runs) {
    for (const value of secrets) {
      expect(run.stderr.includes(value)).toBe(false);
      // With passwordFile set, the password goes only to that file.
      expect(run.stdout.includes(value)).toBe(false);
    }
  }
}

/** Runs tasks with at most `limit` at a time (two cores: the CLI start-up is the costly part). */
async function inPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }));
  return results;
}

let reference: { snapshot: unknown; mutations: string[] } | undefined;

function referenceRun(): { snapshot: unknown; mutations: string[] } {
  if (!reference) throw new Error('the uninterrupted reference run did not complete');
  return reference;
}

describe('crash-safe resume', () => {
  it('an uninterrupted run: the reference end state', async () => {
    const s = await scenario();
    const run = await s.apply();
    expect(run.stderr).toContain('[done] admin-mfa');
    expect(run.code).toBe(3);
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expectSecretsOnlyWhereNamed(s, [run]);
    reference = { snapshot: await snapshotAccount(s.iam, s.accountId), mutations: s.proxy.mutations() };
    expect(reference.mutations).toEqual([
      'CreateAccountAlias',
      'UpdateAccountPasswordPolicy',
      'CreateGroup',
      'CreatePolicy',
      'AttachGroupPolicy',
      'AttachGroupPolicy',
      'CreateUser',
      'AddUserToGroup',
      'CreateLoginProfile',
      'CreateVirtualMFADevice',
      'EnableMFADevice',
    ]);
  });

  it('killed right after AWS accepted the Nth change, for every N, a resume ends in the reference state', async () => {
    const { snapshot, mutations } = referenceRun();
    const outcomes = await inPool(mutations.length, 3, async (index) => {
      const n = index + 1;
      let pid: number | undefined;
      let seen = 0;
      const s = await scenario((request) => {
        if (!request.mutating || ++seen !== n) return { kind: 'forward' };
        // moto applies the change; the CLI dies before it hears back.
        return { kind: 'forward-then', holdResponse: true, after: () => process.kill(pid!, 'SIGKILL') };
      });
      const killed = await s.apply({ onSpawn: (p) => (pid = p) });
      const killedAt = s.proxy.mutations()[n - 1];
      const resumed = await s.apply();
      expect(resumed.stderr, `kill at ${n} (${killedAt}): resume stderr`).not.toContain('[fail]');
      expectSecretsOnlyWhereNamed(s, [killed, resumed]);
      return {
        n,
        killedAt,
        signal: killed.signal,
        exit: resumed.code,
        orphans: await unassignedMfaDevices(s.iam),
        snapshot: await snapshotAccount(s.iam, s.accountId),
      };
    });
    expect(outcomes).toEqual(mutations.map((action, index) => ({
      n: index + 1,
      killedAt: action,
      signal: 'SIGKILL',
      exit: 3,
      orphans: [],
      snapshot,
    })));
  }, 240_000);

  it('throttling, 503s and dropped connections on every few requests are retried to the same end state', async () => {
    const { snapshot } = referenceRun();
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

  it('a change whose answer is lost (connection dropped after AWS applied it) is retried without a duplicate or a failure', async () => {
    const { snapshot, mutations } = referenceRun();
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
    expect(dropped.slice(0, mutations.length - 2)).toEqual(mutations.slice(0, mutations.length - 2));
    expect(dropped).toContain('EnableMFADevice');
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(snapshot);
    expectSecretsOnlyWhereNamed(s, [run]);
  }, 60_000);

  it('IAM answers EntityTemporarilyUnmodifiable, ConcurrentModification and NoSuchEntity right after a create: retried', async () => {
    const { snapshot } = referenceRun();
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
    const { snapshot } = referenceRun();
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

describe('a state file that cannot be trusted', () => {
  const cases = [
    { name: 'garbage JSON', content: (_account: string) => '{"version": 1, "steps": {' },
    { name: 'an unknown version', content: (account: string) => JSON.stringify({ version: 99, accountId: account, updatedAt: '2030-01-01T00:00:00Z', steps: {} }) },
    { name: 'another account', content: (_account: string) => JSON.stringify({ version: 1, accountId: '999999999999', updatedAt: '2030-01-01T00:00:00Z', steps: {} }) },
  ];

  it.each(cases)('$name: kept as a backup, a clear warning, progress rebuilt from the account', async ({ content }) => {
    const { snapshot } = referenceRun();
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
    expect(run.stderr).toContain(`[warn] the saved state could not be read; it was kept as ${join(s.stateDir, backup!)}`);
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
    expect(await snapshotAccount(s.iam, s.accountId)).toEqual(referenceRun().snapshot);
  }, 60_000);
});
