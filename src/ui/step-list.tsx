import { Box, Text } from 'ink';
import type { StepView } from '../interactive/wizard-store.js';
import { StatusMark } from './status-mark.js';

/** The steps not finished yet; finished ones are already printed above, once. */
export function StepList({ steps }: { readonly steps: readonly StepView[] }) {
  const open = steps
    .map((step, index) => ({ step, number: index + 1 }))
    .filter(({ step }) => step.status === 'waiting' || step.status === 'running');
  if (open.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      {open.map(({ step, number }) => (
        <Text key={step.id} dimColor={step.status === 'waiting'}>
          <StatusMark status={step.status} /> {number}/{steps.length} {step.title}
          {step.status === 'waiting' ? ' (waiting)' : ''}
        </Text>
      ))}
    </Box>
  );
}
