import { MultiSelect } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { TeamAnswers } from '../answers.js';
import { tutorialTeams } from '../team-presets.js';
import { TextPrompt } from './text-prompt.js';

export interface TeamsPromptProps {
  readonly message: string;
  /** Teams answered before (a resume, or a refused answer): preselected with their policies. */
  readonly current: readonly TeamAnswers[];
  readonly problem: string | undefined;
  readonly onSubmit: (teams: TeamAnswers[]) => void;
}

function parsePolicies(text: string): string[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}

/** The tutorial's team groups as presets: toggle them, then edit each one's AWS managed policies. */
export function TeamsPrompt({ message, current, problem, onSubmit }: TeamsPromptProps) {
  const [picked, setPicked] = useState<readonly TeamAnswers[] | undefined>(undefined);
  const [edited, setEdited] = useState<readonly TeamAnswers[]>([]);
  const known = [...current, ...tutorialTeams.filter((preset) => !current.some((team) => team.name === preset.name))];

  if (picked === undefined) {
    return (
      <Box flexDirection="column">
        <Text bold>{message}</Text>
        {problem ? <Text color="red">✘ {problem}</Text> : null}
        <Text dimColor>Space toggles a team, Enter goes on (none picked: no team groups).</Text>
        <MultiSelect
          options={known.map((team) => ({ value: team.name, label: `${team.name} (${team.policies.join(', ')})` }))}
          defaultValue={current.map((team) => team.name)}
          onSubmit={(names) => {
            const chosen = known.filter((team) => names.includes(team.name));
            if (chosen.length === 0) onSubmit([]);
            else setPicked(chosen);
          }}
        />
      </Box>
    );
  }
  const team = picked[edited.length];
  if (!team) return null;
  return (
    <TextPrompt
      key={team.name}
      message={`Policies for ${team.name} (AWS managed policy names, comma-separated)`}
      defaultValue={team.policies.join(', ')}
      validate={(text) => (parsePolicies(text).length === 0 ? 'name at least one policy, e.g. ReadOnlyAccess' : undefined)}
      problem={edited.length === 0 ? problem : undefined}
      onSubmit={(text) => {
        const next = [...edited, { ...team, policies: parsePolicies(text) }];
        if (next.length === picked.length) onSubmit(next);
        else setEdited(next);
      }}
    />
  );
}
