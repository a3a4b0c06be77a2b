import { render } from 'ink';
import { createElement } from 'react';
import type { Step } from '../contracts/step.js';
import { resumePoint } from '../interactive/resume-point.js';
import type { WizardStore } from '../interactive/wizard-store.js';
import type { StateStore } from '../state/state-store.js';
import { supportsHyperlinks } from '../ui/terminal-link.js';
import { WizardApp } from '../ui/wizard-app.js';

/** Exit code after Ctrl-C, as shells report an interrupted command (128 + SIGINT). */
export const interruptedExitCode = 130;

/** React commits a store change in a microtask; Ink's unmount then flushes that last frame. */
export function committed(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The wizard's terminal: the Ink app drawing the store, and how Ctrl-C stops the wizard. */
export interface WizardScreen {
  /** Resolves with interruptedExitCode once a Ctrl-C stopped the wizard and said where to resume. */
  readonly interrupted: Promise<number>;
  /** Ctrl-C came while an AWS call was in flight: the wizard stops once the engine is back. */
  readonly stopping: boolean;
  /** Runs the steps; a Ctrl-C meanwhile lets the AWS call in flight finish and be recorded first. */
  whileStepsRun<T>(run: () => Promise<T>): Promise<T>;
  /** For the operator before each prompt: false once a stop was asked, and the wizard stops then. */
  mayPrompt(): boolean;
  /** Takes the wizard off the terminal and says where to resume. */
  stopNow(): Promise<void>;
  /** Unmounts the app, resolving once Ink has let go of the terminal. */
  exit(): Promise<void>;
  /** Stops listening for SIGINT. */
  dispose(): void;
}

/** Draws the wizard for `ui` and takes Ctrl-C (a key in raw mode) and SIGINT (`kill -INT`) from now on. */
export function openWizardScreen(ui: WizardStore, store: StateStore, steps: readonly Step[]): WizardScreen {
  let flowRunning = false;
  let stopping = false;
  let stopped = false;
  let settle: (code: number) => void = () => {};
  const interrupted = new Promise<number>((resolve) => {
    settle = resolve;
  });
  const app = render(
    createElement(WizardApp, { store: ui, hyperlinks: supportsHyperlinks(process.env, process.stdout.isTTY === true), onInterrupt }),
    { exitOnCtrlC: false },
  );
  process.on('SIGINT', onInterrupt);

  /** Stopping is safe whenever the engine waits for a person: every change so far is recorded. */
  function onInterrupt(): void {
    const { prompt } = ui.getState();
    if (prompt?.kind === 'card') {
      prompt.answer();
      return;
    }
    if (prompt || !flowRunning) {
      void stopNow();
      return;
    }
    ui.setNotice(
      stopping
        ? 'Still stopping: the AWS call in flight must finish so the step is recorded; the wizard stops right after.'
        : 'Stopping: the AWS call in flight finishes and is recorded first, then the wizard stops.',
    );
    stopping = true;
  }

  async function stopNow(): Promise<void> {
    if (stopped) return;
    stopped = true;
    // The live part leaves the screen first: its last frame (a spinner, a question) would stay frozen above `Stopped.`.
    ui.stop();
    await committed();
    await exit();
    const next = resumePoint(store.state, steps);
    const where = next ? ` at step ${next.stepNumber} (${next.title})` : '';
    process.stdout.write(`\nStopped. Progress is saved in ${store.path}.\nRun npx aws-day-one again to resume${where}.\n`);
    settle(interruptedExitCode);
  }

  async function exit(): Promise<void> {
    app.unmount();
    await app.waitUntilExit();
  }

  return {
    interrupted,
    get stopping() {
      return stopping;
    },
    async whileStepsRun(run) {
      flowRunning = true;
      const result = await run();
      flowRunning = false;
      return result;
    },
    mayPrompt() {
      if (!stopping) return true;
      void stopNow();
      return false;
    },
    stopNow,
    exit,
    dispose: () => process.off('SIGINT', onInterrupt),
  };
}
