import { join } from 'node:path';
import { GetAlternateContactCommand, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeAnswers } from './support/cli.js';
import { emulatorAccount, freshAccountsClosedAfterEach } from './support/emulator.js';

const freshAccount = freshAccountsClosedAfterEach();

function answersWith(accountId: string, contact: readonly string[]): string {
  return [
    'account:',
    `  id: "${accountId}"`,
    '  alias: contact-co',
    '  securityContact:',
    ...contact.map((line) => `    ${line}`),
    'admin:',
    '  name: CTO',
    '',
  ].join('\n');
}

const dana = ['name: Dana Scully', 'title: Security lead', 'email: security@example.com', 'phone: "+1 555 0100"'];

async function apply(proxyUrl: string, body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = tempDir();
  return runCli(['apply', '--answers', writeAnswers(dir, body), '--state-dir', join(dir, 'state')], { endpoint: proxyUrl });
}

describe('security-contact (CIS 1.2) from an answers file (moto serves the Account API)', () => {
  it('plan reads the contact too: it lists the change, and after apply says the contact is set', async () => {
    const { accountId, proxy } = await freshAccount();
    const dir = tempDir();
    const answers = writeAnswers(dir, answersWith(accountId, dana));
    const plan = () => runCli(['plan', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    const before = await plan();
    expect(before.stdout).toMatch(/^security-contact +create SECURITY alternate contact; Dana Scully/m);
    expect(proxy.requests.some((r) => r.action === 'GetAlternateContact')).toBe(true);
    await runCli(['apply', '--answers', answers, '--state-dir', join(dir, 'state')], { endpoint: proxy.url });
    expect((await plan()).stdout).toMatch(/^security-contact +already done: already set: Dana Scully/m);
  });

  it('sets the SECURITY contact, and a second run changes nothing', async () => {
    const { accountId, proxy } = await freshAccount();
    const first = await apply(proxy.url, answersWith(accountId, dana));
    expect(first.stderr).toContain(
      '[done] security-contact: SECURITY contact Dana Scully (Security lead) <security@example.com>, +1 555 0100',
    );
    const contact = await emulatorAccount(accountId).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(contact.AlternateContact).toMatchObject({
      Name: 'Dana Scully',
      Title: 'Security lead',
      EmailAddress: 'security@example.com',
      PhoneNumber: '+1 555 0100',
    });

    const again = await apply(proxy.url, answersWith(accountId, dana));
    expect(again.stderr).toContain('[skip] security-contact: already set: Dana Scully (Security lead) <security@example.com>, +1 555 0100');

    const status = await runCli(['status', '--json'], { endpoint: proxy.url });
    const check = (JSON.parse(status.stdout) as { checks: { id: string; result: string }[] }).checks.find(
      (c) => c.id === 'security-contact',
    );
    expect(check?.result).toBe('pass');
  });

  it('leaves a different existing contact alone unless replace is true', async () => {
    const { accountId, proxy } = await freshAccount();
    const account = emulatorAccount(accountId);
    await account.send(
      new PutAlternateContactCommand({
        AlternateContactType: 'SECURITY',
        Name: 'Fox Mulder',
        Title: 'Agent',
        EmailAddress: 'fox@example.com',
        PhoneNumber: '555 0199',
      }),
    );

    const kept = await apply(proxy.url, answersWith(accountId, dana));
    expect(kept.stderr).toContain(
      '[skip] security-contact: kept the existing security contact Fox Mulder (Agent) <fox@example.com>, 555 0199; ' +
        'set account.securityContact.replace: true to replace it',
    );
    expect((await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))).AlternateContact?.Name).toBe(
      'Fox Mulder',
    );

    const replaced = await apply(proxy.url, answersWith(accountId, [...dana, 'replace: true']));
    expect(replaced.stderr).toContain('[done] security-contact: SECURITY contact Dana Scully');
    expect((await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))).AlternateContact?.Name).toBe(
      'Dana Scully',
    );
  });

  it('without account.securityContact, says how to ask for it and leaves the account alone', async () => {
    const { accountId, proxy } = await freshAccount();
    const run = await apply(proxy.url, ['account:', `  id: "${accountId}"`, '  alias: contact-co', 'admin:', '  name: CTO', ''].join('\n'));
    expect(run.stderr).toContain('[skip] security-contact: not asked for; add account.securityContact to the answers to set it');
  });

  it.each([
    [
      'email',
      ['name: Dana', 'title: Lead', 'email: security.example.com', 'phone: "555 0100"'],
      'account.securityContact.email: must be an email address AWS accepts, such as security@example.com (got "security.example.com")',
    ],
    [
      'phone',
      ['name: Dana', 'title: Lead', 'email: s@example.com', 'phone: call-me-maybe'],
      'account.securityContact.phone: must be up to 25 digits, spaces and + ( ) - (e.g. +1 555 0100) (got "call-me-maybe")',
    ],
    ['a missing field', ['name: Dana', 'email: s@example.com', 'phone: "555"'], 'account.securityContact.title'],
  ])('bad %s: exit 2 naming the key, nothing changed', async (_what, contact, message) => {
    const { accountId, proxy } = await freshAccount();
    const run = await apply(proxy.url, answersWith(accountId, contact));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(proxy.mutations()).toEqual([]);
    expect(proxy.requests.filter((r) => r.service === 'other')).toEqual([]);
  });
});
