import { describe, expect, it } from 'vitest';
import { callerKind, describeCaller, parseCaller } from '../src/aws/caller.js';
import { StartScreen } from '../src/ui/start-screen.js';
import { renderUi } from './support/ink-ui.js';

const account = '111122223333';

describe("the caller's kind, in words ([info] line and the wizard's start screen)", () => {
  it.each([
    [`arn:aws:iam::${account}:root`, {}, 'the root user, long-term access keys'],
    [`arn:aws:iam::${account}:root`, { temporary: true }, 'the root user, temporary credentials'],
    [
      `arn:aws:iam::${account}:root`,
      { temporary: true, rootTask: true },
      'an sts:AssumeRoot task session: the root user, limited to its task policy',
    ],
    [
      `arn:aws:iam::${account}:root`,
      { temporary: true, rootTask: true, rootTaskPolicy: 'IAMDeleteRootUserCredentials' as const },
      'an sts:AssumeRoot task session: the root user, limited to task policy IAMDeleteRootUserCredentials',
    ],
    [`arn:aws:iam::${account}:user/alice`, {}, 'IAM user alice, access keys without MFA'],
    [`arn:aws:iam::${account}:user/alice`, { temporary: true }, 'IAM user alice, temporary credentials without MFA'],
    [`arn:aws:iam::${account}:user/alice`, { temporary: true, mfaSession: true }, 'IAM user alice, with an MFA session'],
    [`arn:aws:sts::${account}:assumed-role/DayOneAdmin/alice`, { temporary: true }, 'assumed role DayOneAdmin'],
    [
      `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/alice@example.com`,
      { temporary: true },
      'an IAM Identity Center role, permission set AdministratorAccess',
    ],
    [`arn:aws:sts::${account}:federated-user/bob`, { temporary: true }, 'a federated principal'],
  ])('%s %j: %s', (arn, credentials, words) => {
    const caller = parseCaller(account, arn, credentials);
    expect(callerKind(caller)).toBe(words);
    expect(describeCaller(caller)).toBe(`${arn} (${words}) in account ${account}`);
  });

  it('the start screen names an sts:AssumeRoot task session and its task policy', async () => {
    const caller = parseCaller(account, `arn:aws:iam::${account}:root`, {
      temporary: true,
      rootTask: true,
      rootTaskPolicy: 'IAMAuditRootUserCredentials',
    });
    const ui = renderUi(<StartScreen caller={caller} alias={undefined} resume={undefined} checklist={undefined} onChoice={() => {}} />);
    try {
      const frame = await ui.waitFor('As ');
      expect(frame.replace(/\s+/g, ' ')).toContain(
        'As an sts:AssumeRoot task session: the root user, limited to task policy IAMAuditRootUserCredentials: ' +
          'root access keys can be listed in this run, not deleted; every other step is not possible with these credentials',
      );
      expect(frame).toContain('Account   111122223333 (its alias cannot be read with these credentials)');
    } finally {
      ui.unmount();
    }
  });

  it('the start screen names the kind', async () => {
    const caller = parseCaller(
      account,
      `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/alice@example.com`,
      { temporary: true },
    );
    const ui = renderUi(<StartScreen caller={caller} alias={undefined} resume={undefined} checklist={undefined} onChoice={() => {}} />);
    try {
      const frame = await ui.waitFor('As ');
      expect(frame).toMatch(/As +an IAM Identity Center role, permission set AdministratorAccess/);
    } finally {
      ui.unmount();
    }
  });
});
