import type { Answers } from './answers.js';
import { createAccountReads } from './account-reads.js';
import { iamWaitNotices, NotYetVisibleError, retryVerify, translateAwsError } from './aws-errors.js';
import type { AwsClients } from './aws-clients.js';
import { signInUrl, type Caller } from './caller.js';
import { removeStaleTemps, writeOwnFileAtomic } from './atomic-file.js';
import { accountChangesBy, countAccountChanges } from './account-changes.js';
import { PasswordNotDeliveredError } from './password-delivery.js';
import { BadInputError, ExitCode, StoppedAfterChangesError, type RunChange } from './errors.js';
import type { EventSink } from './events.js';
import { createOrderedEvents } from './ordered-events.js';
import { createStepReadiness, DependencyNotRunError } from './step-readiness.js';
import type { Operator } from './operator.js';
import { markPasswordDelivered, markPasswordFileIdentity, markPasswordFileWritten, type StateStore } from './state-store.js';
import type { ApplyContext, DeliveredPassword, InspectContext, Pending, RunPassword, Step, StepId, StepPlan } from './step.js';
import { getPath, setPath } from './object-path.js';

export interface RunInput {
  readonly steps: readonly Step[];
  readonly clients: AwsClients;
  readonly caller: Caller;
  readonly answers: Answers;
  readonly operator: Operator;
  readonly store: StateStore;
  readonly emit: EventSink;
}

export interface StepResult {
  readonly id: StepId;
  readonly status: 'done' | 'skipped' | 'pending' | 'failed' | 'not-run';
  readonly summary: string;
  readonly pending?: Pending;
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
  /** Why this run's credentials can no longer call AWS (a step put the caller under the MFA policy). */
  readonly credentialsRetired?: string;
  readonly error?: Error;
}

export interface CardPassword {
  readonly step: StepId;
  readonly userName: string;
  readonly password: string;
}

export interface PlannedStep {
  readonly step: Step;
  readonly plan: StepPlan;
}

/** Reads the account for every step at once (independent reads go out concurrently). */
async function inspectAll(steps: readonly Step[], ctx: InspectContext): Promise<unknown[]> {
  return Promise.all(steps.map((step) => step.inspect(ctx)));
}

/** The whole plan, with no mutating call: `aws-day-one plan`, and the scripted preflight. */
export async function planAll(steps: readonly Step[], ctx: InspectContext): Promise<PlannedStep[]> {
  const inspections = await inspectAll(steps, ctx);
  return steps.map((step, index) => ({ step, plan: step.plan(inspections[index], ctx) }));
}

