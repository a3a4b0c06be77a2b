import { Select } from '@inkjs/ui';
import { Box, Text } from 'ink';

export interface SelectPromptProps {
  readonly message: string;
  readonly choices: readonly { readonly value: string; readonly label: string }[];
  readonly defaultValue: string | undefined;
  readonly problem?: string | undefined;
  readonly onSubmit: (value: string) => void;
}

/** A choice among fixed values; the current value is listed first, so Enter keeps it. */
export function SelectPrompt({ message, choices, defaultValue, problem, onSubmit }: SelectPromptProps) {
  // @inkjs/ui's Select reports only a change of value, so the default goes first instead of being preselected.
  const ordered = [...choices].sort((a, b) => Number(b.value === defaultValue) - Number(a.value === defaultValue));
  return (
    <Box flexDirection="column">
      <Text bold>{message}</Text>
      {problem ? <Text color="red">✘ {problem}</Text> : null}
      <Select options={ordered.map(({ value, label }) => ({ value, label }))} onChange={onSubmit} />
    </Box>
  );
}
