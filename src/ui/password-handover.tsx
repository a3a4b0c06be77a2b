import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { PasswordCard } from '../contracts/operator.js';

export interface PasswordHandoverProps {
  readonly card: PasswordCard;
  readonly onAcknowledged: () => void;
  /** How long the card stays before Enter takes it away (see below). */
  readonly enterAfterMs?: number;
}

/**
 * Long enough to outlast a double press of Enter on the confirmation before the card (a person's
 * double press is well under this), short enough that nobody waits for it.
 */
export const passwordEnterDelayMs = 500;

/**
 * A new user's sign-in card, shown as soon as the password is set: before any step that needs this
 * user to sign in. Enter takes it off the screen; only then does it count as delivered. An Enter
 * typed ahead (the second of a double press on "Make these changes?") must not take a password away
 * unread, so Enter counts only once the card has been on screen for enterAfterMs, and the card asks
 * for it only from then on.
 */
export function PasswordHandover({ card, onAcknowledged, enterAfterMs = passwordEnterDelayMs }: PasswordHandoverProps) {
  const [enterCounts, setEnterCounts] = useState(enterAfterMs <= 0);
  useEffect(() => {
    if (enterCounts) return;
    const timer = setTimeout(() => setEnterCounts(true), enterAfterMs);
    return () => clearTimeout(timer);
  }, [enterAfterMs, enterCounts]);
  useInput((_input, key) => {
    if (key.return && enterCounts) onAcknowledged();
  });
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" paddingX={1}>
        <Text>{`Sign-in URL  ${card.signInUrl}`}</Text>
        <Text>{`User name    ${card.userName}`}</Text>
        <Text>
          {'Password     '}
          <Text bold>{card.password}</Text>
          <Text dimColor>{'  (changed at first sign-in)'}</Text>
        </Text>
      </Box>
      <Text bold>Give this to {card.userName} or write it down: it is shown only now.</Text>
      <Text bold>{enterCounts ? 'Press Enter once you have it.' : ' '}</Text>
    </Box>
  );
}
