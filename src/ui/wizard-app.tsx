import { Box, Static, Text, useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import { Spinner } from '@inkjs/ui';
import type { FinishedItem, WizardStore } from '../interactive/wizard-store.js';
import { CallerSummary } from './caller-summary.js';
import { FinishedStep } from './finished-step.js';
import { SignInCard } from './sign-in-card.js';
import { ChecklistView } from './checklist-view.js';
import { StartScreen } from './start-screen.js';
import { StepList } from './step-list.js';
import { StepScreen } from './step-screen.js';

export interface WizardAppProps {
  readonly store: WizardStore;
  readonly hyperlinks: boolean;
  /** Ctrl-C: the wizard decides whether it can stop now or after the call in flight. */
  readonly onInterrupt: () => void;
}

/** One long-lived Ink tree: finished steps printed once above, the current step live below. */
export function WizardApp({ store, hyperlinks, onInterrupt }: WizardAppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { prompt } = state;
  const total = state.steps.length;

  useInput((input, key) => {
    // Ink turns a lone Ctrl-C into ctrl+"c", but Ctrl-C pressed twice quickly can reach it as one
    // chunk ("\u0003\u0003"), which it passes on as plain input: both must stop the wizard.
    if ((key.ctrl && input === 'c') || input.includes('\u0003')) {
      onInterrupt();
      return;
    }
    if (prompt?.kind === 'card') prompt.answer();
  });

  let live;
  if (prompt?.kind === 'start') {
    live = <StartScreen caller={prompt.caller} alias={prompt.alias} resume={prompt.resume} checklist={state.checklist} onChoice={prompt.answer} />;
  } else if (prompt?.kind === 'card') {
    live = (
      <Box flexDirection="column" marginTop={1}>
        <SignInCard summary={prompt.summary} showPasswords statePath={prompt.statePath} />
        {state.checklist?.when === 'end' ? <ChecklistView checklist={state.checklist} /> : null}
        <Text bold>Write the password down or sign in now; press any key to clear it from the screen and finish.</Text>
      </Box>
    );
  } else if (state.ending) {
    live = (
      <Box marginTop={1} flexDirection="column">
        <SignInCard summary={state.ending.summary} showPasswords={false} statePath={state.ending.statePath} />
        {state.checklist?.when === 'end' ? <ChecklistView checklist={state.checklist} /> : null}
      </Box>
    );
  } else if (state.current) {
    live = <StepScreen step={state.current} total={total} prompt={prompt} activity={state.activity} hyperlinks={hyperlinks} />;
  } else {
    live = (
      <Box marginTop={1}>
        <Spinner label={`${state.activity}...`} />
      </Box>
    );
  }

  return (
    <>
      <Static items={[...state.finished]}>
        {(item: FinishedItem) => (item.kind === 'header' ? (
          <Box key={item.key} flexDirection="column" marginBottom={1}>
            <Text bold>aws-day-one</Text>
            <CallerSummary caller={item.caller} alias={item.alias} />
          </Box>
        ) : (
          <FinishedStep key={item.key} step={item.step} number={item.number} total={total} notes={item.notes} />
        ))}
      </Static>
      {live}
      {prompt?.kind === 'start' || prompt?.kind === 'card' || state.ending ? null : <StepList steps={state.steps} />}
      {state.notice ? <Text color="yellow">{state.notice}</Text> : null}
    </>
  );
}
