import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it, type TestContext } from 'vitest';
import { checkConsecutiveCodes, twoConsecutiveCodes } from '../src/totp.js';
import type { AwsProxy } from './support/aws-proxy.js';
import { cliPath, tempDir } from './support/cli.js';
import { expectAdministratorsGroup } from './support/day-one-state.js';
import { freshAccount } from './support/emulator.js';
import { decodeQrOnScreen } from './support/screen-qr.js';
import { TmuxTerminal } from './support/tmux.js';

/** The wizard in a fresh 120 x 50 terminal, with the same isolated environment runCli uses. */
function startWizard(ctx: TestContext, home: string, endpoint: string): TmuxTerminal {
  const terminal = new TmuxTerminal();
  ctx.onTestFinished(() => terminal.kill());
  terminal.start([process.execPath, cliPath()], {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    TERM: 'xterm-256color',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: endpoint,
    NO_COLOR: '1',
  });
  return terminal;
}

/** With AWS_DAY_ONE_FRAMES=DIR, frames worth a look are kept there as text files. */
function keepFrame(name: string, screen: string): void {
  const dir = process.env['AWS_DAY_ONE_FRAMES'];
  if (dir) writeFileSync(join(dir, `${name}.txt`), screen);
}

const confirmPrompt = 'Make these changes? Y/n';

/** In a multi-select whose second option is Developers: tick it and submit. */
async function pickDevelopers(terminal: TmuxTerminal): Promise<void> {
  terminal.press('Down');
  await terminal.waitFor(/❯ Developers/);
  terminal.press('Space');
  await terminal.waitFor(/❯ Developers[^\n]*✔/);
  terminal.press('Enter');
}

async function confirmStep(terminal: TmuxTerminal, title: string): Promise<void> {
  await terminal.waitFor(new RegExp(`Step \\d+/\\d+: ${title}[\\s\\S]*${confirmPrompt.replace('?', '\\?')}`));
  await terminal.type('y', new RegExp(`\\[done\\]:?.*|${title} \\[done\\]`));
  await terminal.waitFor(new RegExp(`✔ \\d+/\\d+ ${title} \\[done\\]`));
}

/**
 * A new user's sign-in card, shown as soon as the step set the password (before any step that needs
 * them to sign in): returns the password read off the screen, once Enter took it away.
 */
async function takePassword(terminal: TmuxTerminal, user: string): Promise<string> {
  const screen = await terminal.waitFor(new RegExp(`Password\\s+\\S+[\\s\\S]*Give this to ${user} or write it down[\\s\\S]*Press Enter once you have it`));
  expect(screen).toMatch(new RegExp(`User name\\s+${user}`));
  const password = /Password\s+(\S+)\s+one-time/.exec(screen)?.[1];
  expect(password).toBeTruthy();
  keepFrame(`password-${user}`, screen);
  terminal.press('Enter');
  return password!;
}

/** From the First administrator question to the card, as a person would answer. Returns the final screen. */
async function fromAdminUserToCard(terminal: TmuxTerminal): Promise<{ card: string; secret: string; passwords: string[] }> {
  await terminal.waitFor('User name of the first administrator: CTO');
  terminal.press('Enter');
  await terminal.waitFor(new RegExp(`Step \\d+/\\d+: First administrator[\\s\\S]*${confirmPrompt.replace('?', '\\?')}`));
  await terminal.type('y', 'Press Enter once you have it');
  const passwords = [await takePassword(terminal, 'CTO')];
  await terminal.waitFor(/✔ \d+\/\d+ First administrator \[done\]/);

  await terminal.waitFor('When should CTO set up MFA?');
  terminal.press('Enter');
  await terminal.waitFor(/Step \d+\/\d+: MFA for the administrator[\s\S]*Make these changes\?/);
  terminal.press('Enter');

  // The code is read off the screen with a real decoder, as a phone would.
  const mfaScreen = await terminal.waitFor('First code:');
  const uri = decodeQrOnScreen(mfaScreen);
  expect(uri).toMatch(/^otpauth:\/\/totp\/Amazon%20Web%20Services:CTO%40wizard-prod\?secret=[A-Z2-7]+/);
  keepFrame('mfa-step', mfaScreen);
  const secret = new URL(uri!).searchParams.get('secret')!;
  const [first, second] = twoConsecutiveCodes(secret);
  await terminal.type(first, `First code: ${first}`);
  terminal.press('Enter');
  await terminal.waitFor('Second code');
  await terminal.type(second, `: ${second}`);
  terminal.press('Enter');
  await terminal.waitFor(/✔ \d+\/\d+ MFA for the administrator \[done\]/);

  // The tutorial's team groups as presets: toggle Developers on, keep its policy.
  await terminal.waitFor('Space toggles a team');
  await pickDevelopers(terminal);
  await terminal.waitFor('Policies for Developers');
  terminal.press('Enter');
  await confirmStep(terminal, 'Team groups');

  // One more person, through the "add a user" loop.
  await terminal.waitFor('Add a user?');
  await terminal.type('y', 'User name:');
  await terminal.type('dana', 'User name: dana');
  terminal.press('Enter');
  await terminal.waitFor('Groups of dana');
  await pickDevelopers(terminal);
  // At first sign-in: the default, listed first.
  await terminal.waitFor('When should dana set up MFA?');
  terminal.press('Enter');
  await terminal.waitFor('Add another user?');
  terminal.press('Enter');
  await terminal.waitFor(new RegExp(`Step \\d+/\\d+: Team members[\\s\\S]*${confirmPrompt.replace('?', '\\?')}`));
  await terminal.type('y', 'Press Enter once you have it');
  passwords.push(await takePassword(terminal, 'dana'));
  // Created, with her MFA still to come at first sign-in.
  await terminal.waitFor(/! \d+\/\d+ Team members \[pending\]: dana has no MFA yet/);

  await confirmStep(terminal, 'AWS Support role');

  // Root MFA cannot be enrolled through the API: put off, recorded as pending.
  await terminal.waitFor('Later: record it as still to do');
  terminal.press('Enter');
  const card = await terminal.waitFor('press any key to clear it');
  return { card, secret, passwords };
}

