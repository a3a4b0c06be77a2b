import { ConfirmInput } from '@inkjs/ui';
import { Box, Text } from 'ink';

export interface ConfirmPromptProps {
  readonly message: string;
  readonly onAnswer: (yes: boolean) => void;
  /** What Enter means; yes unless said otherwise. */
  readonly enterMeans?: 'yes' | 'no';
}

/** A yes/no question; Enter means yes, or no where that is the safe choice. */
export function ConfirmPrompt({ message, onAnswer, enterMeans = 'yes' }: ConfirmPromptProps) {
  return (
    <Box>
      <Text bold>{message} </Text>
      <ConfirmInput
        defaultChoice={enterMeans === 'yes' ? 'confirm' : 'cancel'}
        onConfirm={() => onAnswer(true)}
        onCancel={() => onAnswer(false)}
      />
    </Box>
  );
}
