import { Box, Text } from 'ink';
import { LineInput } from './line-input.js';
import { withoutControlChars } from './typed-text.js';

export interface RootKeysPromptProps {
  readonly keyIds: readonly string[];
  readonly signingKeyId: string | undefined;
  readonly onAnswer: (remove: boolean) => void;
}

/** The root user's access keys, the signing one marked; deleting them takes the typed word `delete`. */
export function RootKeysPrompt({ keyIds, signingKeyId, onAnswer }: RootKeysPromptProps) {
  const certificates = keyIds.filter((id) => id.endsWith('(signing certificate)')).length;
  return (
    <Box flexDirection="column">
      <Text bold>
        The root user has {keyIds.length - certificates} access key(s)
        {certificates > 0 ? ` and ${certificates} signing certificate(s)` : ''}:
      </Text>
      {keyIds.map((id) => (
        <Text key={id}>
          {'  '}
          {id}
          {id === signingKeyId ? <Text color="yellow"> (signs this session: deleted last, then this run ends)</Text> : null}
        </Text>
      ))}
      <Text>Scripts that use these keys stop working. This cannot be undone.</Text>
      <Box>
        <Text bold>Type delete to delete them, or press Enter to keep them: </Text>
        <LineInput onSubmit={(value) => onAnswer(withoutControlChars(value).trim() === 'delete')} />
      </Box>
    </Box>
  );
}
