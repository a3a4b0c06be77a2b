import { Box, Text } from 'ink';
import type { Change } from '../contracts/plan.js';

// Spaces that align a column or indent a line are written as strings ({'  '}): the formatter
// collapses a run of spaces in JSX text into one, and Ink prints text as it is.

/** The planned changes of one step; field differences as before -> after. */
export function PlanView({ changes }: { readonly changes: readonly Change[] }) {
  if (changes.length === 0) return null;
  const width = Math.max(0, ...changes.flatMap((c) => c.diff ?? []).map((d) => d.field.length));
  return (
    <Box flexDirection="column">
      <Text bold>Planned changes:</Text>
      {changes.map((change) => (
        <Box key={`${change.kind} ${change.target}`} flexDirection="column" marginLeft={2}>
          <Text>
            <Text color="cyan">{change.kind}</Text> {change.target}
            {change.detail ? <Text dimColor>: {change.detail}</Text> : null}
          </Text>
          {(change.diff ?? []).map((d) => (
            <Text key={d.field}>
              {'    '}
              {d.field.padEnd(width)}
              {'  '}
              {d.before} <Text color="cyan">-&gt;</Text> {d.after}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
