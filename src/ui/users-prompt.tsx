import { MultiSelect } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { type ReactNode, useState } from 'react';
import type { UserAnswers } from '../answers/answers.js';
import { validateUserName } from '../iam/name-rules.js';
import { ConfirmPrompt } from './confirm-prompt.js';
import { SelectPrompt } from './select-prompt.js';
import { TextPrompt } from './text-prompt.js';

export interface UsersPromptProps {
  readonly message: string;
  /** The groups a user may join: the administrators group and the teams. */
  readonly groups: readonly string[];
  readonly current: readonly UserAnswers[];
  readonly problem: string | undefined;
  /** The step's own check of a name (e.g. not the first administrator's); a message refuses it. */
  readonly validateName?: ((name: string) => string | undefined) | undefined;
  readonly onSubmit: (users: UserAnswers[]) => void;
}

type Phase =
  | { readonly at: 'more' }
  | { readonly at: 'name' }
  | { readonly at: 'groups'; readonly name: string }
  | { readonly at: 'mfa'; readonly name: string; readonly groups: string[] };

const mfaChoices = [
  { value: 'qr', label: 'Now: scan a QR code with an authenticator app' },
  { value: 'at-first-sign-in', label: 'At first sign-in' },
];

/** "Add a user" until the operator says no: name, groups, and when MFA is set up. */
export function UsersPrompt({ message, groups, current, problem, validateName, onSubmit }: UsersPromptProps) {
  const [users, setUsers] = useState<readonly UserAnswers[]>(current);
  const [phase, setPhase] = useState<Phase>({ at: 'more' });
  const [groupError, setGroupError] = useState<string | undefined>(undefined);
  const added = users.length > 0 ? <Text dimColor>Added: {users.map((u) => `${u.name} (${u.groups.join(', ')})`).join('; ')}</Text> : null;

  let body: ReactNode;
  if (phase.at === 'more') {
    body = (
      <ConfirmPrompt
        message={users.length > 0 ? 'Add another user?' : 'Add a user?'}
        enterMeans="no"
        onAnswer={(yes) => (yes ? setPhase({ at: 'name' }) : onSubmit([...users]))}
      />
    );
  } else if (phase.at === 'name') {
    body = (
      <TextPrompt
        message="User name"
        defaultValue=""
        validate={(name) =>
          validateUserName(name) ??
          validateName?.(name) ??
          // IAM user names ignore case: `cto` beside `CTO` would be one user.
          (users.some((u) => u.name.toLowerCase() === name.toLowerCase())
            ? `${name} is already in the list (IAM user names ignore case)`
            : undefined)
        }
        onSubmit={(name) => setPhase({ at: 'groups', name })}
      />
    );
  } else if (phase.at === 'groups') {
    body = (
      <Box flexDirection="column">
        <Text bold>Groups of {phase.name} (Space toggles, Enter goes on)</Text>
        {groupError ? <Text color="red">✘ {groupError}</Text> : null}
        <MultiSelect
          options={groups.map((group) => ({ value: group, label: group }))}
          onSubmit={(picked) => {
            if (picked.length === 0) {
              setGroupError('pick at least one group: users get permissions only through groups');
              return;
            }
            setGroupError(undefined);
            setPhase({ at: 'mfa', name: phase.name, groups: picked });
          }}
        />
      </Box>
    );
  } else {
    body = (
      <SelectPrompt
        message={`When should ${phase.name} set up MFA?`}
        choices={mfaChoices}
        defaultValue="at-first-sign-in"
        onSubmit={(mfa) => {
          setUsers([...users, { name: phase.name, groups: phase.groups, mfa: mfa === 'qr' ? 'qr' : 'at-first-sign-in' }]);
          setPhase({ at: 'more' });
        }}
      />
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold>{message}</Text>
      {problem ? <Text color="red">✘ {problem}</Text> : null}
      {added}
      <Box key={`${phase.at}-${users.length}`}>{body}</Box>
    </Box>
  );
}
