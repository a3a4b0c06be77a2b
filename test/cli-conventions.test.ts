import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { wantsColor } from '../src/lib/color.js';
import type { AwsProxy } from './support/aws-proxy.js';
import { runCli, tempDir } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';
import { expectCompleteHelp } from './support/help-coverage.js';

const ansi = /\u001b\[/;
const freshAccount = freshAccountsClosedAfterEach();

async function account(): Promise<{ accountId: string; proxy: AwsProxy }> {
  const made = await freshAccount();
  return made;
}

function answersFile(body: string): string {
  const path = join(tempDir(), 'answers.yaml');
  writeFileSync(path, body);
  return path;
}

/** Answers pinned to another account: the run stops after GetCallerIdentity, the cheapest real call. */
const wrongAccountAnswers = (): string =>
  answersFile('account:\n  id: "000000000000"\n  alias: acme-prod\nadmin:\n  name: CTO\n  mfa: at-first-sign-in\n');

describe('--help and --version', () => {
  it('--help names every command, flag, environment variable and exit code, on stdout', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['apply', '--help']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr).toBe('');
      expectCompleteHelp(run.stdout);
    }
  });

  it('--version prints the package version and nothing else', async () => {
    for (const args of [['--version'], ['-v']]) {
      const run = await runCli(args);
      expect(run).toMatchObject({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    }
  });
});

describe('errors', () => {
  it('go to stderr with exit 2, naming the flag, and leave stdout empty', async () => {
    const run = await runCli(['apply', '--colour']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: --colour: unknown flag/);
  });
});

describe('colour', () => {
  it('follows --no-color, FORCE_COLOR and NO_COLOR, and is off when piped', async () => {
    const badFlag = ['--bogus'];
    const cases: [Record<string, string | undefined>, string[], boolean][] = [
      [{ NO_COLOR: undefined }, [], false], // piped: not a terminal
      [{ NO_COLOR: undefined, FORCE_COLOR: '1' }, [], true],
      [{ NO_COLOR: '1', FORCE_COLOR: '1' }, [], true], // FORCE_COLOR wins, as in Node itself
      [{ NO_COLOR: undefined, FORCE_COLOR: '1' }, ['--no-color'], false], // the flag wins over everything
      [{ NO_COLOR: undefined, FORCE_COLOR: '0' }, [], false],
      [{ NO_COLOR: '1' }, [], false],
    ];
    for (const [env, flags, coloured] of cases) {
      const run = await runCli([...badFlag, ...flags], { env });
      expect(run.code).toBe(2);
      expect(ansi.test(run.stderr), `${JSON.stringify(env)} ${flags.join(' ')}`).toBe(coloured);
    }
  });

  it('wantsColor: a terminal gets colour unless NO_COLOR is set or TERM is dumb', () => {
    expect(wantsColor({ isTTY: true }, { env: {} })).toBe(true);
    expect(wantsColor({ isTTY: true }, { env: { NO_COLOR: '1' } })).toBe(false);
    expect(wantsColor({ isTTY: true }, { env: { NO_COLOR: '' } })).toBe(true); // empty means unset (no-color.org)
    expect(wantsColor({ isTTY: true }, { env: { TERM: 'dumb' } })).toBe(false);
    expect(wantsColor({ isTTY: true }, { env: {}, noColor: true })).toBe(false);
    expect(wantsColor({ isTTY: false }, { env: {} })).toBe(false);
  });
});

describe('piped output', () => {
  it('stdout carries only the result (--json), progress goes to stderr; --endpoint-url reaches the endpoint', async () => {
    const { accountId, proxy } = await account();
    const dir = tempDir();
    const answers = answersFile(
      `account:\n  id: "${accountId}"\n  alias: acme-pipe\nadmin:\n  name: CTO\n  mfa: at-first-sign-in\nrootAccessKeys: keep\n`,
    );
    const args = ['apply', '--answers', answers, '--state-dir', join(dir, 'state'), '--json', '--endpoint-url', proxy.url];

    const first = await runCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(first.code).toBe(3); // root MFA is left to a person
    expect(ansi.test(first.stdout)).toBe(false); // colour never reaches the result
    const result = JSON.parse(first.stdout) as { users?: { userName?: string }[] };
    expect(JSON.stringify(result)).toContain('CTO');
    expect(first.stderr).toMatch(/\u001b\[32m\[done\]\u001b\[39m account-alias: acme-pipe/);
    expect(proxy.requests.some((r) => r.action === 'CreateAccountAlias' && r.params['AccountAlias'] === 'acme-pipe')).toBe(true);

    const again = await runCli(args, { env: { NO_COLOR: undefined } });
    expect(again.code).toBe(3);
    expect(() => JSON.parse(again.stdout)).not.toThrow();
    expect(again.stderr).toContain('[skip] account-alias');
    expect(ansi.test(again.stdout + again.stderr)).toBe(false);
  });
});

describe('--profile and --region', () => {
  it('--profile signs with that profile from the shared files; --region picks the signing region', async () => {
    const { proxy } = await account();
    const aws = join(tempDir(), '.aws');
    mkdirSync(aws);
    writeFileSync(join(aws, 'credentials'), '[day1]\naws_access_key_id = AKIAPROFILEDAY1EXAMP\naws_secret_access_key = profile-secret\n');
    writeFileSync(join(aws, 'config'), '[profile day1]\nregion = eu-west-1\n');
    const env = {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_REGION: undefined,
      AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
      AWS_CONFIG_FILE: join(aws, 'config'),
    };
    const run = await runCli(['apply', '--answers', wrongAccountAnswers(), '--profile', 'day1', '--region', 'eu-central-1'], {
      endpoint: proxy.url,
      env,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/account\.id: expects account 000000000000/);
    expect(proxy.requests.map((r) => [r.action, r.accessKeyId, r.region])).toEqual([
      ['GetCallerIdentity', 'AKIAPROFILEDAY1EXAMP', 'eu-central-1'],
    ]);
    expect(proxy.mutations()).toEqual([]);

    const missing = await runCli(['apply', '--answers', wrongAccountAnswers(), '--profile', 'nope'], { endpoint: proxy.url, env });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /^error: --profile: no profile "nope" in ~\/.aws\/config or ~\/.aws\/credentials .*; profiles that exist: day1\n/,
    );
  });
});
