import { MultiSelect } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { TeamAnswers } from '../answers/answers.js';
import { validateGroupName } from '../iam/name-rules.js';
import { tutorialTeams } from '../answers/team-presets.js';
import { TextPrompt } from './text-prompt.js';

export interface TeamsPromptProps {
  readonly message: string;
  /** Teams answered before (a resume, or a refused answer): preselected with their policies. */
  readonly current: readonly TeamAnswers[];
  readonly problem: string | undefined;
  readonly onSubmit: (teams: TeamAnswers[]) => void;
}

function parsePolicies(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The option that names a team of one's own; no IAM group name can hold a space. */
const anotherTeam = 'another team';

type Phase =
  | { readonly at: 'pick' }
  | { readonly at: 'new-name' }
  | { readonly at: 'new-policies'; readonly name: string }
  | { readonly at: 'edit'; readonly picked: readonly TeamAnswers[]; readonly edited: readonly TeamAnswers[] };

/**
 * The tutorial's team groups as presets, and teams of one's own: toggle them, name a new one, then
 * edit each preset's AWS managed policies.
 */
export function TeamsPrompt({ message, current, problem, onSubmit }: TeamsPromptProps) {
  const [own, setOwn] = useState<readonly TeamAnswers[]>([]);
  const [ticked, setTicked] = useState<readonly string[]>(current.map((team) => team.name));
  const [phase, setPhase] = useState<Phase>({ at: 'pick' });
  const known = [...current, ...own, ...tutorialTeams.filter((preset) => ![...current, ...own].some((team) => team.name === preset.name))];
  const taken = (name: string): boolean => known.some((team) => team.name.toLowerCase() === name.toLowerCase());

  if (phase.at === 'new-name') {
    return (
      <TextPrompt
        key="new-name"
        message="Name of the new team group"
        defaultValue=""
        validate={(name) =>
          validateGroupName(name) ?? (taken(name) ? `${name} is already in the list (IAM group names ignore case)` : undefined)
        }
        onSubmit={(name) => setPhase({ at: 'new-policies', name })}
      />
    );
  }
  if (phase.at === 'new-policies') {
    return (
      <TextPrompt
        key="new-policies"
        message={`Policies for ${phase.name} (AWS managed policy names, comma-separated, e.g. ReadOnlyAccess)`}
        defaultValue=""
        validate={(text) => (parsePolicies(text).length === 0 ? 'name at least one policy, e.g. ReadOnlyAccess' : undefined)}
        onSubmit={(text) => {
          setOwn([...own, { name: phase.name, policies: parsePolicies(text), mfaPolicy: true }]);
          setTicked([...ticked, phase.name]);
          setPhase({ at: 'pick' });
        }}
      />
    );
  }
  if (phase.at === 'pick') {
    return (
      <Box flexDirection="column">
        <Text bold>{message}</Text>
        {problem ? <Text color="red">✘ {problem}</Text> : null}
        <Text dimColor>Space toggles a team, Enter goes on (none picked: no team groups).</Text>
        <MultiSelect
          key={known.length}
          options={[
            ...known.map((team) => ({ value: team.name, label: `${team.name} (${team.policies.join(', ')})` })),
            { value: anotherTeam, label: 'Another team: name it and its policies' },
          ]}
          defaultValue={[...ticked]}
          onSubmit={(names) => {
            setTicked(names.filter((name) => name !== anotherTeam));
            if (names.includes(anotherTeam)) return setPhase({ at: 'new-name' });
            const chosen = known.filter((team) => names.includes(team.name));
            // Teams named here already have the policies just typed; the presets get a look.
            const toEdit = chosen.filter((team) => !own.includes(team));
            if (toEdit.length === 0) onSubmit(chosen);
            else setPhase({ at: 'edit', picked: chosen, edited: [] });
          }}
        />
      </Box>
    );
  }
  const toEdit = phase.picked.filter((team) => !own.includes(team));
  const team = toEdit[phase.edited.length];
  if (!team) return null;
  return (
    <TextPrompt
      key={team.name}
      message={`Policies for ${team.name} (AWS managed policy names, comma-separated)`}
      defaultValue={team.policies.join(', ')}
      validate={(text) => (parsePolicies(text).length === 0 ? 'name at least one policy, e.g. ReadOnlyAccess' : undefined)}
      problem={phase.edited.length === 0 ? problem : undefined}
      onSubmit={(text) => {
        const edited = [...phase.edited, { ...team, policies: parsePolicies(text) }];
        if (edited.length < toEdit.length) return setPhase({ ...phase, edited });
        // In the order picked, each with its edited policies.
        onSubmit(phase.picked.map((picked) => edited.find((e) => e.name === picked.name) ?? picked));
      }}
    />
  );
}
