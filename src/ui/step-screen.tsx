import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { CurrentStep, PromptRequest } from '../interactive/wizard-store.js';
import { Fixed, Shrinkable } from './live-region.js';
import { MfaEnrolment } from './mfa-enrolment.js';
import { PlanView } from './plan-view.js';
import { PromptView } from './prompt-view.js';
import { linesOf, type TerminalSize } from './terminal-size.js';

export interface StepScreenProps {
  readonly step: CurrentStep;
  readonly total: number;
  readonly prompt: PromptRequest | undefined;
  readonly activity: string;
  readonly hyperlinks: boolean;
  /** The lines and columns the live screen has. */
  readonly room: TerminalSize;
}

/**
 * The step being worked on: why it matters, the plan, then its question or a spinner. The question
 * keeps its lines; the explanation and the plan give up theirs when the terminal is short.
 */
export function StepScreen({ step, total, prompt, activity, hyperlinks, room }: StepScreenProps) {
  const title = `Step ${step.number}/${total}: ${step.title}`;
  const notes = step.notes.map((note) => (
    <Text key={note} color="yellow">
      note: {note}
    </Text>
  ));
  if (prompt?.kind === 'mfa') {
    // A screen of its own: the QR code needs the room, the why was readable while the device was made.
    const noteLines = step.notes.reduce((sum, note) => sum + linesOf(`note: ${note}`, room.columns), 0);
    return (
      <Fixed>
        {notes}
        {/* A new pair for the same device after AWS refused one starts afresh (key). */}
        <MfaEnrolment
          key={prompt.enrolment.refused?.attempt ?? 0}
          enrolment={prompt.enrolment}
          onCodes={prompt.answer}
          heading={title}
          room={{ columns: room.columns, rows: room.rows - noteLines }}
        />
      </Fixed>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Fixed>
        <Text bold color="cyan">
          {title}
        </Text>
      </Fixed>
      <Shrinkable>
        <Text dimColor>{step.why}</Text>
        {notes}
        <PlanView changes={step.changes} />
      </Shrinkable>
      <Fixed>
        <Box marginTop={1} flexDirection="column">
          {prompt ? <PromptView prompt={prompt} hyperlinks={hyperlinks} /> : <Spinner label={`${activity}...`} />}
        </Box>
      </Fixed>
    </Box>
  );
}
