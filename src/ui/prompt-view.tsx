import type { PromptRequest } from '../interactive/wizard-store.js';
import { ConfirmPrompt } from './confirm-prompt.js';
import { ManualStepGuide } from './manual-step-guide.js';
import { PasswordHandover } from './password-handover.js';
import { RootKeysPrompt } from './root-keys-prompt.js';
import { SelectPrompt } from './select-prompt.js';
import { TeamsPrompt } from './teams-prompt.js';
import { TextPrompt } from './text-prompt.js';
import { UsersPrompt } from './users-prompt.js';

/** The open question of the current step, whichever kind it is. */
export function PromptView({ prompt, hyperlinks }: { readonly prompt: PromptRequest; readonly hyperlinks: boolean }) {
  switch (prompt.kind) {
    case 'text':
      return (
        <TextPrompt
          message={prompt.question.message}
          defaultValue={prompt.defaultValue}
          validate={prompt.question.validate}
          problem={prompt.problem}
          onSubmit={prompt.answer}
        />
      );
    case 'select':
      return (
        <SelectPrompt
          message={prompt.question.message}
          choices={prompt.question.choices ?? []}
          defaultValue={prompt.defaultValue}
          problem={prompt.problem}
          onSubmit={prompt.answer}
        />
      );
    case 'teams':
      return <TeamsPrompt message={prompt.question.message} current={prompt.current} problem={prompt.problem} onSubmit={prompt.answer} />;
    case 'users':
      return (
        <UsersPrompt
          message={prompt.question.message}
          groups={(prompt.question.choices ?? []).map((c) => c.value)}
          current={prompt.current}
          problem={prompt.problem}
          validateName={prompt.question.validate}
          onSubmit={prompt.answer}
        />
      );
    case 'yes-no':
      // Enter takes the default: No where yes could lock someone out (admin.signInConfirmed).
      return <ConfirmPrompt message={prompt.question.message} enterMeans={prompt.defaultValue ? 'yes' : 'no'} onAnswer={prompt.answer} />;
    case 'password':
      return <PasswordHandover card={prompt.card} onAcknowledged={prompt.answer} />;
    case 'confirm':
      return <ConfirmPrompt message="Make these changes?" onAnswer={prompt.answer} />;
    case 'typed-confirmation':
      return <RootKeysPrompt confirmation={prompt.confirmation} onAnswer={prompt.answer} />;
    case 'manual':
      return <ManualStepGuide pending={prompt.pending} lastCheck={prompt.lastCheck} hyperlinks={hyperlinks} onAnswer={prompt.answer} />;
    case 'start':
    case 'card':
    case 'mfa':
      // Whole-screen prompts: the app (or, for the QR code, the step screen) renders them.
      return null;
  }
}