async function expectDayOneState(iam: IAMClient, accountId: string): Promise<void> {
  expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['wizard-prod']);
  expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 });
  await expectAdministratorsGroup(iam, accountId);
  const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'CTO' }));
  expect(devices.MFADevices?.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${accountId}:mfa/aws-day-one-CTO`]);
  expect((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices).toEqual([]);
  // The team group and the person added through the wizard.
  const developers = await iam.send(new GetGroupCommand({ GroupName: 'Developers' }));
  expect(developers.Users?.map((u) => u.UserName)).toEqual(['dana']);
  const developerPolicies = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Developers' }));
  expect(developerPolicies.AttachedPolicies?.map((p) => p.PolicyName).sort()).toEqual(['PowerUserAccess', 'RequireMFA']);
}

function expectCodesFrom(proxy: AwsProxy, secret: string): void {
  const enable = proxy.requests.filter((r) => r.action === 'EnableMFADevice');
  expect(enable).toHaveLength(1);
  expect(checkConsecutiveCodes(secret, enable[0]!.params['AuthenticationCode1']!, enable[0]!.params['AuthenticationCode2']!)).toBeUndefined();
}

async function finishCard(terminal: TmuxTerminal, proxy: AwsProxy, shown: readonly string[]): Promise<string> {
  // The passwords handed over during the run are the ones AWS has, CTO's and dana's.
  const sent = proxy.requests.filter((r) => /^(Create|Update)LoginProfile$/.test(r.action)).map((r) => r.params['Password']);
  expect(shown).toEqual(sent.slice(-2));
  const card = terminal.screen();
  expect(card).toContain('Sign-in URL  https://wizard-prod.signin.aws.amazon.com/console');
  expect(card).toContain('User name    CTO');
  expect(card).toContain('shown earlier in this run');
  for (const password of shown) expect(card).not.toContain(password);
  expect(card).toContain('root-mfa: the root user has no MFA.');
  // The status checklist, read again at the end: root MFA is what is left to fail.
  // dana enrols MFA at first sign-in, so until then she is a console user without MFA.
  expect(card).toMatch(/Day-1 checklist after this run: \d+ pass, 2 fail, \d+ unknown/);
  expect(card).toMatch(/✘ Console users have MFA/);
  expect(card).toContain('User name    dana');
  expect(card).toMatch(/✘ Root user has MFA\s+fixed by root-mfa/);
  keepFrame('final-card', card);
  terminal.press('Escape');
  const after = await terminal.waitFor('[exit 3]');
  for (const password of shown) expect(after).not.toContain(password);
  return after;
}

async function account(ctx: TestContext, options: Parameters<typeof freshAccount>[0] = {}): ReturnType<typeof freshAccount> {
  const created = await freshAccount(options);
  ctx.onTestFinished(() => created.proxy.close());
  return created;
}

async function throughAdminGroup(terminal: TmuxTerminal): Promise<void> {
  await terminal.waitFor('Start: each step shows its plan');
  terminal.press('Enter');
  await terminal.waitFor('Account alias:');
  await terminal.type('wizard-prod', 'Account alias: wizard-prod');
  terminal.press('Enter');
  await confirmStep(terminal, 'Account alias');
  await confirmStep(terminal, 'Password policy');
  await terminal.waitFor('Name of the administrators group: Administrators');
  terminal.press('Enter');
  await confirmStep(terminal, 'Administrators group');
}

// Each test has its own emulator account and tmux server, so they run side by side.
describe.concurrent('the interactive wizard in a real terminal', { timeout: 240_000 }, () => {
  it('walks a fresh account through day 1, reading the QR code off the screen', async (ctx) => {
    const { accountId, proxy, iam } = await account(ctx);
    const terminal = startWizard(ctx, tempDir('aws-day-one-home-'), proxy.url);

    const start = await terminal.waitFor(/Day-1 checklist now: \d+ pass, \d+ fail[\s\S]*Start: each step shows its plan/);
    expect(start).toMatch(/✘ Account alias\s+fixed by account-alias/);
    expect(start).toContain(`Account   ${accountId} (no alias yet)`);
    expect(start).toMatch(/Signed in arn:aws:sts::\d+:user\//);
    expect(proxy.mutations()).toEqual([]);
    terminal.press('Enter');

    await terminal.waitFor('Account alias:');
    await terminal.type('wizard-prod', 'Account alias: wizard-prod');
    terminal.press('Enter');
    await confirmStep(terminal, 'Account alias');
    const policyScreen = await terminal.waitFor(/Step \d+\/\d+: Password policy[\s\S]*Make these changes\?/);
    expect(policyScreen).toMatch(/MinimumPasswordLength\s+none -> 14/);
    await confirmStep(terminal, 'Password policy');
    await terminal.waitFor('Name of the administrators group: Administrators');
    terminal.press('Enter');
    await confirmStep(terminal, 'Administrators group');

    const { secret, passwords } = await fromAdminUserToCard(terminal);
    await finishCard(terminal, proxy, passwords);
    await expectDayOneState(iam, accountId);
    expectCodesFrom(proxy, secret);
  });

  it('stops cleanly on Ctrl-C, then resumes where it stopped and reaches the same state', async (ctx) => {
    const { accountId, proxy, iam } = await account(ctx);
    const home = tempDir('aws-day-one-home-');
    const first = startWizard(ctx, home, proxy.url);
    await throughAdminGroup(first);
    await first.waitFor('User name of the first administrator: CTO');

    first.press('C-c');
    const stopped = await first.waitFor('[exit 130]');
    expect(stopped).toMatch(/Stopped\. Progress is saved in \S+\.json\.\s+Run npx aws-day-one again to resume at step 4 \(First administrator\)\./);
    expect(proxy.mutations()).not.toContain('CreateUser');

    const second = startWizard(ctx, home, proxy.url);
    const offer = await second.waitFor('Resume at step 4 (First administrator)');
    expect(offer).toContain('(alias wizard-prod)');
    second.press('Enter');
    // Steps finished before the stop are checked against the account without asking again.
    const resumed = await second.waitFor('User name of the first administrator: CTO');
    expect(resumed).not.toContain('Account alias:');
    expect(resumed).toMatch(/– 1\/\d+ Account alias \[skipped\]: already wizard-prod/);
    const { secret, passwords } = await fromAdminUserToCard(second);
    await finishCard(second, proxy, passwords);
    await expectDayOneState(iam, accountId);
    expectCodesFrom(proxy, secret);
    expect(proxy.mutations().filter((a) => a === 'CreateAccountAlias')).toHaveLength(1);
  });

  it('lets the step whose AWS call is in flight finish and record itself on Ctrl-C, even pressed twice', async (ctx) => {
    let terminal: TmuxTerminal | undefined;
    const { accountId, proxy } = await account(ctx, {
      // Both presses land while CreateUser is on the wire: moto has answered, the wizard has not heard yet.
      decide: (request) => request.action === 'CreateUser'
        ? { kind: 'forward-then', holdResponse: false, after: () => { terminal?.press('C-c'); terminal?.press('C-c'); } }
        : { kind: 'forward' },
    });
    const home = tempDir('aws-day-one-home-');
    terminal = startWizard(ctx, home, proxy.url);
    await throughAdminGroup(terminal);
    await terminal.waitFor('User name of the first administrator: CTO');
    terminal.press('Enter');
    await terminal.waitFor(/Step \d+\/\d+: First administrator[\s\S]*Make these changes\?/);
    terminal.press('Enter');

    const stopped = await terminal.waitFor('[exit 130]');
    // The step's calls ran to their end and were recorded; the wizard stopped at the next prompt, the
    // password handover, before showing it: the password reached nobody, so the resume issues another.
    expect(stopped).toMatch(/Run npx aws-day-one again to resume at step 4 \(First administrator\)\./);
    expect(proxy.mutations()).toEqual(expect.arrayContaining(['CreateUser', 'AddUserToGroup', 'CreateLoginProfile']));
    expect(proxy.mutations()).not.toContain('CreateVirtualMFADevice');
    const password = proxy.requests.find((r) => r.action === 'CreateLoginProfile')?.params['Password'];
    expect(stopped).not.toContain(password);
    const state = JSON.parse(readFileSync(join(home, 'state', 'aws-day-one', `${accountId}.json`), 'utf8'));
    expect(state.steps['admin-user']).toMatchObject({ passwordDelivery: 'pending' });
  });
});