export async function runFlow(input: RunInput): Promise<RunResult> {
  const { steps, caller, operator, store, emit } = input;
  // Once the state file cannot be written, it no longer records what the run does: no AWS call
  // goes out after that, so the run stops before its next change.
  const clients: AwsClients = { ...input.clients, iam: stopWhenStateFails(input.clients.iam, store) };
  const answers = structuredClone(input.answers);
  const reads = createAccountReads(clients.iam);
  // Counted on the client itself: the wrapper above is new for every run, the client may not be.
  countAccountChanges(input.clients.iam);
  const changesAtStart = accountChangesBy(input.clients.iam);
  const signingAccessKeyId = await clients.signingAccessKeyId();
  const runPasswords: RunPassword[] = [];
  const inspectCtx = (): InspectContext => ({
    iam: clients.iam, ...(clients.account ? { account: clients.account } : {}), caller, answers, reads, savedRecord: (id) => store.record(id), signingAccessKeyId,
    passwordsOfRun: () => runPasswords.map((p) => ({ ...p })),
  });

  emit({ type: 'run-start', caller, steps: steps.map(({ id, title }) => ({ id, title })) });
  if (store.recoveredFrom) emit({ type: 'state-recovered', backup: store.recoveredFrom, ...(store.recoveryReason && { reason: store.recoveryReason }) });
  for (const path of sweepSecretTemps(store, answers)) emit({ type: 'temp-removed', path });

  const results: StepResult[] = [];
  const passwordsToShow: CardPassword[] = [];
  const passwordFiles: { userName: string; path: string }[] = [];
  const passwordsShown: { userName: string }[] = [];
  const facts: Record<string, string> = {};
  const readiness = createStepReadiness(steps.map((step) => step.id));
  const failures = new Map<number, Error>();
  const heldPasswords: { index: number; password: DeliveredPassword }[] = [];
  let changedSteps = 0;
  // The engine's record of what this run changed: steps applied (with their summary, by index), and
  // steps whose apply() began but did not return.
  const applied = new Map<number, string>();
  const applying = new Set<number>();
  /** Set once a step has put the caller under the MFA policy: from then on no call may be sent. */
  let credentialsRetired: string | undefined;

  let inspections: unknown[];
  let plans: StepPlan[] | undefined;
  try {
    inspections = await inspectAll(steps, inspectCtx());
    if (!operator.interactive) {
      // Scripted: every answer is known, so every plan is computed (and any bad input found) before the first change.
      plans = steps.map((step, index) => step.plan(inspections[index], inspectCtx()));
    }
  } catch (error) {
    const translated = translateAwsError(error, caller);
    emit({ type: 'run-end', changedSteps: 0, pendingSteps: 0, failed: true });
    return finish(translated);
  }

  if (plans) await runConcurrently(plans);
  else await runInOrder();

  const pendingSteps = results.filter((r) => r.status === 'pending').length;
  const failure = firstFailure();
  emit({ type: 'run-end', changedSteps, pendingSteps, failed: failure !== undefined });
  return finish(failure);

  /** Steps fail concurrently in scripted runs: the exit code and message follow the earliest in flow order. */
  function firstFailure(): Error | undefined {
    return failures.size === 0 ? undefined : failures.get(Math.min(...failures.keys()));
  }

  /** The wizard: one step after the other, each confirmed by the operator; a failure stops the run. */
  async function runInOrder(): Promise<void> {
    for (const [index, step] of steps.entries()) {
      if (failures.size > 0) {
        results[index] = notRun(step, 'not run: an earlier step failed');
        continue;
      }
      results[index] = await runOne(step, index, emit);
    }
  }

  /**
   * Scripted: steps start together and each waits only for the work it builds on (stepReady), so
   * independent calls share a round trip. A step whose answer only AWS can check goes first; steps
   * that run last wait for all the others. Progress lines still come out in flow order.
   */
  async function runConcurrently(planned: readonly StepPlan[]): Promise<void> {
    const ordered = createOrderedEvents(steps.length, emit);
    const gates = steps.filter((step, index) => step.answerCheckedByAws && planned[index]!.changes.length > 0).map((step) => step.id);
    const runs: Promise<void>[] = [];
    let lastBarrier: Promise<unknown> = Promise.resolve();
    for (const [index, step] of steps.entries()) {
      // A step that needs the people to have their passwords (root access keys) starts only once
      // every other step is through and every password of the run went where it was asked to go.
      const startAfter = step.afterPasswordsDelivered
        ? Promise.all([...runs]).then(deliverHeldPasswords)
        : step.runsLast ? Promise.all([...runs]) : lastBarrier;
      const run = startAfter.then(async () => {
        if (step.runsLast && failures.size > 0) {
          results[index] = notRun(step, 'not run: an earlier step failed');
        } else {
          const waitForGates = gates.includes(step.id) ? undefined : async () => void (await Promise.all(gates.map((id) => readiness.wait(id))));
          results[index] = await runOne(step, index, ordered.forStep(index), waitForGates);
        }
        ordered.finish(index);
      });
      runs.push(run);
      if (step.runsLast || step.afterPasswordsDelivered) lastBarrier = run;
    }
    await Promise.all(runs);
    await deliverHeldPasswords();
  }

  /**
   * Passwords reach the operator only once every step is through, so none is known to anybody
   * while the group a user joined still lacks the MFA policy (admin-group attaches it concurrently).
   */
  async function deliverHeldPasswords(): Promise<void> {
    for (const { index, password } of heldPasswords.splice(0).sort((a, b) => a.index - b.index)) {
      try {
        await deliverPassword(steps[index]!.id, password);
      } catch (error) {
        const failure = store.failure ?? (error instanceof PasswordNotDeliveredError ? error : translateAwsError(error, caller));
        failures.set(index, failure);
        emit({ type: 'step-fail', id: steps[index]!.id, message: failure.message });
        results[index] = { id: steps[index]!.id, status: 'failed', summary: failure.message };
      }
    }
  }

  function notRun(step: Step, summary: string): StepResult {
    readiness.fail(step.id);
    return { id: step.id, status: 'not-run', summary };
  }

  async function runOne(step: Step, index: number, emitStep: EventSink, beforeChanges?: () => Promise<void>): Promise<StepResult> {
    emitStep({ type: 'step-start', id: step.id, title: step.title, why: step.why });
    try {
      let inspection = step.inspectLate?.(inspectCtx()) ? await step.inspect({ ...inspectCtx(), reads: createAccountReads(clients.iam) }) : inspections[index];
      if (await askQuestions(step, inspection)) inspection = await step.inspect(inspectCtx());
      for (;;) {
        try {
          const plan = step.plan(inspection, inspectCtx());
          Object.assign(facts, plan.facts);
          for (const note of plan.notes ?? []) emitStep({ type: 'step-note', id: step.id, note });
          const result = await runStep(step, index, plan, emitStep, beforeChanges);
          readiness.announce(step.id);
          return result;
        } catch (error) {
          // A person at the keyboard fixes a bad answer on the spot (e.g. an alias another account
          // has); an answers file cannot, so scripted runs stop with exit 2.
          if (!(await askAgain(step, inspection, error))) throw error;
          inspection = await step.inspect(inspectCtx());
        }
      }
    } catch (error) {
      if (error instanceof DependencyNotRunError) {
        // What this step waited for never came; the gate's own failure says why.
        if (!error.afterPlan) return notRun(step, 'not run: an earlier step failed');
        emitStep({ type: 'step-skip', id: step.id, reason: error.message });
        return notRun(step, error.message);
      }
      readiness.fail(step.id);
      const failure = store.failure ?? (error instanceof PasswordNotDeliveredError ? error : translateAwsError(error, caller));
      failures.set(index, failure);
      emitStep({ type: 'step-fail', id: step.id, message: failure.message });
      // A state file that cannot be written takes no record of the failure either.
      if (!store.failure) await store.update(step.id, { status: 'failed', at: now(), summary: failure.message }).catch(() => {});
      return { id: step.id, status: 'failed', summary: failure.message };
    }
  }

  function finish(failure: Error | undefined): RunResult {
    const error = failure && changedAccount() ? new StoppedAfterChangesError(failure, runChanges()) : failure;
    const pending = results.some((r) => r.status === 'pending');
    const exitCode = error
      ? error instanceof BadInputError ? ExitCode.badInput : ExitCode.failure
      : pending ? ExitCode.pendingManual : ExitCode.done;
    // Steps applied concurrently deliver in any order; the card lists them in flow order.
    const flowOrder = (step: StepId): number => steps.findIndex((s) => s.id === step);
    passwordsToShow.sort((a, b) => flowOrder(a.step) - flowOrder(b.step));
    return {
      exitCode, steps: results, changedSteps, answers, passwordsToShow, passwordFiles, passwordsShown, facts,
      ...(credentialsRetired ? { credentialsRetired } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** Whether this run changed the account: a step applied, or a mutating call AWS applied or may have. */
  function changedAccount(): boolean {
    return applied.size > 0 || accountChangesBy(input.clients.iam) > changesAtStart;
  }

  function runChanges(): RunChange[] {
    return steps.flatMap((step, index): RunChange[] => {
      if (applied.has(index)) {
        // Made, but the stop came before the step read its change back from the account.
        const unconfirmed = results[index]?.status === 'failed' ? ' (made, not yet read back)' : '';
        return [{ step: step.id, summary: `${applied.get(index)!}${unconfirmed}` }];
      }
      if (applying.has(index)) return [{ step: step.id }];
      return [];
    });
  }

  /** Asks again the question whose answer a step refused; false when there is none to ask. */
  async function askAgain(step: Step, inspection: unknown, error: unknown): Promise<boolean> {
    if (!operator.interactive || !(error instanceof BadInputError)) return false;
    // A field inside a list (teams[1].policies[0]) is answered again by the question for the list.
    const question = step.questions?.(inspection, inspectCtx()).find((q) => error.field === q.key || error.field.startsWith(`${q.key}[`));
    if (!question) return false;
    setPath(answers, question.key, await operator.ask(question, getPath(answers, question.key), error.problem));
    return true;
  }

  /** Returns true when an answer changed, so the step's inspection must be redone. */
  async function askQuestions(step: Step, inspection: unknown): Promise<boolean> {
    const questions = step.questions?.(inspection, inspectCtx()) ?? [];
    let changed = false;
    for (const question of questions) {
      const current = getPath(answers, question.key);
      const value = await operator.ask(question, current);
      if (value !== current) {
        setPath(answers, question.key, value);
        changed = true;
      }
    }
    return changed;
  }

  function runStep(step: Step, index: number, plan: StepPlan, emit: EventSink, beforeChanges?: () => Promise<void>): Promise<StepResult> {
    // A wait for IAM that runs long says so on the step's own line.
    return iamWaitNotices.run((note) => emit({ type: 'step-note', id: step.id, note }), () => runStepBody(step, index, plan, emit, beforeChanges));
  }

  async function runStepBody(step: Step, index: number, plan: StepPlan, emit: EventSink, beforeChanges?: () => Promise<void>): Promise<StepResult> {
    const ctx: ApplyContext = {
      ...inspectCtx(),
      operator,
      saveRecord: (patch) => store.update(step.id, patch),
      stepReady: (id) => {
        // Waiting on a later step would wait forever in the wizard, which runs steps in order.
        if (steps.findIndex((other) => other.id === id) >= index) throw new Error(`${step.id} cannot wait for ${id}, which comes later`);
        return readiness.wait(id);
      },
      announceReady: () => readiness.announce(step.id),
    };
    if (plan.changes.length === 0) {
      if (plan.pending) {
        for (const id of plan.pendingNeeds ?? []) await ctx.stepReady(id);
        return awaitPending(step, index, plan.pending, emit, beforeChanges);
      }
      const reason = plan.upToDate ?? 'already as asked';
      emit({ type: 'step-skip', id: step.id, reason });
      await store.update(step.id, { status: 'skipped', at: now(), summary: reason });
      return { id: step.id, status: 'skipped', summary: reason };
    }
    await beforeChanges?.().catch((error: unknown) => {
      throw error instanceof DependencyNotRunError ? new DependencyNotRunError(error.dependency, { afterPlan: false }) : error;
    });
    emit({ type: 'step-plan', id: step.id, changes: plan.changes });
    if (!(await operator.confirm(step.title, plan))) {
      const reason = 'declined by the operator; nothing changed';
      emit({ type: 'step-skip', id: step.id, reason });
      await store.update(step.id, { status: 'skipped', at: now(), summary: reason });
      return { id: step.id, status: 'skipped', summary: reason };
    }
    applying.add(index);
    const outcome = await step.apply(plan, ctx);
    applying.delete(index);
    applied.set(index, outcome.summary);
    changedSteps++;
    credentialsRetired ??= outcome.credentialsRetired;
    for (const password of [...(outcome.password ? [outcome.password] : []), ...(outcome.passwords ?? [])]) {
      runPasswords.push({ step: step.id, userName: password.userName, delivered: false, shownToPerson: false });
      // The wizard hands each password over at once, before any step that needs its user to sign in.
      if (operator.interactive) await deliverPassword(step.id, password);
      else heldPasswords.push({ index, password });
    }
    try {
      await retryVerify(() => step.verify(plan, inspectCtx()));
    } catch (error) {
      if (!(error instanceof NotYetVisibleError)) throw error;
      // AWS accepted the change; IAM just does not show it yet. Not a failure: say so, and a re-run checks.
      emit({ type: 'step-note', id: step.id, note: `AWS accepted the change but does not show it yet after ${Math.round(error.waitedMs / 1000)} s (IAM changes take time to appear); run aws-day-one again later to check` });
    }
    emit({ type: 'step-done', id: step.id, summary: outcome.summary });
    if (outcome.pending) {
      emit({ type: 'step-pending', id: step.id, pending: outcome.pending });
      await store.update(step.id, { status: 'pending', at: now(), summary: outcome.pending.reason });
      return { id: step.id, status: 'pending', summary: outcome.pending.reason, pending: outcome.pending };
    }
    await store.update(step.id, { status: 'done', at: now(), summary: outcome.summary });
    return { id: step.id, status: 'done', summary: outcome.summary };
  }

  async function awaitPending(step: Step, index: number, pending: Pending, emit: EventSink, beforeChanges?: () => Promise<void>): Promise<StepResult> {
    let after: StepPlan | undefined;
    const check = async (): Promise<boolean> => {
      const inspection = await step.inspect({ ...inspectCtx(), reads: createAccountReads(clients.iam) });
      after = step.plan(inspection, inspectCtx());
      return after.pending === undefined;
    };
    // Checking the account again would be denied once this run's credentials are retired.
    if (credentialsRetired === undefined && (await operator.awaitManual(pending, check)) === 'done') {
      // What the step waited for happened (the admin signed in): its own changes may follow now.
      if (after && after.changes.length > 0) return runStep(step, index, after, emit, beforeChanges);
      const summary = 'done by the operator in the console';
      emit({ type: 'step-done', id: step.id, summary });
      await store.update(step.id, { status: 'done', at: now(), summary });
      return { id: step.id, status: 'done', summary };
    }
    emit({ type: 'step-pending', id: step.id, pending });
    await store.update(step.id, { status: 'pending', at: now(), summary: pending.reason });
    return { id: step.id, status: 'pending', summary: pending.reason, pending };
  }

  /**
   * A password counts as delivered only once its bytes reached the destination: the file written,
   * fsynced and renamed, or the person saw it. Anything else leaves it 'pending' in the state, so the
   * next run issues a new one.
   */
  async function deliverPassword(stepId: StepId, password: DeliveredPassword): Promise<void> {
    const entry = runPasswords.find((p) => p.step === stepId && p.userName === password.userName && !p.delivered);
    if (password.file) {
      try {
        // Exclusive: the write itself fails if anything is at the path (a file, a link), whatever the plan saw.
        // Its identity is recorded before it appears: a run killed right after knows the file as its own.
        await writeOwnFileAtomic(password.file, `${password.password}\n`, { exclusive: !password.replaceOwnFile },
          (identity) => markPasswordFileIdentity(store, stepId, password.userName, identity));
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code === 'EEXIST'
          ? 'something appeared at that path after the plan found it free; it was left as it is'
          : error instanceof Error ? error.message : String(error);
        throw new PasswordNotDeliveredError([password.userName], `cannot write ${password.file} (${why})`);
      }
      await markPasswordFileWritten(store, stepId, password.userName, password.file);
      passwordFiles.push({ userName: password.userName, path: password.file });
      await markPasswordDelivered(store, stepId, password.userName);
      if (entry) entry.delivered = true;
      return;
    }
    const url = signInUrl(caller.partition, facts['alias'] || answers.account.alias || caller.accountId);
    const handover = (await operator.deliverPassword?.({ userName: password.userName, password: password.password, signInUrl: url })) ?? 'held';
    if (handover === 'delivered') {
      await markPasswordDelivered(store, stepId, password.userName);
      passwordsShown.push({ userName: password.userName });
      if (entry) Object.assign(entry, { delivered: true, shownToPerson: true });
    } else {
      // On the sign-in card printed when the run ends; apply marks it delivered once that write succeeded.
      passwordsToShow.push({ step: stepId, userName: password.userName, password: password.password });
    }
  }

}

/** Every IAM call first checks that the state file is still being written (see StateStore.failure). */
function stopWhenStateFails(iam: AwsClients['iam'], store: StateStore): AwsClients['iam'] {
  return new Proxy(iam, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<typeof target.send>) => {
        if (store.failure) return Promise.reject(store.failure);
        return (target.send as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * A run killed between writing a secret's temp file and renaming it leaves `.NAME.HEX.tmp` behind,
 * holding the secret. The next run removes this tool's temp files next to every secret destination
 * the state remembers (a re-run may name other files) and the ones the answers name now.
 */
function sweepSecretTemps(store: StateStore, answers: Answers): string[] {
  const targets = new Set<string>();
  const add = (path: string | undefined): void => {
    if (path && path !== 'card') targets.add(path);
  };
  for (const record of Object.values(store.state.steps)) {
    add(record?.passwordTarget);
    add(record?.mfaSeedTarget);
    for (const user of Object.values(record?.users ?? {})) {
      add(user.passwordTarget);
      add(user.mfaSeedTarget);
    }
  }
  for (const path of [answers.admin.passwordFile, answers.admin.mfaSeedFile, ...answers.users.flatMap((u) => [u.passwordFile, u.mfaSeedFile])]) add(path);
  return [...targets].flatMap((path) => removeStaleTemps(path));
}

/** Call once the sign-in card with the passwords has been shown: a resume will not reissue them. */
export async function markPasswordsShown(store: StateStore, result: RunResult): Promise<void> {
  for (const { step, userName } of result.passwordsToShow) await markPasswordDelivered(store, step, userName);
}

function now(): string {
  return new Date().toISOString();
}
