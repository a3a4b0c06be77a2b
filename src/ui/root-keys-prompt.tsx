import { Box, Text } from 'ink';
import type { TypedConfirmation } from '../contracts/plan.js';
import { LineInput } from './line-input.js';
import { withoutControlChars } from './typed-text.js';

export interface RootKeysPromptProps {
  readonly confirmation: TypedConfirmation;
  readonly onAnswer: (remove: boolean) => void;
}

/** The root user's access keys and certificates, the signing key marked; deleting them takes the typed word. */
export function RootKeysPrompt({ confirmation, onAnswer }: RootKeysPromptProps) {
  const { deletes } = confirmation;
  const certificates = deletes.filter((credential) => credential.kind === 'signing-certificate').length;
  return (
    <Box flexDirection="column">
      <Text bold>
        The root user has {deletes.length - certificates} access key(s)
        {certificates > 0 ? ` and ${certificates} signing certificate(s)` : ''}:
      </Text>
      {deletes.map((credential) => (
        <Text key={credential.id}>
          {'  '}
          {credential.kind === 'signing-certificate' ? `${credential.id} (signing certificate)` : credential.id}
          {credential.signsThisRun ? <Text color="yellow"> (signs this session: deleted last, then this run ends)</Text> : null}
        </Text>
      ))}
      <Text>Scripts that use these keys stop working. This cannot be undone.</Text>
      <Box>
        <Text bold>Type {confirmation.phrase} to delete them, or press Enter to keep them: </Text>
        <LineInput onSubmit={(value) => onAnswer(withoutControlChars(value).trim() === confirmation.phrase)} />
      </Box>
    </Box>
  );
}
