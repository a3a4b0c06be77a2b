/**
 * A run of the day-1 flow, wired from its parts: the account read for every step at the start,
 * then the schedule the command chose (schedule-one-by-one.ts, schedule-concurrent.ts) running each
 * step (step-run.ts), passwords delivered by password-delivery.ts, and everything recorded in one
 * RunRecord, from which the RunResult is read at the end.
 */
import type { Answers } from '../answers/answers.js';
import { accountChangesBy, countAccountChanges } from '../aws/account-changes.js';
import type { Caller } from '../aws/caller.js';
import type { AwsClients } from '../aws/clients.js';
import { translateAwsError } from '../aws/errors.js';
import type { EventSink } from '../contracts/events.js';
import type { Operator } from '../contracts/operator.js';
import type { InspectContext, RetiredCredentials, Step, StepId, StepPlan } from '../contracts/step.js';
import { createAccountReads } from '../iam/account-reads.js';
import { markPasswordDelivered, type StateStore } from '../state/state-store.js';
import { type CardPassword, PasswordDelivery } from './password-delivery.js';
import { inspectAll } from './plan-all.js';
import type { RunContext } from './run-context.js';
import { RunRecord, type StepResult } from './run-record.js';
import { runConcurrently } from './schedule-concurrent.js';
import { runOneByOne } from './schedule-one-by-one.js';
import { sweepSecretTemps } from './secret-temp-sweep.js';
import { stopWhenStateFails } from './state-guard.js';
import { createStepReadiness } from './step-readiness.js';

export type { CardPassword } from './password-delivery.js';
export { planAll, planContext, type PlannedStep } from './plan-all.js';
export type { StepResult } from './run-record.js';

/**
 * How the steps are run, chosen by the command:
 * - 'one-by-one' (the wizard): each step in turn, each confirmed by the person, each password
 *   handed over as soon as it is issued;
 * - 'concurrent' (`apply`): every answer is known up front, so every plan is computed (and any bad
 *   input found) before the first change, and independent steps run at once.
 */
export type Schedule = 'one-by-one' | 'concurrent';

export interface RunInput {
  readonly steps: readonly Step[];
  readonly clients: AwsClients;
  readonly caller: Caller;
  readonly answers: Answers;
  readonly operator: Operator;
  readonly store: StateStore;
  readonly emit: EventSink;
  readonly schedule: Schedule;
}

export interface RunResult {
  readonly exitCode: number;
  readonly steps: readonly StepResult[];
  readonly changedSteps: number;
  readonly answers: Answers;
  /**
   * Passwords that still have to reach the operator (the sign-in card), in flow order, with the step
   * that issued each: it is marked delivered, per user, once the card was shown.
   */
  readonly passwordsToShow: readonly CardPassword[];
  /** Passwords written to the files the operator named. */
  readonly passwordFiles: readonly { userName: string; path: string }[];
  /** Passwords the operator already saw during the run (the wizard's card before a sign-in step). */
  readonly passwordsShown: readonly { userName: string }[];
  /** Facts the steps' plans reported (e.g. `alias`). */
  readonly facts: Readonly<Record<string, string>>;
  /** Why this run's credentials can no longer call AWS (the MFA policy now holds the caller, or its key was deleted). */
  readonly credentialsRetired?: RetiredCredentials;
  readonly error?: Error;
}

export async function runFlow(input: RunInput): Promise<RunResult> {
  const { steps, caller, store, emit } = input;
  const run = await startRun(input);
  emit({ type: 'run-start', caller, steps: steps.map(({ id, title }) => ({ id, title })) });
  if (store.recoveredFrom)
    emit({ type: 'state-recovered', backup: store.recoveredFrom, ...(store.recoveryReason && { reason: store.recoveryReason }) });
  for (const path of sweepSecretTemps(store, run.answers)) emit({ type: 'temp-removed', path });

  let plans: StepPlan[] | undefined;
  try {
    const inspections = await inspectAll(steps, run.inspectCtx());
    run.inspections.push(...inspections);
    // The concurrent schedule makes no change before every plan is known: the plans name its gate,
    // and bad input is found while nothing has changed yet.
    if (input.schedule === 'concurrent') plans = steps.map((step, index) => step.plan(inspections[index], run.inspectCtx()));
  } catch (error) {
    emit({ type: 'run-end', changedSteps: 0, pendingSteps: 0, failed: true });
    return runResult(run, translateAwsError(error, caller));
  }

  if (plans) await runConcurrently(run, plans);
  else await runOneByOne(run);

  const failure = run.record.firstFailure();
  emit({ type: 'run-end', changedSteps: run.record.changedSteps, pendingSteps: run.record.pendingSteps, failed: failure !== undefined });
  return runResult(run, failure);
}

/** The run's shared parts, before anything is read. `inspections` is filled once the account was read. */
async function startRun(input: RunInput): Promise<RunContext & { readonly inspections: unknown[] }> {
  const { steps, caller, operator, store, emit } = input;
  // Once the state file cannot be written, it no longer records what the run does: no AWS call
  // goes out after that, so the run stops before its next change.
  const iam = stopWhenStateFails(input.clients.iam, store);
  const answers = structuredClone(input.answers);
  const reads = createAccountReads(iam);
  // Counted on the client itself: the wrapper above is new for every run, the client may not be.
  countAccountChanges(input.clients.iam);
  const changesAtStart = accountChangesBy(input.clients.iam);
  const signingAccessKeyId = await input.clients.signingAccessKeyId();
  const record = new RunRecord(steps, () => accountChangesBy(input.clients.iam) - changesAtStart);
  const passwords = new PasswordDelivery(store, operator, caller, () => record.facts['alias'] || answers.account.alias);
  const account = input.clients.account;
  const inspectCtx = (): InspectContext => ({
    iam,
    ...(account ? { account } : {}),
    caller,
    answers,
    reads,
    savedRecord: (id) => store.record(id),
    signingAccessKeyId,
    passwordsOfRun: () => passwords.passwordsOfRun(),
  });
  const readiness = createStepReadiness(steps.map((step) => step.id));
  return { steps, iam, caller, operator, store, emit, answers, inspectCtx, record, readiness, passwords, inspections: [] };
}

function runResult(run: RunContext, failure: Error | undefined): RunResult {
  const { record, passwords } = run;
  const { exitCode, error } = record.ending(failure);
  const flowOrder = (step: StepId): number => run.steps.findIndex((s) => s.id === step);
  return {
    exitCode,
    steps: record.stepResults,
    changedSteps: record.changedSteps,
    answers: run.answers,
    passwordsToShow: passwords.cardPasswords(flowOrder),
    passwordFiles: passwords.files,
    passwordsShown: passwords.shown,
    facts: record.facts,
    ...(record.credentialsRetired ? { credentialsRetired: record.credentialsRetired } : {}),
    ...(error ? { error } : {}),
  };
}

/** Call once the sign-in card with the passwords has been shown: a resume will not reissue them. */
export async function markPasswordsShown(store: StateStore, result: RunResult): Promise<void> {
  for (const { step, userName } of result.passwordsToShow) await markPasswordDelivered(store, step, userName);
}
