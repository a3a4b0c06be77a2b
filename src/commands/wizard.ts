import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { render } from 'ink';
import { createElement } from 'react';
import type { Answers } from '../answers/answers.js';
import type { CliOptions } from '../cli/options.js';
import type { PendingConnection } from './connect.js';
import { translateAwsError } from '../aws/errors.js';
import { markPasswordsShown, planAll, runFlow, type RunResult } from '../engine/run-flow.js';
import { createAccountReads } from '../iam/account-reads.js';
import { setPath } from '../lib/object-path.js';
import { summarizeRun } from '../engine/run-summary.js';
import { checkAccount } from '../status/check-account.js';
import type { StatusReport } from '../status/report.js';
import { acquireRunLock } from '../state/run-lock.js';
import { openStateStore, prepareStateDir } from '../state/state-store.js';
import type { Pending, StepId } from '../contracts/step.js';
import { daySteps } from '../steps/index.js';
import { afterCallerGroupMfa } from '../steps/caller-group-mfa.js';
import { WizardApp } from '../ui/wizard-app.js';
import { InkOperator } from '../interactive/ink-operator.js';
import { interactiveAnswers } from '../interactive/interactive-answers.js';
import { resumePoint, savedRunFinished } from '../interactive/resume-point.js';
import { supportsHyperlinks } from '../ui/terminal-link.js';
import { createWizardStore, type StartChoice, type WizardStore } from '../interactive/wizard-store.js';

/** Exit code after Ctrl-C, as shells report an interrupted command (128 + SIGINT). */
export const interruptedExitCode = 130;

