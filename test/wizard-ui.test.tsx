import { renderUi } from './support/ink-ui.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCaller } from '../src/aws/caller.js';
import { startingAnswers } from '../src/answers/answers.js';
import { adminMfa } from '../src/steps/admin-mfa.js';
import { InkOperator } from '../src/interactive/ink-operator.js';
import { drawQr, qrOtpauthUri } from '../src/ui/qr-code.js';
import { createWizardStore } from '../src/interactive/wizard-store.js';
import type { RunSummary } from '../src/engine/run-summary.js';
import type { StepResultStatus } from '../src/contracts/step-status.js';
import { otpauthUri, totpAt } from '../src/secrets/totp.js';
import { ManualStepGuide } from '../src/ui/manual-step-guide.js';
import { MfaEnrolment } from '../src/ui/mfa-enrolment.js';
import { PlanView } from '../src/ui/plan-view.js';
import { RootKeysPrompt } from '../src/ui/root-keys-prompt.js';
import { SignInCard } from '../src/ui/sign-in-card.js';
import { StartScreen } from '../src/ui/start-screen.js';
import { TeamsPrompt } from '../src/ui/teams-prompt.js';
import { TextPrompt } from '../src/ui/text-prompt.js';
import { UsersPrompt } from '../src/ui/users-prompt.js';
import { WizardApp } from '../src/ui/wizard-app.js';
import { decodeQrOnScreen } from './support/screen-qr.js';
import type { Ui } from './support/ink-ui.js';

const mounted: Ui[] = [];
function mount(...args: Parameters<typeof renderUi>): Ui {
  const ui = renderUi(...args);
  mounted.push(ui);
  return ui;
}
afterEach(() => {
  for (const ui of mounted.splice(0)) ui.unmount();
});

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const enrolment = {
  userName: 'CTO',
  serialNumber: 'arn:aws:iam::111122223333:mfa/aws-day-one-CTO',
  uri: otpauthUri(secret, 'CTO', 'acme-prod'),
  secret,
  accountLabel: 'acme-prod',
  replacesUnfinished: false,
};
/** An 80 x 24 terminal's live lines (one less than its height). */
const room80x24 = { columns: 80, rows: 23 };
const caller = parseCaller('111122223333', 'arn:aws:iam::111122223333:user/bootstrap');

