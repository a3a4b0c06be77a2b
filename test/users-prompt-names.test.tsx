import { describe, expect, it, vi } from 'vitest';
import { startingAnswers } from '../src/answers/answers.js';
import type { InspectContext, Question } from '../src/contracts/step.js';
import { UsersPrompt } from '../src/ui/users-prompt.js';
import { teamUsers } from '../src/steps/team-users.js';
import { renderUi } from './support/ink-ui.js';

/** The "add a user" question as team-users asks it, with CTO as the first administrator. */
function usersQuestion(): Question {
  const ctx = { answers: startingAnswers() } as unknown as InspectContext;
  const inspection = {
    users: new Map(),
    unassignedMfa: [],
    otherUsers: [],
    userNames: [],
    passwordPolicy: undefined,
    callerMfa: undefined,
  };
  return teamUsers.questions!(inspection, ctx).find((q) => q.key === 'users')!;
}

describe('the wizard\'s "add a user" loop: IAM user names ignore case', () => {
  it('refuses the first administrator in any case, and a name already in the list in another case', async () => {
    const question = usersQuestion();
    const onSubmit = vi.fn();
    const ui = renderUi(
      <UsersPrompt
        message={question.message}
        groups={['Administrators']}
        current={[]}
        problem={undefined}
        validateName={question.validate}
        onSubmit={onSubmit}
      />,
    );
    try {
      await ui.type('y');
      await ui.waitFor('User name:');
      for (const name of ['CTO', 'cto']) {
        await ui.type(name);
        await ui.press('enter');
        await ui.waitFor(`${name} is the first administrator (CTO; IAM user names ignore case)`);
        for (let i = 0; i < name.length; i++) await ui.press('backspace');
      }
      await ui.type('dana');
      await ui.press('enter');
      await ui.waitFor('Groups of dana');
      await ui.press('space');
      await ui.press('enter');
      await ui.waitFor('When should dana set up MFA?');
      await ui.press('enter');
      await ui.waitFor('Add another user?');
      await ui.type('y');
      await ui.waitFor('User name:');
      await ui.type('DANA');
      await ui.press('enter');
      await ui.waitFor('DANA is already in the list (IAM user names ignore case)');
      expect(onSubmit).not.toHaveBeenCalled();
    } finally {
      ui.unmount();
    }
  });
});
