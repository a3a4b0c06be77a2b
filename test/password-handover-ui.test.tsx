import { describe, expect, it } from 'vitest';
import type { PromptRequest } from '../src/interactive/wizard-store.js';
import type { Question } from '../src/contracts/step.js';
import { PasswordHandover } from '../src/ui/password-handover.js';
import { PromptView } from '../src/ui/prompt-view.js';
import { renderUi } from './support/ink-ui.js';

describe("the wizard's prompts around a new user's password", () => {
  it('hands the password over on its own card; Enter acknowledges it', async () => {
    let acknowledged = 0;
    const prompt: PromptRequest = {
      kind: 'password',
      card: { userName: 'CTO', password: 'Xy7!one-time-Pass', signInUrl: 'https://acme.signin.aws.amazon.com/console' },
      answer: () => void acknowledged++,
    };
    const ui = renderUi(<PromptView prompt={prompt} hyperlinks={false} />);
    const frame = await ui.waitFor('Press Enter once you have it');
    expect(frame).toMatch(/Sign-in URL\s+https:\/\/acme\.signin\.aws\.amazon\.com\/console/);
    expect(frame).toMatch(/User name\s+CTO/);
    expect(frame).toMatch(/Password\s+Xy7!one-time-Pass/);
    // The labels line up in one column (a formatter once collapsed the padding in the JSX text).
    expect(frame).toContain('Sign-in URL  https://acme.signin.aws.amazon.com/console');
    expect(frame).toContain('User name    CTO');
    expect(frame).toContain('Password     Xy7!one-time-Pass  (changed at first sign-in)');
    await ui.type('x');
    expect(acknowledged).toBe(0);
    await ui.press('enter');
    expect(acknowledged).toBe(1);
    ui.unmount();
  });

  it('ignores an Enter typed before the card could be read (a double press on "Make these changes?")', async () => {
    let acknowledged = 0;
    const card = { userName: 'CTO', password: 'Xy7!one-time-Pass', signInUrl: 'https://acme.signin.aws.amazon.com/console' };
    const ui = renderUi(<PasswordHandover card={card} enterAfterMs={1500} onAcknowledged={() => void acknowledged++} />);
    const first = await ui.waitFor('Give this to CTO');
    expect(first).toMatch(/Password\s+Xy7!one-time-Pass/);
    // Until Enter counts, the card does not ask for it.
    expect(first).not.toContain('Press Enter once you have it');
    await ui.press('enter');
    expect(acknowledged).toBe(0);
    await ui.waitFor('Press Enter once you have it');
    await ui.press('enter');
    expect(acknowledged).toBe(1);
    ui.unmount();
  });

  it('"Has CTO signed in?" takes No on Enter (its default), so a stray Enter never deletes root keys', async () => {
    const answers: boolean[] = [];
    const question: Question = { key: 'admin.signInConfirmed', kind: 'confirm', message: 'Has CTO signed in and changed the password?' };
    const ui = renderUi(
      <PromptView prompt={{ kind: 'yes-no', question, defaultValue: false, answer: (value) => answers.push(value) }} hyperlinks={false} />,
    );
    await ui.waitFor('Has CTO signed in');
    await ui.press('enter');
    expect(answers).toEqual([false]);
    ui.unmount();
  });
});
