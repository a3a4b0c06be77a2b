import { CreateAccountAliasCommand, DeleteAccountAliasCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { isAwsError } from '../aws/errors.js';
import { signInUrl } from '../aws/caller.js';
import { BadInputError, VerifyError } from '../lib/errors.js';
import { defineStep, type Change } from '../contracts/step.js';

interface Inspection {
  readonly current: string | undefined;
}

interface Data {
  readonly alias: string;
  readonly replace: string | undefined;
}

export const aliasPattern = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/** The same rule as the answers schema, for values typed at a prompt. */
export function validateAlias(alias: string): string | undefined {
  if (alias.length < 3 || alias.length > 63) return `must be 3-63 characters (got ${alias.length})`;
  if (!aliasPattern.test(alias)) {
    return 'must be lowercase letters, digits and single hyphens, starting and ending with a letter or digit (e.g. acme-prod)';
  }
  return undefined;
}

export const accountAlias = defineStep<Inspection, Data>({
  id: 'account-alias',
  title: 'Account alias',
  why: 'A readable sign-in URL (https://ALIAS.signin.aws.amazon.com/console) instead of the 12-digit account ID, so people find the right account.',
  // Aliases are unique across AWS and only CreateAccountAlias tells whether one is free.
  answerCheckedByAws: true,

  questions: (inspection) => [
    {
      key: 'account.alias',
      kind: 'text',
      message: inspection.current ? `Account alias (now ${inspection.current})` : 'Account alias',
      validate: validateAlias,
    },
  ],

  async inspect({ iam }) {
    const out = await iam.send(new ListAccountAliasesCommand({}));
    return { current: out.AccountAliases?.[0] };
  },

  plan({ current }, { answers, caller }) {
    const alias = answers.account.alias;
    if (alias === '') {
      // No answers file: the wizard asks for the alias when the step runs.
      if (current)
        return { changes: [], upToDate: `already ${current}`, facts: { alias: current }, data: { alias: current, replace: undefined } };
      return {
        changes: [{ kind: 'create', target: 'account alias', detail: 'chosen when the wizard asks' }],
        data: { alias, replace: undefined },
      };
    }
    const url = signInUrl(caller.partition, alias);
    if (current === alias)
      return { changes: [], upToDate: `already ${alias} (${url})`, facts: { alias }, data: { alias, replace: undefined } };
    if (current && !answers.account.replaceAlias) {
      return {
        changes: [],
        upToDate: `kept the existing alias ${current}; set account.replaceAlias: true to replace it with ${alias}`,
        notes: [`the account already has the alias ${current}, not ${alias}`],
        facts: { alias: current },
        data: { alias: current, replace: undefined },
      };
    }
    const changes: Change[] = current
      ? [
          {
            kind: 'update',
            target: 'account alias',
            diff: [{ field: 'alias', before: current, after: alias }],
            detail: `sign-in URL becomes ${url}`,
          },
        ]
      : [{ kind: 'create', target: 'account alias', detail: `${alias} (sign-in URL ${url})` }];
    return { changes, facts: { alias }, data: { alias, replace: current } };
  },

  async apply({ data }, { iam, caller, announceReady }) {
    try {
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: data.alias }));
    } catch (error) {
      // Aliases are unique across all of AWS: someone else's is bad input, not a failure of ours.
      if (!isAwsError(error, 'EntityAlreadyExists')) throw error;
      // Ours already: a retried request whose first answer was lost.
      const now = await iam.send(new ListAccountAliasesCommand({}));
      if (!now.AccountAliases?.includes(data.alias)) {
        throw new BadInputError('account.alias', `${data.alias} is taken by another AWS account; choose another alias`);
      }
    }
    announceReady();
    // An account has at most one alias; CreateAccountAlias replaces it in AWS, but delete the old one if it lingers.
    if (data.replace) {
      const after = await iam.send(new ListAccountAliasesCommand({}));
      if (after.AccountAliases?.includes(data.replace)) await iam.send(new DeleteAccountAliasCommand({ AccountAlias: data.replace }));
    }
    return { summary: `${data.alias} (${signInUrl(caller.partition, data.alias)})` };
  },

  async verify({ data }, { iam }) {
    const out = await iam.send(new ListAccountAliasesCommand({}));
    if (out.AccountAliases?.[0] !== data.alias) {
      throw new VerifyError(`account alias is ${out.AccountAliases?.[0] ?? 'unset'}, expected ${data.alias}`);
    }
  },
});