describe('prompts', () => {
  it('explains a bad value and keeps asking, then submits the trimmed value', async () => {
    const onSubmit = vi.fn();
    const ui = mount(
      <TextPrompt
        message="Account alias"
        defaultValue=""
        validate={(v) => (v.length < 3 ? 'must be 3-63 characters' : undefined)}
        onSubmit={onSubmit}
      />,
    );
    await ui.waitFor('Account alias:');
    await ui.type('ab');
    await ui.press('enter');
    await ui.waitFor('✘ must be 3-63 characters');
    expect(onSubmit).not.toHaveBeenCalled();
    await ui.type('c-prod');
    await ui.press('enter');
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('abc-prod'));
  });

  it('applies keys typed faster than the screen redraws in order: text then Enter, Backspaces, a paste ending in Enter', async () => {
    const typedThenEnter = vi.fn();
    const first = mount(<TextPrompt message="Account alias" defaultValue="" onSubmit={typedThenEnter} />);
    await first.waitFor('Account alias:');
    await first.typeChunks('acme-prod', '\r');
    await vi.waitFor(() => expect(typedThenEnter).toHaveBeenCalledWith('acme-prod'));
    expect(typedThenEnter).toHaveBeenCalledTimes(1);

    const backspaces = vi.fn();
    const second = mount(<TextPrompt message="Account alias" defaultValue="taken-company" onSubmit={backspaces} />);
    await second.waitFor('Account alias: taken-company');
    // Nine Backspaces, each its own chunk, none redrawn before the next; then three in one chunk.
    await second.typeChunks(...Array.from({ length: 9 }, () => '\u007f'));
    await second.waitFor('Account alias: take');
    await second.typeChunks('\u007f\u007f\u007f', 'x-co', '\r');
    await vi.waitFor(() => expect(backspaces).toHaveBeenCalledWith('tx-co'));

    const pasted = vi.fn();
    const third = mount(<TextPrompt message="Account alias" defaultValue="" onSubmit={pasted} />);
    await third.waitFor('Account alias:');
    await third.type('paste-co\r');
    await vi.waitFor(() => expect(pasted).toHaveBeenCalledWith('paste-co'));
    const frame = third.frame();
    expect(frame).toContain('Account alias: paste-co');
    expect(third.rawFrame()).not.toContain('\r');
  });

  it('shows the password policy as before -> after per field', async () => {
    const ui = mount(
      <PlanView
        changes={[
          {
            kind: 'update',
            target: 'account password policy',
            diff: [
              { field: 'MinimumPasswordLength', before: '8', after: '14' },
              { field: 'PasswordReusePrevention', before: 'off', after: '24' },
            ],
          },
        ]}
      />,
    );
    const frame = await ui.waitFor('Planned changes:');
    expect(frame).toContain('update account password policy');
    expect(frame).toMatch(/MinimumPasswordLength\s+8 -> 14/);
    expect(frame).toMatch(/PasswordReusePrevention\s+off -> 24/);
  });

  it('offers resume at the saved step or start over, with who and where', async () => {
    const onChoice = vi.fn();
    const ui = mount(
      <StartScreen
        caller={caller}
        alias="acme-prod"
        resume={{ stepNumber: 4, title: 'First administrator' }}
        checklist={undefined}
        onChoice={onChoice}
      />,
    );
    const frame = await ui.waitFor('Resume at step 4 (First administrator)');
    expect(frame).toContain('111122223333 (alias acme-prod)');
    expect(frame).toContain('arn:aws:iam::111122223333:user/bootstrap');
    expect(frame).toContain('IAM user bootstrap, access keys without MFA');
    await ui.press('down');
    await ui.press('enter');
    await vi.waitFor(() => expect(onChoice).toHaveBeenCalledWith('start-over'));
  });

  it('shows the day-1 checklist on the start screen: counts, then what does not pass and its fix', async () => {
    const check = (id: string, title: string, result: 'pass' | 'fail' | 'unknown', step: string | null, link: string | null = null) => ({
      id,
      title,
      controls: [],
      result,
      reason: `${title} reason`,
      evidence: [],
      fix: { step, link },
    });
    const report = {
      accountId: '111122223333',
      checkedAt: '2026-11-23T00:00:00.000Z',
      credentialReport: { generatedAt: '2026-11-22T22:00:00.000Z', reused: true },
      summary: { pass: 1, fail: 2, unknown: 1, manual: 0 },
      checks: [
        check('password-policy', 'Password policy is set', 'pass', null),
        check('root-mfa', 'Root user has MFA', 'fail', 'root-mfa'),
        check('support-role', 'Support role (AWSSupportAccess)', 'fail', null, 'https://console.aws.amazon.com/iam/home#/roles'),
        check('root-recent-use', 'Root user unused for 7 days', 'unknown', 'admin-user'),
      ],
    };
    const ui = mount(
      <StartScreen caller={caller} alias="acme-prod" resume={undefined} checklist={{ when: 'start', report }} onChoice={vi.fn()} />,
    );
    const frame = await ui.waitFor('Day-1 checklist now: 1 pass, 2 fail, 1 unknown');
    expect(frame).toMatch(/✘ Root user has MFA\s+fixed by root-mfa/);
    expect(frame).toMatch(/✘ Support role \(AWSSupportAccess\)\s+https:\/\/console\.aws\.amazon\.com\/iam\/home#\/roles/);
    expect(frame).toMatch(/\? Root user unused for 7 days\s+fixed by admin-user/);
    expect(frame).not.toContain('Password policy is set');
    // The report's age is on screen: what changed after it was read live.
    expect(frame).toContain('Credential report of 2026-11-22T22:00:00.000Z (reused; credentials read live)');
    const reading = mount(
      <StartScreen caller={caller} alias="acme-prod" resume={undefined} checklist={{ when: 'start' }} onChoice={vi.fn()} />,
    );
    await reading.waitFor('Day-1 checklist now: reading the account...');
  });

  it("offers the tutorial's team groups as presets, toggled on, with their policies to edit", async () => {
    const onSubmit = vi.fn();
    const ui = mount(<TeamsPrompt message="Team groups" current={[]} problem={undefined} onSubmit={onSubmit} />);
    const frame = await ui.waitFor('Developers (PowerUserAccess)');
    expect(frame).toContain('Business-Analysts (AmazonDynamoDBReadOnlyAccess)');
    await ui.press('space');
    await ui.press('down');
    await ui.press('space');
    await ui.press('enter');
    await ui.waitFor('Policies for Business-Analysts');
    await ui.press('enter');
    await ui.waitFor('Policies for Developers');
    await ui.type(', job-function/ViewOnlyAccess');
    await ui.press('enter');
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith([
        { name: 'Business-Analysts', policies: ['AmazonDynamoDBReadOnlyAccess'], mfaPolicy: true },
        { name: 'Developers', policies: ['PowerUserAccess', 'job-function/ViewOnlyAccess'], mfaPolicy: true },
      ]),
    );
  });

  it("adds a team of one's own next to the presets", async () => {
    const onSubmit = vi.fn();
    const ui = mount(<TeamsPrompt message="Team groups" current={[]} problem={undefined} onSubmit={onSubmit} />);
    await ui.waitFor('Another team: name it and its policies');
    await ui.press('down');
    await ui.press('down');
    await ui.press('space');
    await ui.press('enter');
    await ui.waitFor('Name of the new team group:');
    await ui.type('developers');
    await ui.press('enter');
    await ui.waitFor('developers is already in the list (IAM group names ignore case)');
    for (let i = 0; i < 'developers'.length; i++) await ui.press('backspace');
    await ui.type('Auditors\r');
    await ui.waitFor('Policies for Auditors');
    await ui.type('SecurityAudit, job-function/ViewOnlyAccess\r');
    const frame = await ui.waitFor('Auditors (SecurityAudit, job-function/ViewOnlyAccess)');
    expect(frame).toMatch(/Auditors \(SecurityAudit, job-function\/ViewOnlyAccess\)\s*✔/);
    await ui.press('enter');
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith([
        { name: 'Auditors', policies: ['SecurityAudit', 'job-function/ViewOnlyAccess'], mfaPolicy: true },
      ]),
    );
  });

  it('takes no team groups when none is toggled', async () => {
    const onSubmit = vi.fn();
    const ui = mount(<TeamsPrompt message="Team groups" current={[]} problem="teams[0].policies[0]: no such policy" onSubmit={onSubmit} />);
    const frame = await ui.waitFor('Space toggles a team');
    expect(frame).toContain('✘ teams[0].policies[0]: no such policy');
    await ui.press('enter');
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith([]));
  });

  it('adds users in a loop: name, groups, MFA; Enter at "Add another user?" ends it', async () => {
    const onSubmit = vi.fn();
    const ui = mount(
      <UsersPrompt message="More people" groups={['Administrators', 'Developers']} current={[]} problem={undefined} onSubmit={onSubmit} />,
    );
    await ui.waitFor('Add a user?');
    await ui.type('y');
    await ui.waitFor('User name:');
    await ui.type('dana!');
    await ui.press('enter');
    await ui.waitFor('must be 1-64 characters');
    for (let i = 0; i < 5; i++) await ui.press('backspace');
    await ui.type('dana');
    await ui.press('enter');
    await ui.waitFor('Groups of dana');
    await ui.press('enter');
    await ui.waitFor('pick at least one group');
    await ui.press('down');
    await ui.press('space');
    await ui.press('enter');
    await ui.waitFor('When should dana set up MFA?');
    await ui.press('enter');
    const more = await ui.waitFor('Add another user?');
    expect(more).toContain('Added: dana (Developers)');
    await ui.press('enter');
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith([{ name: 'dana', groups: ['Developers'], mfa: 'at-first-sign-in' }]));
  });

  it('lists the root keys with the signing one marked and deletes only on the typed word', async () => {
    const onAnswer = vi.fn();
    const ui = mount(
      <RootKeysPrompt keyIds={['AKIAOTHER0000000001', 'AKIASIGNING00000002']} signingKeyId="AKIASIGNING00000002" onAnswer={onAnswer} />,
    );
    const frame = await ui.waitFor('Type delete');
    expect(frame).toMatch(/AKIASIGNING00000002 \(signs this session: deleted last/);
    expect(frame).not.toMatch(/AKIAOTHER0000000001 \(signs/);
    await ui.type('delete');
    await ui.press('enter');
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith(true));

    // Root signing certificates are deleted with the keys, and counted apart.
    const withCertificate = mount(
      <RootKeysPrompt keyIds={['AKIAOTHER0000000001', 'ROOTCERT0001 (signing certificate)']} signingKeyId={undefined} onAnswer={vi.fn()} />,
    );
    expect(await withCertificate.waitFor('Type delete')).toContain('The root user has 1 access key(s) and 1 signing certificate(s):');

    const keep = vi.fn();
    const other = mount(<RootKeysPrompt keyIds={['AKIAOTHER0000000001']} signingKeyId={undefined} onAnswer={keep} />);
    await other.waitFor('Type delete');
    await other.type('yes');
    await other.press('enter');
    await vi.waitFor(() => expect(keep).toHaveBeenCalledWith(false));
  });
});

