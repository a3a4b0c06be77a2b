import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { Answers } from '../answers/answers.js';
import type { Caller } from '../aws/caller.js';
import type { AwsClients } from '../aws/clients.js';
import { translateAwsError } from '../aws/errors.js';
import type { Pending } from '../contracts/plan.js';
import type { StepId } from '../contracts/step-id.js';
import type { RetiredCredentials } from '../contracts/step.js';
import { markPasswordsShown, planAll, planContext, runFlow, type RunResult } from '../engine/run-flow.js';
import { summarizeRun } from '../engine/run-summary.js';
import { InkOperator } from '../interactive/ink-operator.js';
import { interactiveAnswers } from '../interactive/interactive-answers.js';
import { resumePoint, savedRunFinished } from '../interactive/resume-point.js';
import { createWizardStore, type ResumeOffer, type StartChoice, type WizardStore } from '../interactive/wizard-store.js';
import { setPath } from '../lib/object-path.js';
import { acquireRunLock } from '../state/run-lock.js';
import { openStateStore, prepareStateDir, type StateStore } from '../state/state-store.js';
import { checkAccount } from '../status/check-account.js';
import type { StatusReport } from '../status/report.js';
import { daySteps } from '../steps/index.js';
import { type CallerSteps, planWithNotPossible, reportNotPossible, stepsForCaller, withNotPossible } from './caller-steps.js';
import type { PendingConnection } from './connect.js';
import type { CliOptions } from './options.js';
import { committed, interruptedExitCode, openWizardScreen, type WizardScreen } from './wizard-screen.js';

/** One wizard run: the account and its clients, the saved progress, and the screen. */
interface WizardSession {
  readonly clients: AwsClients;
  readonly caller: Caller;
  readonly currentAlias: string | undefined;
  readonly store: StateStore;
  readonly signingAccessKeyId: string | undefined;
  /** The steps these credentials can run (all but for an sts:AssumeRoot task session). */
  readonly scope: CallerSteps;
  readonly ui: WizardStore;
  readonly screen: WizardScreen;
  /** The `status` checklist read at the start, while the person reads the start screen. */
  readonly startChecklist: Promise<void>;
}

type SavedOffer = ResumeOffer & { readonly before: ReadonlySet<StepId> };

/** The interactive wizard: the same engine and steps as `apply`, with the Ink UI as the Operator. */
export async function runWizard(options: CliOptions, connecting: PendingConnection): Promise<number> {
  const stateDir = prepareStateDir(options.stateDir);
  const { clients, caller, currentAlias } = await connectReadingAlias(connecting);
  // Said before Ink takes the terminal, so the warning stays above the wizard.
  const lock = acquireRunLock(stateDir, caller.accountId, { warn: (message) => process.stderr.write(`[warn] ${message}\n`) });
  try {
    const store = openStateStore(stateDir, caller.accountId);
    const signingAccessKeyId = await clients.signingAccessKeyId();
    const ui = createWizardStore(daySteps.map(({ id, title }) => ({ id, title })));
    const screen = openWizardScreen(ui, store, daySteps);
    const startChecklist = showChecklist(ui, 'start', () => readChecklist(clients, caller));
    const scope = stepsForCaller(daySteps, caller);
    const session: WizardSession = { clients, caller, currentAlias, store, signingAccessKeyId, scope, ui, screen, startChecklist };
    try {
      return await Promise.race([runSession(session), screen.interrupted]);
    } finally {
      screen.dispose();
    }
  } finally {
    lock.release();
  }
}

/** Who is calling, and the account's alias (suggested, and shown at the start). */
async function connectReadingAlias(
  connecting: PendingConnection,
): Promise<{ clients: AwsClients; caller: Caller; currentAlias: string | undefined }> {
  // A read that needs nothing from the caller, so it shares GetCallerIdentity's round trip.
  const aliasRead = connecting.clients.iam.send(new ListAccountAliasesCommand({}), { abortSignal: connecting.signal });
  aliasRead.catch(() => {});
  const { clients, caller } = await connecting.connected(undefined);
  // An MFA session of the run's own means other clients: the early read went out without MFA, which
  // the MFA policy refuses, so the alias is read again with the session.
  const aliases = clients === connecting.clients ? aliasRead : clients.iam.send(new ListAccountAliasesCommand({}));
  try {
    // No task policy of an sts:AssumeRoot session allows reading the alias (that is how it was told apart).
    if (caller.rootTask) return { clients, caller, currentAlias: undefined };
    return { clients, caller, currentAlias: (await aliases).AccountAliases?.[0] };
  } catch (error) {
    throw translateAwsError(error, caller);
  }
}