/** React commits a store change in a microtask; Ink's unmount then flushes that last frame. */
function committed(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Reads the `status` checklist into the UI; a failed read becomes a note, never a failed run. */
async function showChecklist(ui: WizardStore, when: 'start' | 'end', read: () => Promise<StatusReport>): Promise<void> {
  ui.setChecklist({ when });
  try {
    ui.setChecklist({ when, report: await read() });
  } catch (error) {
    ui.setChecklist({ when, note: `could not be read (${error instanceof Error ? error.message : String(error)})` });
  }
}

/** After these steps, this run's credentials can no longer read the account (by design). */
function credentialsRetiredBy(result: RunResult): string | undefined {
  const done = (id: StepId): boolean => result.steps.some((step) => step.id === id && step.status === 'done');
  if (done('root-access-keys')) return 'the root access key of this run was deleted';
  if (result.credentialsRetired) return `${result.credentialsRetired}, and this session has none`;
  return undefined;
}

/** The interactive wizard: the same engine and steps as `apply`, with the Ink UI as the Operator. */
export async function runWizard(options: CliOptions, connecting: PendingConnection): Promise<number> {
  const stateDir = prepareStateDir(options.stateDir);
  // A read that needs nothing from the caller, so it shares GetCallerIdentity's round trip.
  const aliasRead = connecting.clients.iam.send(new ListAccountAliasesCommand({}), { abortSignal: connecting.signal });
  aliasRead.catch(() => {});
  const { clients, caller } = await connecting.connected(undefined);
  // An MFA session of the run's own means other clients: the early read went out without MFA, which
  // the MFA policy refuses, so the alias is read again with the session.
  const aliases = clients === connecting.clients ? aliasRead : clients.iam.send(new ListAccountAliasesCommand({}));
  let currentAlias: string | undefined;
  try {
    currentAlias = (await aliases).AccountAliases?.[0];
  } catch (error) {
    throw translateAwsError(error, caller);
  }
  // Said before Ink takes the terminal, so the warning stays above the wizard.
  const lock = acquireRunLock(stateDir, caller.accountId, { warn: (message) => process.stderr.write(`[warn] ${message}\n`) });
  try {
    const store = openStateStore(stateDir, caller.accountId);
    const signingAccessKeyId = await clients.signingAccessKeyId();
    const ui = createWizardStore(daySteps.map(({ id, title }) => ({ id, title })));

    let flowRunning = false;
    let stopping = false;
    let stopped = false;
    let settle: (code: number) => void = () => {};
    const interrupted = new Promise<number>((resolve) => {
      settle = resolve;
    });

    const app = render(
      createElement(WizardApp, { store: ui, hyperlinks: supportsHyperlinks(process.env, process.stdout.isTTY === true), onInterrupt }),
      {
        exitOnCtrlC: false,
      },
    );
    // Ctrl-C arrives as a key while Ink holds the terminal in raw mode; SIGINT covers `kill -INT`.
    process.on('SIGINT', onInterrupt);

    /** What every step would still do with these answers; undefined when a step cannot tell (bad input). */
    async function workLeft(
      answers: Answers,
    ): Promise<{ firstChange: number | undefined; pending: ({ id: StepId } & Pending)[] } | undefined> {
      try {
        const planned = await planAll(daySteps, {
          iam: clients.iam,
          caller,
          answers,
          reads: createAccountReads(clients.iam),
          savedRecord: (id) => store.record(id),
          signingAccessKeyId,
        });
        const firstChange = planned.findIndex(({ plan }) => plan.changes.length > 0);
        return {
          firstChange: firstChange === -1 ? undefined : firstChange,
          pending: planned.flatMap(({ step, plan }) => (plan.pending ? [{ id: step.id, ...plan.pending }] : [])),
        };
      } catch {
        // The run itself will meet the same problem and explain it.
        return undefined;
      }
    }

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
      app.unmount();
      await app.waitUntilExit();
      const next = resumePoint(store.state, daySteps);
      const where = next ? ` at step ${next.stepNumber} (${next.title})` : '';
      process.stdout.write(`\nStopped. Progress is saved in ${store.path}.\nRun npx aws-day-one again to resume${where}.\n`);
      settle(interruptedExitCode);
    }

    const startChecklist = showChecklist(ui, 'start', () => checkAccount(clients, caller));

    const run = async (): Promise<number> => {
      let offer = resumePoint(store.state, daySteps);
      if (offer && savedRunFinished(store.state, daySteps)) {
        // A re-run: when the account still has everything, say so instead of offering to resume.
        ui.setActivity('Checking each step against the account');
        const left = await workLeft(interactiveAnswers(caller, currentAlias, store.state.answers));
        if (left !== undefined && left.firstChange === undefined) {
          await startChecklist;
          ui.addHeader(caller, currentAlias);
          ui.accountDone(left.pending);
          await committed();
          app.unmount();
          await app.waitUntilExit();
          return 0;
        }
        // Something changed in the account since: resume where there is work, not at a step left to a person.
        if (left?.firstChange !== undefined) {
          const at = left.firstChange;
          offer = { stepNumber: at + 1, title: daySteps[at]?.title ?? '', before: new Set(daySteps.slice(0, at).map((step) => step.id)) };
        }
      }
      const choice = await new Promise<StartChoice>((answer) =>
        ui.showPrompt({ kind: 'start', caller, alias: currentAlias, resume: offer, answer }),
      );
      ui.clearPrompt();
      if (choice === 'quit') {
        app.unmount();
        await app.waitUntilExit();
        return 0;
      }
      const resuming = choice === 'resume' && offer !== undefined;
      const answers: Answers = interactiveAnswers(caller, currentAlias, resuming ? store.state.answers : undefined);
      const answeredSteps: ReadonlySet<StepId> = resuming && offer ? offer.before : new Set();
      ui.addHeader(caller, currentAlias);
      const operator = new InkOperator(ui, {
        answeredSteps,
        signingAccessKeyId,
        onAnswer(key, value) {
          setPath(answers, key, value);
          void store.saveAnswers(answers);
        },
        mayPrompt() {
          if (!stopping) return true;
          void stopNow();
          return false;
        },
      });
      flowRunning = true;
      const result = await runFlow({ steps: daySteps, clients, caller, answers, operator, store, emit: ui.onEvent });
      flowRunning = false;
      if (stopping) {
        // The person asked to stop: an undelivered password is reissued on the resume.
        await stopNow();
        return interruptedExitCode;
      }
      const summary = summarizeRun(result, caller);
      // Read before the card: once the operator dismisses the password, nothing may keep it on screen.
      const retired = credentialsRetiredBy(result);
      ui.setActivity('Reading the day-1 checklist');
      if (retired)
        ui.setChecklist({
          when: 'end',
          note: `not read again: ${retired}; ${result.credentialsRetired ? afterCallerGroupMfa(caller) : 'run aws-day-one status with your new credentials'}`,
        });
      else await showChecklist(ui, 'end', () => checkAccount(clients, caller));
      await new Promise<void>((answer) => ui.showPrompt({ kind: 'card', summary, statePath: store.path, answer }));
      await markPasswordsShown(store, result);
      ui.end(summary, store.path);
      await committed();
      app.unmount();
      await app.waitUntilExit();
      return result.exitCode;
    };

    try {
      return await Promise.race([run(), interrupted]);
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  } finally {
    lock.release();
  }
}