describe('MFA enrolment', () => {
  const now = 1_900_000_000;
  const codeAt = (offset: number): string => totpAt(secret, now + offset * 30);

  it('draws, in the 23 lines an 80 x 24 terminal leaves, a QR code naming account and user, and the secret in fours on Tab', async () => {
    const ui = mount(
      <MfaEnrolment
        enrolment={enrolment}
        onCodes={vi.fn()}
        room={room80x24}
        heading="Step 5/11: MFA for the administrator"
        nowSeconds={() => now}
      />,
      { columns: 80, rows: 24 },
    );
    const frame = await ui.waitFor('First code');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    const uri = decodeQrOnScreen(frame);
    expect(uri).toBe(qrOtpauthUri(secret, 'CTO', 'acme-prod'));
    const decoded = new URL(uri!);
    expect(decodeURIComponent(decoded.pathname.replace(/^\/+/, ''))).toBe('CTO');
    expect(decoded.searchParams.get('issuer')).toBe('acme-prod');
    expect(decoded.searchParams.get('secret')).toBe(secret);
    expect(frame).toContain('"acme-prod (CTO)"');
    expect(frame).not.toContain(`${secret.slice(0, 4)} `);
    await ui.press('tab');
    const typed = await ui.waitFor('Secret (Base32');
    expect(typed).toContain('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(typed).not.toContain(secret);
    expect(decodeQrOnScreen(typed)).toBeUndefined();
  });

  it('shows the secret in groups of four, and the room the code needs, when the code does not fit', async () => {
    const qr = drawQr(qrOtpauthUri(secret, 'CTO', 'acme-prod'));
    const ui = mount(<MfaEnrolment enrolment={enrolment} onCodes={vi.fn()} room={{ columns: 80, rows: qr.height + 1 }} />, {
      columns: 80,
      rows: qr.height + 2,
    });
    const frame = await ui.waitFor('The QR code needs');
    expect(frame).toContain('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(frame).not.toContain('█');
    expect(decodeQrOnScreen(frame)).toBeUndefined();
  });

  it('after AWS refused a pair, says so over the same QR code and asks for a new pair', async () => {
    const onCodes = vi.fn();
    const refused = {
      ...enrolment,
      refused: { message: 'AWS refused these codes (Authentication code for device is not valid.)', attempt: 1 },
    };
    const ui = mount(<MfaEnrolment enrolment={refused} onCodes={onCodes} room={{ columns: 80, rows: 40 }} nowSeconds={() => now} />, {
      columns: 80,
      rows: 40,
    });
    const frame = await ui.waitFor('First code');
    expect(frame).toContain('AWS refused these codes');
    expect(decodeQrOnScreen(frame)).toBe(qrOtpauthUri(secret, 'CTO', 'acme-prod'));
    await ui.type(`${codeAt(-1)} ${codeAt(0)}\r`);
    await vi.waitFor(() => expect(onCodes).toHaveBeenCalledWith([codeAt(-1), codeAt(0)]));
  });

  it('takes both codes pasted into the first field, with or without a space', async () => {
    for (const paste of [`${codeAt(-1)} ${codeAt(0)}`, `${codeAt(-1)}${codeAt(0)}`]) {
      const onCodes = vi.fn();
      const ui = mount(<MfaEnrolment enrolment={enrolment} onCodes={onCodes} room={room80x24} nowSeconds={() => now} />);
      await ui.waitFor('First code');
      // A paste that ends in Enter arrives as one chunk.
      await ui.type(`${paste}\r`);
      await vi.waitFor(() => expect(onCodes).toHaveBeenCalledWith([codeAt(-1), codeAt(0)]));
    }
  });

  it('rejects mistyped, repeated and non-consecutive codes locally, then returns a good pair', async () => {
    const onCodes = vi.fn();
    const ui = mount(<MfaEnrolment enrolment={enrolment} onCodes={onCodes} room={room80x24} nowSeconds={() => now} />, { rows: 50 });
    await ui.waitFor('First code');
    await ui.type('12345');
    await ui.press('enter');
    await ui.waitFor('the first code must be exactly 6 digits (got "12345")');

    await ui.type(codeAt(-1));
    await ui.press('enter');
    await ui.waitFor('second code');
    await ui.type(codeAt(-1));
    await ui.press('enter');
    await ui.waitFor('the two codes are the same');

    await ui.type(codeAt(-3));
    await ui.press('enter');
    await ui.waitFor('second code');
    await ui.type(codeAt(0));
    await ui.press('enter');
    await ui.waitFor('not consecutive');
    expect(onCodes).not.toHaveBeenCalled();

    await ui.type(codeAt(-1));
    await ui.press('enter');
    await ui.waitFor('second code');
    await ui.type(codeAt(0));
    await ui.press('enter');
    await vi.waitFor(() => expect(onCodes).toHaveBeenCalledWith([codeAt(-1), codeAt(0)]));
  });

  it('tells the person to delete the entry of a device it replaces, by the name the app shows', async () => {
    const ui = mount(
      <MfaEnrolment
        enrolment={{ ...enrolment, replacesUnfinished: true }}
        onCodes={vi.fn()}
        room={room80x24}
        heading="Step 5/11: MFA for the administrator"
      />,
      { columns: 80, rows: 24 },
    );
    const frame = await ui.waitFor('First code');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(frame.replace(/\s+/g, ' ')).toContain('delete its entry "acme-prod (CTO)" from your app');
    expect(decodeQrOnScreen(frame)).toBe(qrOtpauthUri(secret, 'CTO', 'acme-prod'));
  });
});

describe('console-only steps and the end', () => {
  const pending = {
    reason: 'the root user has no MFA',
    howTo: 'Sign in as the root user and assign an MFA device',
    link: 'https://console.aws.amazon.com/iam/home#/security_credentials',
  };

  it('links the console page with OSC 8 where the terminal supports it, plain otherwise', async () => {
    const linked = mount(<ManualStepGuide pending={pending} lastCheck="not yet" hyperlinks onAnswer={vi.fn()} />);
    await linked.waitFor('Open: https://console.aws.amazon.com/iam/home#/security_credentials');
    expect(linked.rawFrame()).toContain(`\u001b]8;;${pending.link}\u0007${pending.link}\u001b]8;;\u0007`);

    const onAnswer = vi.fn();
    const plain = mount(<ManualStepGuide pending={pending} lastCheck={undefined} hyperlinks={false} onAnswer={onAnswer} />);
    await plain.waitFor('Later: record it as still to do');
    expect(plain.rawFrame()).not.toContain('\u001b]8;;');
    await plain.press('enter');
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith('later'));
  });

  it('shows the sign-in card with the one-time password, and without it once acknowledged', async () => {
    const summary: RunSummary = {
      accountId: '111122223333',
      signInUrl: 'https://acme-prod.signin.aws.amazon.com/console',
      exitCode: 3,
      changedSteps: 5,
      steps: [],
      pending: [{ id: 'root-mfa', ...pending }],
      users: [{ userName: 'CTO', password: 'Xy7!one-time-Pass' }],
    };
    const shown = mount(<SignInCard summary={summary} showPasswords statePath="/state/111122223333.json" />);
    const frame = await shown.waitFor('Sign-in URL  https://acme-prod.signin.aws.amazon.com/console');
    expect(frame).toContain('User name    CTO');
    expect(frame).toContain('Xy7!one-time-Pass');
    expect(frame).toContain('root-mfa: the root user has no MFA.');
    const hidden = mount(<SignInCard summary={summary} showPasswords={false} statePath="/state/111122223333.json" />);
    expect(await hidden.waitFor('was shown once')).not.toContain('Xy7!one-time-Pass');
  });
});

describe('the card after a run that retired its own credentials', () => {
  it('does not say to run the tool again once the root access keys of the run are deleted', async () => {
    const pending = { reason: 'the root user has no MFA', howTo: 'Sign in as the root user and assign an MFA device' };
    const summary = (status: StepResultStatus): RunSummary => ({
      accountId: '111122223333',
      signInUrl: 'https://acme-prod.signin.aws.amazon.com/console',
      exitCode: 3,
      changedSteps: 5,
      steps: [{ id: 'root-access-keys', status, summary: '' }],
      pending: [{ id: 'root-mfa', ...pending }],
      users: [],
    });
    const deleted = mount(<SignInCard summary={summary('done')} showPasswords={false} statePath="/state/111122223333.json" />);
    const frame = await deleted.waitFor('Still to do by hand');
    expect(frame).not.toContain('Run npx aws-day-one again');
    expect(frame).toContain("This run's credentials no longer work");
    const kept = mount(<SignInCard summary={summary('skipped')} showPasswords={false} statePath="/state/111122223333.json" />);
    expect(await kept.waitFor('Still to do by hand')).toContain('Run npx aws-day-one again afterwards');
  });
});

describe('the wizard app driven through the Operator port', () => {
  it('asks, shows the plan, confirms, prints finished steps once and the open ones below', async () => {
    const store = createWizardStore([
      { id: 'account-alias', title: 'Account alias' },
      { id: 'password-policy', title: 'Password policy' },
    ]);
    const onInterrupt = vi.fn();
    const ui = mount(<WizardApp store={store} hyperlinks={false} onInterrupt={onInterrupt} />);
    const operator = new InkOperator(store);

    store.onEvent({ type: 'step-start', id: 'account-alias', title: 'Account alias', why: 'A readable sign-in URL.' });
    const asked = operator.ask({ key: 'account.alias', kind: 'text', message: 'Account alias' }, '');
    let frame = await ui.waitFor('Step 1/2: Account alias');
    expect(frame).toContain('A readable sign-in URL.');
    expect(frame).toContain('· 2/2 Password policy (waiting)');
    await ui.type('acme-prod');
    await ui.press('enter');
    expect(await asked).toBe('acme-prod');

    store.onEvent({ type: 'step-plan', id: 'account-alias', changes: [{ kind: 'create', target: 'account alias', detail: 'acme-prod' }] });
    const confirmed = operator.confirm('Account alias', {
      changes: [{ kind: 'create', target: 'account alias', detail: 'acme-prod' }],
      data: null,
    });
    await ui.waitFor('Make these changes?');
    await ui.type('y');
    expect(await confirmed).toBe(true);
    await ui.waitFor('Applying: Account alias...');

    store.onEvent({ type: 'step-done', id: 'account-alias', summary: 'acme-prod' });
    frame = await ui.waitFor('✔ 1/2 Account alias [done]: acme-prod');
    expect(frame.match(/Account alias \[done\]/g)).toHaveLength(1);
    expect(frame).not.toContain('Step 1/2');

    await ui.press('ctrl-c');
    expect(onInterrupt).toHaveBeenCalledTimes(1);
    // Pressed twice quickly, both presses can arrive in one read: still an interrupt.
    await ui.type('\u0003\u0003');
    expect(onInterrupt).toHaveBeenCalledTimes(2);
  });

  it('answers the questions of steps finished before a resume from the saved answers', async () => {
    const store = createWizardStore([{ id: 'admin-user', title: 'First administrator' }]);
    const operator = new InkOperator(store, { answeredSteps: new Set(['admin-user']) });
    store.onEvent({ type: 'step-start', id: 'admin-user', title: 'First administrator', why: '' });
    await expect(operator.ask({ key: 'admin.name', kind: 'text', message: 'User name' }, 'Ops')).resolves.toBe('Ops');
    expect(store.getState().prompt).toBeUndefined();
  });

  it('does not ask when the administrator should set up MFA once they have it (a start over asks every question)', () => {
    const ctx = { answers: startingAnswers() } as unknown as Parameters<NonNullable<typeof adminMfa.questions>>[1];
    expect(adminMfa.questions?.({ assigned: ['arn:aws:iam::111122223333:mfa/phone'], orphans: [] }, ctx)).toEqual([]);
    expect(adminMfa.questions?.({ assigned: [], orphans: [] }, ctx).map((q) => q.key)).toEqual(['admin.mfa']);
  });

  it('asks again with the reason when a step refused the answer, even on a resume', async () => {
    const store = createWizardStore([{ id: 'account-alias', title: 'Account alias' }]);
    const ui = mount(<WizardApp store={store} hyperlinks={false} onInterrupt={vi.fn()} />);
    const operator = new InkOperator(store, { answeredSteps: new Set(['account-alias']) });
    store.onEvent({ type: 'step-start', id: 'account-alias', title: 'Account alias', why: '' });
    const asked = operator.ask(
      { key: 'account.alias', kind: 'text', message: 'Account alias' },
      'taken-co',
      'taken-co is taken by another AWS account; choose another alias',
    );
    const frame = await ui.waitFor('✘ taken-co is taken by another AWS account');
    expect(frame).toContain('Account alias: taken-co');
    for (let i = 0; i < 'taken-co'.length; i++) await ui.press('backspace');
    await ui.type('free-co');
    await ui.press('enter');
    expect(await asked).toBe('free-co');
  });

  it('polls a manual step until the account shows it done', async () => {
    const store = createWizardStore([{ id: 'root-mfa', title: 'MFA for the root user' }]);
    const operator = new InkOperator(store, { pollMs: 5 });
    store.onEvent({ type: 'step-start', id: 'root-mfa', title: 'MFA for the root user', why: '' });
    let checks = 0;
    const outcome = await operator.awaitManual({ reason: 'no MFA', howTo: 'assign one' }, async () => ++checks >= 3);
    expect(outcome).toBe('done');
    expect(checks).toBe(3);
    expect(store.getState().prompt).toBeUndefined();
  });
});
