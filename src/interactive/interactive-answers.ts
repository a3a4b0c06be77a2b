import { startingAnswers, type Answers } from '../answers/answers.js';
import type { Caller } from '../aws/caller.js';

/**
 * The answers an interactive run starts from; the questions fill them in. The alias is suggested
 * from the account's current one; a new alias typed at the prompt replaces it after the plan is
 * confirmed, so replaceAlias is on. Root keys are offered for deletion only to the root user, who
 * still has to type `delete`.
 */
export function interactiveAnswers(caller: Caller, currentAlias: string | undefined, saved?: Answers): Answers {
  const base = startingAnswers();
  const answers: Answers = {
    ...base,
    // The security contact starts empty: the person types it when the step asks.
    account: {
      alias: currentAlias ?? '',
      replaceAlias: true,
      ...(base.account.securityContact ? { securityContact: base.account.securityContact } : {}),
    },
    admin: { ...base.admin, mfa: 'qr' },
    rootAccessKeys: caller.kind === 'root' ? 'delete' : 'keep',
  };
  if (!saved) return answers;
  return {
    ...answers,
    account: {
      ...answers.account,
      alias: saved.account.alias || answers.account.alias,
      ...(saved.account.securityContact ? { securityContact: saved.account.securityContact } : {}),
    },
    adminGroup: { ...answers.adminGroup, ...saved.adminGroup },
    admin: { ...answers.admin, name: saved.admin.name, mfa: saved.admin.mfa === 'seed-file' ? 'qr' : saved.admin.mfa },
    passwordPolicy: { ...saved.passwordPolicy },
    teams: saved.teams ?? [],
    users: saved.users ?? [],
  };
}