/** From the start screen to the card: the exit code, unless a Ctrl-C ended the wizard first. */
async function runSession(session: WizardSession): Promise<number> {
  const { ui, caller, currentAlias, store, screen } = session;
  const offer = await resumeOffer(session);
  if (offer === 'account-done') return 0;
  const choice = await new Promise<StartChoice>((answer) =>
    ui.showPrompt({ kind: 'start', caller, alias: currentAlias, resume: offer, answer }),
  );
  ui.clearPrompt();
  if (choice === 'quit') {
    await screen.exit();
    return 0;
  }
  const resuming = choice === 'resume' && offer !== undefined;
  const answers: Answers = interactiveAnswers(caller, currentAlias, resuming ? store.state.answers : undefined);
  const answeredSteps: ReadonlySet<StepId> = resuming && offer ? offer.before : new Set();
  ui.addHeader(caller, currentAlias);
  const result = await runSteps(session, answers, answeredSteps);
  if (screen.stopping) {
    // The person asked to stop: an undelivered password is reissued on the resume.
    await screen.stopNow();
    return interruptedExitCode;
  }
  await showEnding(session, result);
  return result.exitCode;
}

/**
 * Where a saved run left off, to offer on the start screen. 'account-done' when a re-run finds the
 * account still has everything: the wizard said so and is over.
 */
async function resumeOffer(session: WizardSession): Promise<SavedOffer | undefined | 'account-done'> {
  const { ui, caller, currentAlias, store } = session;
  const offer = resumePoint(store.state, daySteps);
  if (!offer || !savedRunFinished(store.state, daySteps)) return offer;
  // A re-run: when the account still has everything, say so instead of offering to resume.
  ui.setActivity('Checking each step against the account');
  const left = await workLeft(session, interactiveAnswers(caller, currentAlias, store.state.answers));
  if (left !== undefined && left.firstChange === undefined) {
    await session.startChecklist;
    ui.addHeader(caller, currentAlias);
    ui.accountDone(left.pending);
    await committed();
    await session.screen.exit();
    return 'account-done';
  }
  // Something changed in the account since: resume where there is work, not at a step left to a person.
  if (left?.firstChange === undefined) return offer;
  const at = left.firstChange;
  return { stepNumber: at + 1, title: daySteps[at]?.title ?? '', before: new Set(daySteps.slice(0, at).map((step) => step.id)) };
}

/** What every step would still do with these answers; undefined when a step cannot tell (bad input). */
async function workLeft(
  { clients, caller, store, signingAccessKeyId, scope }: WizardSession,
  answers: Answers,
): Promise<{ firstChange: number | undefined; pending: ({ id: StepId } & Pending)[] } | undefined> {
  try {
    const context = planContext(clients, caller, answers, (id) => store.record(id), signingAccessKeyId);
    const possible = await planAll(scope.possible, context);
    // Indexed like daySteps, the steps these credentials cannot run included.
    const planned = planWithNotPossible(possible, scope);
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

/** The engine's run of every step, with the Ink UI as the Operator; each answer is saved for a resume. */
async function runSteps(session: WizardSession, answers: Answers, answeredSteps: ReadonlySet<StepId>): Promise<RunResult> {
  const { clients, caller, store, ui, screen, scope } = session;
  const operator = new InkOperator(ui, {
    answeredSteps,
    onAnswer(key, value) {
      setPath(answers, key, value);
      void store.saveAnswers(answers);
    },
    mayPrompt: () => screen.mayPrompt(),
  });
  const flow = await screen.whileStepsRun(() =>
    runFlow({
      steps: scope.possible,
      clients,
      caller,
      answers,
      operator,
      store,
      emit: reportNotPossible(ui.onEvent, scope),
      // A person confirms each step, and receives each password before a later step needs it.
      schedule: 'one-by-one',
    }),
  );
  return withNotPossible(flow, scope);
}

/** The end of a run: the checklist read again (when these credentials still can), then the card. */
async function showEnding(session: WizardSession, result: RunResult): Promise<void> {
  const { clients, caller, store, ui, screen } = session;
  const summary = summarizeRun(result, caller);
  // Read before the card: once the operator dismisses the password, nothing may keep it on screen.
  const retired = result.credentialsRetired;
  ui.setActivity('Reading the day-1 checklist');
  if (retired) ui.setChecklist({ when: 'end', note: `not read again: ${retiredNote(retired)}` });
  else await showChecklist(ui, 'end', () => readChecklist(clients, caller));
  const ending = { summary, statePath: store.path, credentialsRetired: retired !== undefined };
  await new Promise<void>((answer) => ui.showPrompt({ kind: 'card', ...ending, answer }));
  await markPasswordsShown(store, result);
  ui.end(ending);
  await committed();
  await screen.exit();
}

/** Why the end checklist is not read (this run's credentials no longer work), and how to go on. */
function retiredNote(retired: RetiredCredentials): string {
  return retired.kind === 'need-mfa'
    ? `${retired.reason}, and this session has none; ${retired.next}`
    : `${retired.reason}; run aws-day-one status with your new credentials`;
}

function readChecklist(clients: AwsClients, caller: Caller): Promise<StatusReport> {
  return checkAccount(clients, caller);
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
