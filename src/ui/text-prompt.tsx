import { Box, Text } from 'ink';
import { useState } from 'react';
import { LineInput } from './line-input.js';
import { withoutControlChars } from './typed-text.js';

export interface TextPromptProps {
  readonly message: string;
  readonly defaultValue: string;
  readonly validate?: ((value: string) => string | undefined) | undefined;
  /** Why the previous answer was refused (e.g. the alias belongs to another account). */
  readonly problem?: string | undefined;
  readonly onSubmit: (value: string) => void;
}

/** One line of text with a suggested value; a bad value is explained and the prompt stays. */
export function TextPrompt({ message, defaultValue, validate, problem, onSubmit }: TextPromptProps) {
  const [error, setError] = useState<string | undefined>(problem);
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{message}: </Text>
        <LineInput
          defaultValue={defaultValue}
          onSubmit={(raw) => {
            const value = withoutControlChars(raw).trim();
            const problem = validate?.(value) ?? (value === '' ? 'needs a value' : undefined);
            if (problem) setError(problem);
            else onSubmit(value);
          }}
        />
      </Box>
      {error ? <Text color="red">✘ {error}</Text> : null}
    </Box>
  );
}
