import { Box, Text } from 'ink';
import type { RunSummary } from '../engine/run-summary.js';
import { Fixed, Shrinkable } from './live-region.js';

// Spaces that align a column or indent a line are written as strings ({'  '}): the formatter
// collapses a run of spaces in JSX text into one, and Ink prints text as it is.

export interface SignInCardProps {
  readonly summary: RunSummary;
  /** False once the operator has acknowledged it: the password leaves the screen. */
  readonly showPasswords: boolean;
  readonly statePath: string;
}

/** After these steps this run's credentials no longer work: running the tool again needs others. */
function credentialsRetired(summary: RunSummary): boolean {
  return summary.steps.some((step) => (step.id === 'root-access-keys' || step.id === 'caller-group-mfa') && step.status === 'done');
}

/**
 * The end of a run: where and as whom to sign in, the one-time password, and what is left to do.
 * On the live screen of a short terminal the to-do part gives up lines (each step's line above
 * already says it); the passwords never do.
 */
export function SignInCard({ summary, showPasswords, statePath }: SignInCardProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Fixed>
        <Text bold>
          {summary.error ? 'Stopped by an error' : 'Day 1 done'}
          {summary.pending.length > 0 ? ', except what only a person can do' : ''}
        </Text>
        {summary.error ? <Text color="red">✘ {summary.error}</Text> : null}
        <Text> </Text>
        <Text>
          {'Sign-in URL  '}
          {summary.signInUrl}
        </Text>
        {summary.users.map((user) => (
          <Box key={user.userName} flexDirection="column">
            <Text>
              {'User name    '}
              {user.userName}
            </Text>
            {user.password ? (
              <Text>
                {'Password     '}
                {showPasswords ? <Text bold>{user.password}</Text> : '(was shown once; no longer on screen)'}
                <Text dimColor>{'  one-time: a new one is set at first sign-in'}</Text>
              </Text>
            ) : null}
            {user.passwordShown ? (
              <Text>{'Password     (shown earlier in this run, when it was set; a new one is set at first sign-in)'}</Text>
            ) : null}
            {user.passwordFile ? (
              <Text>
                {'Password     in '}
                {user.passwordFile} (mode 0600; a new one is set at first sign-in)
              </Text>
            ) : null}
          </Box>
        ))}
        {summary.users.length === 0 && !summary.error ? (
          <Text dimColor>No new password in this run: users sign in with the one they have.</Text>
        ) : null}
      </Fixed>
      <Shrinkable>
        {summary.pending.length > 0 ? (
          <Box flexDirection="column" marginTop={1}>
            <Text bold color="yellow">
              Still to do by hand:
            </Text>
            {summary.pending.map((item) => (
              <Box key={item.id} flexDirection="column">
                <Text>
                  ! {item.id}: {item.reason}.
                </Text>
                <Box marginLeft={2}>
                  <Text>{item.howTo}</Text>
                </Box>
              </Box>
            ))}
            <Text dimColor>
              {credentialsRetired(summary)
                ? "This run's credentials no longer work (deleted, or now needing MFA): " +
                  'check afterwards with aws-day-one status and other credentials.'
                : 'Run npx aws-day-one again afterwards: it checks and finishes.'}
            </Text>
          </Box>
        ) : null}
        <Text dimColor>Progress saved in {statePath}</Text>
      </Shrinkable>
    </Box>
  );
}
