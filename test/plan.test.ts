import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';
import { freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

describe('aws-day-one plan', () => {
  it('lists every change of a fresh account and makes no mutating call', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: plan-co }\npasswordPolicy: { minimumPasswordLength: 16 }\n');
    const run = await runCli(['plan', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^account-alias +create account alias; plan-co/m);
    expect(run.stdout).toMatch(/password-policy +create account password policy; .*MinimumPasswordLength none -> 16/);
    expect(run.stdout).toMatch(/admin-group +create group Administrators/);
    expect(run.stdout).toMatch(/admin-user +create user CTO/);
    expect(run.stdout).toMatch(/admin-mfa +pending \(by hand\): CTO has no MFA yet/);
    expect(run.stdout).toMatch(/root-mfa +pending \(by hand\): the root user has no MFA/);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.mutations()).toEqual([]);
  });

  it("without an answers file, plans the wizard's defaults and names the account-ID sign-in URL", async () => {
    const { accountId, proxy } = await freshAccount();
    const run = await runCli(['plan', '--state-dir', join(tempDir(), 'state')], { endpoint: proxy.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^account-alias +create account alias; chosen when the wizard asks/m);
    expect(run.stdout).toContain(`https://${accountId}.signin.aws.amazon.com/console`);
    expect(run.stdout).not.toContain('://.signin');
    expect(proxy.mutations()).toEqual([]);
  });

  it('reads only: an unreadable state file is left where it is for the next apply', async () => {
    const { accountId, proxy } = await freshAccount();
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    writeFileSync(join(stateDir, `${accountId}.json`), '{ not json');
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: plan-co }\n');
    const run = await runCli(['plan', '--answers', join(dir, 'answers.yaml'), '--state-dir', stateDir], { endpoint: proxy.url });
    expect(run.code).toBe(0);
    expect(readdirSync(stateDir)).toEqual([`${accountId}.json`]);
    expect(readFileSync(join(stateDir, `${accountId}.json`), 'utf8')).toBe('{ not json');
  });

  it('shows before -> after and already-done steps after a partial setup, as JSON too', async () => {
    const { proxy } = await freshAccount();
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: plan-co }\n');
    await runCli(['apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    writeFileSync(
      join(dir, 'answers2.yaml'),
      'account: { alias: plan-co }\npasswordPolicy: { passwordReusePrevention: 12, minimumPasswordLength: 20 }\n',
    );
    const before = proxy.mutations().length;
    const run = await runCli(['plan', '--answers', join(dir, 'answers2.yaml'), '--state-dir', join(dir, 'state'), '--json'], {
      endpoint: proxy.url,
    });
    expect(run.code).toBe(0);
    expect(proxy.mutations().length).toBe(before);
    const plan = JSON.parse(run.stdout) as {
      steps: { id: string; status: string; changes: { diff?: { field: string; before: string; after: string }[] }[] }[];
    };
    const byId = Object.fromEntries(plan.steps.map((s) => [s.id, s]));
    expect(byId['account-alias']?.status).toBe('up-to-date');
    expect(byId['admin-group']?.status).toBe('up-to-date');
    expect(byId['password-policy']?.status).toBe('change');
    expect(byId['password-policy']?.changes[0]?.diff).toEqual(
      expect.arrayContaining([
        { field: 'MinimumPasswordLength', before: '14', after: '20' },
        { field: 'PasswordReusePrevention', before: '24', after: '12' },
      ]),
    );
    expect(byId['root-mfa']?.status).toBe('pending-manual');
  });
});
