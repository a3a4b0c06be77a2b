import { Box, Text } from 'ink';
import type { StepView } from '../interactive/wizard-store.js';
import { StatusMark } from './status-mark.js';

const words = { done: 'done', skipped: 'skipped', pending: 'pending', failed: 'failed', waiting: 'waiting', running: 'running' } as const;

/** A finished step as printed once above the live area: status, title, result. */
export function FinishedStep({
  step,
  number,
  total,
  notes,
}: {
  readonly step: StepView;
  readonly number: number;
  readonly total: number;
  readonly notes: readonly string[];
}) {
  return (
    <Box flexDirection="column">
      <Text>
        <StatusMark status={step.status} /> {number}/{total} <Text bold>{step.title}</Text> <Text dimColor>[{words[step.status]}]</Text>
        {step.summary ? `: ${step.summary}` : ''}
      </Text>
      <Box flexDirection="column" marginLeft={4}>
        {notes.map((note) => (
          <Text key={note} dimColor>
            note: {note}
          </Text>
        ))}
        {step.pending ? <Text color="yellow">to do: {step.pending.howTo}</Text> : null}
      </Box>
    </Box>
  );
}
