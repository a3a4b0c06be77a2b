import { Box, Static, Text, useInput } from 'ink';
import { type ReactNode, useSyncExternalStore } from 'react';
import { Spinner } from '@inkjs/ui';
import type { FinishedItem, WizardStore } from '../interactive/wizard-store.js';
import { CallerSummary } from './caller-summary.js';
import { FinishedStep } from './finished-step.js';
import { Fixed, LiveRegion, liveRows, Shrinkable } from './live-region.js';
import { SignInCard } from './sign-in-card.js';
import { ChecklistView } from './checklist-view.js';
import { StartScreen } from './start-screen.js';
import { StepList } from './step-list.js';
import { StepScreen } from './step-screen.js';
import { linesOf, useTerminalSize } from './terminal-size.js';

export interface WizardAppProps {
  readonly store: WizardStore;
  readonly hyperlinks: boolean;
  /** Ctrl-C: the wizard decides whether it can stop now or after the call in flight. */
  readonly onInterrupt: () => void;
}

function FinishedView({ item, total }: { readonly item: FinishedItem; readonly total: number }) {
  switch (item.kind) {
    case 'header':
      return (
        <Box flexDirection="column" marginBottom={1}>
          <Text bold>aws-day-one</Text>
          <CallerSummary caller={item.caller} alias={item.alias} />
        </Box>
      );
    case 'step':
      return <FinishedStep step={item.step} number={item.number} total={total} notes={item.notes} />;
    case 'account-done':
      return (
        <Box flexDirection="column">
          <Text bold color="green">
            ✔ Nothing to change: every step of aws-day-one is done in this account (checked just now).
          </Text>
          {item.pending.length > 0 ? (
            <Box flexDirection="column" marginTop={1}>
              <Text bold color="yellow">
                Still to do by hand:
              </Text>
              {item.pending.map((pending) => (
                <Box key={pending.id} flexDirection="column">
                  <Text>
                    ! {pending.id}: {pending.reason}.
                  </Text>
                  <Box marginLeft={2}>
                    <Text>{pending.howTo}</Text>
                  </Box>
                </Box>
              ))}
            </Box>
          ) : null}
          {item.checklist ? (
            <Box marginTop={1}>
              <ChecklistView checklist={item.checklist} />
            </Box>
          ) : null}
        </Box>
      );
    case 'ending':
      return (
        <Box marginTop={1} flexDirection="column">
          <SignInCard
            summary={item.summary}
            showPasswords={false}
            statePath={item.statePath}
            credentialsRetired={item.credentialsRetired}
          />
          {item.checklist?.when === 'end' ? <ChecklistView checklist={item.checklist} /> : null}
        </Box>
      );
  }
}

/**
 * One long-lived Ink tree: finished steps printed once into the scrollback (<Static>), the current
 * step live below them. The live part never reaches the terminal's height (LiveRegion): the list
 * of steps to come shrinks first, then a step's explanation; the question always keeps its lines.
 */
export function WizardApp({ store, hyperlinks, onInterrupt }: WizardAppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const size = useTerminalSize();
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

  const room = { columns: size.columns, rows: liveRows(size) - (state.notice ? linesOf(state.notice, size.columns) : 0) };
  let live: ReactNode;
  if (state.stopped || state.ending) {
    live = null;
  } else if (prompt?.kind === 'start') {
    live = (
      <StartScreen
        caller={prompt.caller}
        alias={prompt.alias}
        resume={prompt.resume}
        checklist={state.checklist}
        onChoice={prompt.answer}
      />
    );
  } else if (prompt?.kind === 'card') {
    const password = prompt.summary.users.some((user) => user.password);
    live = (
      <Box flexDirection="column" marginTop={1}>
        {/* The card's to-do part may give up lines in a short terminal; its passwords and this line never do. */}
        <SignInCard summary={prompt.summary} showPasswords statePath={prompt.statePath} credentialsRetired={prompt.credentialsRetired} />
        <Fixed>
          <Text bold>
            {password
              ? 'Write the password down or sign in now; press any key to clear it from the screen and finish.'
              : 'Press any key to finish.'}
          </Text>
        </Fixed>
        {state.checklist?.when === 'end' ? (
          <Shrinkable>
            <ChecklistView checklist={state.checklist} />
          </Shrinkable>
        ) : null}
      </Box>
    );
  } else if (state.current) {
    live = <StepScreen step={state.current} total={total} prompt={prompt} activity={state.activity} hyperlinks={hyperlinks} room={room} />;
  } else {
    live = (
      <Box marginTop={1}>
        <Spinner label={`${state.activity}...`} />
      </Box>
    );
  }
  const stepList = !state.stopped && !state.ending && prompt?.kind !== 'start' && prompt?.kind !== 'card';

  return (
    <>
      <Static items={[...state.finished]}>{(item: FinishedItem) => <FinishedView key={item.key} item={item} total={total} />}</Static>
      <LiveRegion>
        {live}
        {stepList ? (
          <Shrinkable priority={100}>
            <StepList steps={state.steps} />
          </Shrinkable>
        ) : null}
        {state.notice && !state.stopped ? (
          <Fixed>
            <Text color="yellow">{state.notice}</Text>
          </Fixed>
        ) : null}
      </LiveRegion>
    </>
  );
}
