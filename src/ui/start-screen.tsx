import { Select } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { Caller } from '../aws/caller.js';
import type { ChecklistState, ResumeOffer, StartChoice } from '../interactive/wizard-store.js';
import { CallerSummary } from './caller-summary.js';
import { ChecklistView } from './checklist-view.js';
import { Fixed, Shrinkable } from './live-region.js';

export interface StartScreenProps {
  readonly caller: Caller;
  readonly alias: string | undefined;
  readonly resume: ResumeOffer | undefined;
  readonly checklist: ChecklistState | undefined;
  readonly onChoice: (choice: StartChoice) => void;
}

/** Who and where, then the go-ahead: nothing changes before this answer. */
export function StartScreen({ caller, alias, resume, checklist, onChoice }: StartScreenProps) {
  const options = resume
    ? [
        { value: 'resume', label: `Resume at step ${resume.stepNumber} (${resume.title})` },
        { value: 'start-over', label: 'Start over (ask every question again; the account still decides what is done)' },
        { value: 'quit', label: 'Quit without changing anything' },
      ]
    : [
        { value: 'go', label: 'Start: each step shows its plan and asks before it changes anything' },
        { value: 'quit', label: 'Quit without changing anything' },
      ];
  return (
    <Box flexDirection="column">
      <Fixed>
        <Text bold>aws-day-one: secure this AWS account for day 1</Text>
        <Box marginY={1}>
          <CallerSummary caller={caller} alias={alias} />
        </Box>
      </Fixed>
      {/* In a short terminal the checklist gives up its last lines; the choice stays. */}
      {checklist?.when === 'start' ? (
        <Shrinkable>
          <Box marginBottom={1}>
            <ChecklistView checklist={checklist} />
          </Box>
        </Shrinkable>
      ) : null}
      <Fixed>
        {resume ? <Text>A saved run for this account stopped before step {resume.stepNumber}.</Text> : null}
        <Select options={options} onChange={(value) => onChoice(value as StartChoice)} />
      </Fixed>
    </Box>
  );
}
