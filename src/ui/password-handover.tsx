import { Box, Text, useInput } from 'ink';
import type { PasswordCard } from '../contracts/operator.js';

// Spaces that align a column or indent a line are written as strings ({'  '}): the formatter
// collapses a run of spaces in JSX text into one, and Ink prints text as it is.

export interface PasswordHandoverProps {
  readonly card: PasswordCard;
  readonly onAcknowledged: () => void;
}

/**
 * A new user's sign-in card, shown as soon as the password is set: before any step that needs this
 * user to sign in. Enter takes it off the screen; only then does it count as delivered.
 */
export function PasswordHandover({ card, onAcknowledged }: PasswordHandoverProps) {
  useInput((_input, key) => {
    if (key.return) onAcknowledged();
  });
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" paddingX={1}>
        <Text>
          {'Sign-in URL  '}
          {card.signInUrl}
        </Text>
        <Text>
          {'User name    '}
          {card.userName}
        </Text>
        <Text>
          {'Password     '}
          <Text bold>{card.password}</Text>
          <Text dimColor>{'  (changed at first sign-in)'}</Text>
        </Text>
      </Box>
      <Text bold>Give this to {card.userName} or write it down: it is shown only now.</Text>
      <Text bold>Press Enter once you have it.</Text>
    </Box>
  );
}
