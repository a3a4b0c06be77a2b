import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { checkConsecutiveCodes } from '../../src/secrets/totp.js';
import { snapshotAccount, unassignedMfaDevices } from './account-snapshot.js';
import type { LayerOptions } from './aws-layer.js';
import type { AwsProxy, FaultDecision, RecordedRequest } from './aws-proxy.js';
import { runCli, tempDir, type CliRun } from './cli.js';
import { dayOneAnswers } from './day-one-answers.js';
import { freshAccount } from './emulator.js';

// Scenarios for the fault tests: one answers file (seed-file MFA, password file), everything the
// tool writes kept in one directory, and the checks that no secret ends up anywhere else.

const proxies: AwsProxy[] = [];

/** The environment's secret key (runCli's default credentials): it must never be echoed either. */
const signingSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface Scenario {
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
export async function scenario(decide?: (request: RecordedRequest) => FaultDecision, layer?: LayerOptions): Promise<Scenario> {
  const { accountId, proxy, iam } = await freshAccount({ ...(decide && { decide }), ...(layer && { layer }) });
  proxies.push(proxy);
  const dir = tempDir('aws-day-one-crash-');
  for (const sub of ['home', 'tmp']) mkdirSync(join(dir, sub));
  const answers = join(dir, 'answers.yaml');
  writeFileSync(answers, dayOneAnswers(accountId, 'crash-safe-co', { passwordFile: './cto-password.txt' }));
  const stateDir = join(dir, 'state');
  return {
    accountId,
    proxy,
    iam,
    dir,
    answers,
    stateDir,
    seedFile: join(dir, 'cto-mfa.uri'),
    passwordFile: join(dir, 'cto-password.txt'),
    apply: (options = {}) =>
      runCli(['apply', '--answers', answers, '--state-dir', stateDir], {
        endpoint: proxy.url,
        env: { HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'home', 'state'), TMPDIR: join(dir, 'tmp') },
        ...(options.onSpawn && { onSpawn: options.onSpawn }),
      }),
  };
}

/** Passwords the tool sent and MFA seeds AWS handed it, in order. */
export function secretsSeen(proxy: AwsProxy): { passwords: string[]; seeds: string[] } {
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
export function expectSecretsOnlyWhereNamed(s: Scenario, runs: readonly CliRun[]): void {
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
export async function inPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/** Closes every scenario's proxy (afterAll). */
export async function closeScenarios(): Promise<void> {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
}

export interface ReferenceState {
  /** The emulator's end state after one uninterrupted run, normalised (snapshotAccount). */
  readonly snapshot: unknown;
  /** The mutating IAM actions of that run, in the order they were sent. */
  readonly mutations: readonly string[];
}

/**
 * The mutating calls of a full run on a fresh account. The alias goes first (only AWS can say
 * whether it is free); the rest go out concurrently as soon as what each builds on exists, so their
 * order varies from run to run.
 */
export const fullRunMutationGroups: readonly (readonly string[])[] = [
  ['CreateAccountAlias'],
  [
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
    'CreateRole',
    'AttachRolePolicy',
  ],
];

/** The sent sequence with the order inside each group of fullRunMutationGroups made canonical. */
export function canonicalMutations(sent: readonly string[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const group of fullRunMutationGroups) {
    out.push(...sent.slice(at, at + group.length).sort());
    at += group.length;
  }
  return [...out, ...sent.slice(at)];
}

export const fullRunMutations = fullRunMutationGroups.flatMap((group) => [...group].sort());

let reference: Promise<ReferenceState> | undefined;

/** One uninterrupted run on a fresh account (once per test file): what every faulted run must end in. */
export function referenceState(): Promise<ReferenceState> {
  reference ??= (async () => {
    const s = await scenario();
    const run = await s.apply();
    expect(run.stderr).toContain('[done] admin-mfa');
    expect(run.code).toBe(3);
    expect(await unassignedMfaDevices(s.iam)).toEqual([]);
    expectSecretsOnlyWhereNamed(s, [run]);
    return { snapshot: await snapshotAccount(s.iam, s.accountId), mutations: s.proxy.mutations() };
  })();
  return reference;
}
