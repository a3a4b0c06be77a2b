import { ConfirmInput } from '@inkjs/ui';
import { Box, Text } from 'ink';

export interface ConfirmPromptProps {
  readonly message: string;
  readonly onAnswer: (yes: boolean) => void;
}

/** A yes/no question; Enter means yes. */
export function ConfirmPrompt({ message, onAnswer }: ConfirmPromptProps) {
  return (
    <Box>
      <Text bold>{message} </Text>
      <ConfirmInput onConfirm={() => onAnswer(true)} onCancel={() => onAnswer(false)} />
    </Box>
  );
}
