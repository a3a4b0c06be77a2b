import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { CurrentStep, PromptRequest } from '../interactive/wizard-store.js';
import { PlanView } from './plan-view.js';
import { PromptView } from './prompt-view.js';

export interface StepScreenProps {
  readonly step: CurrentStep;
  readonly total: number;
  readonly prompt: PromptRequest | undefined;
  readonly activity: string;
  readonly hyperlinks: boolean;
}

/** The step being worked on: why it matters, the plan, then its question or a spinner. */
export function StepScreen({ step, total, prompt, activity, hyperlinks }: StepScreenProps) {
  // The QR code needs the room; the why was readable while the device was being made.
  const compact = prompt?.kind === 'mfa';
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color="cyan">
        Step {step.number}/{total}: {step.title}
      </Text>
      {compact ? null : <Text dimColor>{step.why}</Text>}
      {step.notes.map((note) => (
        <Text key={note} color="yellow">note: {note}</Text>
      ))}
      {compact ? null : <PlanView changes={step.changes} />}
      <Box marginTop={compact ? 0 : 1} flexDirection="column">
        {prompt ? <PromptView prompt={prompt} hyperlinks={hyperlinks} /> : <Spinner label={`${activity}...`} />}
      </Box>
    </Box>
  );
}
