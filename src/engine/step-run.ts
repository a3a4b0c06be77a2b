/**
 * The run of one step: its questions, plan, confirmation, apply, verify, and the work it leaves to
 * a person. Every way a step ends writes its status to the state file and says so in an event.
 * When the step starts, where its events go and when its passwords go out is the schedule's
 * (the StepSlot it is given).
 */
import { iamWaitNotices, NotYetVisibleError, retryVerify, translateAwsError } from '../aws/errors.js';
import type { ApplyContext, Pending, Step, StepOutcome, StepPlan } from '../contracts/step.js';
import type { StepEnd } from '../contracts/step-status.js';
import { createAccountReads } from '../iam/account-reads.js';
import { PasswordNotDeliveredError } from '../secrets/delivery-check.js';
import type { RunContext, StepSlot } from './run-context.js';
import type { StepResult } from './run-record.js';
import { askAgain, askQuestions } from './step-questions.js';
import { DependencyNotRunError } from './step-readiness.js';

/** Runs the step at `index` of the flow to its end; never throws (a failure is its result). */
export async function runStep(run: RunContext, index: number, slot: StepSlot): Promise<StepResult> {
  const step = run.steps[index]!;
  slot.emit({ type: 'step-start', id: step.id, title: step.title, why: step.why });
  try {
    return await planAndApply(run, step, index, slot);
  } catch (error) {
    if (error instanceof DependencyNotRunError) {
      // What this step waited for never came; the failure of that step says why.
      if (!error.afterPlan) return notRun(run, step, 'not run: an earlier step failed');
      slot.emit({ type: 'step-skip', id: step.id, reason: error.message });
      return notRun(run, step, error.message);
    }
    run.readiness.fail(step.id);
    const failure = failureOf(run, error);
    run.record.fail(index, failure);
    slot.emit({ type: 'step-fail', id: step.id, message: failure.message });
    // A state file that cannot be written takes no record of the failure either.
    if (!run.store.failure) await run.store.update(step.id, { status: 'failed', at: now(), summary: failure.message }).catch(() => {});
    return { id: step.id, status: 'failed', summary: failure.message };
  }
}

/** A step that does not run: whatever waits on its work stops too. */
export function notRun(run: RunContext, step: Step, summary: string): StepResult {
  run.readiness.fail(step.id);
  return { id: step.id, status: 'not-run', summary };
}

/** The error a step failed with, as the operator reads it. */
export function failureOf(run: RunContext, error: unknown): Error {
  return run.store.failure ?? (error instanceof PasswordNotDeliveredError ? error : translateAwsError(error, run.caller));
}

async function planAndApply(run: RunContext, step: Step, index: number, slot: StepSlot): Promise<StepResult> {
  let inspection = step.inspectLate?.(run.inspectCtx())
    ? await step.inspect({ ...run.inspectCtx(), reads: createAccountReads(run.iam) })
    : run.inspections[index];
  if (await askQuestions(run, step, inspection)) inspection = await step.inspect(run.inspectCtx());
  for (;;) {
    try {
      const plan = step.plan(inspection, run.inspectCtx());
      run.record.addFacts(plan.facts);
      for (const note of plan.notes ?? []) slot.emit({ type: 'step-note', id: step.id, note });
      const result = await applyPlan(run, step, index, plan, slot);
      run.readiness.announce(step.id);
      return result;
    } catch (error) {
      // A person at the keyboard fixes a bad answer on the spot (e.g. an alias another account
      // has); an answers file cannot, so scripted runs stop with exit 2.
      if (!(await askAgain(run, step, inspection, error))) throw error;
      inspection = await step.inspect(run.inspectCtx());
    }
  }
}

function applyPlan(run: RunContext, step: Step, index: number, plan: StepPlan, slot: StepSlot): Promise<StepResult> {
  // A wait for IAM that runs long says so on the step's own line.
  return iamWaitNotices.run(
    (note) => slot.emit({ type: 'step-note', id: step.id, note }),
    () => applyPlanInside(run, step, index, plan, slot),
  );
}

async function applyPlanInside(run: RunContext, step: Step, index: number, plan: StepPlan, slot: StepSlot): Promise<StepResult> {
  const ctx = applyContext(run, step, index);
  if (plan.changes.length === 0) {
    if (plan.pending) {
      for (const id of plan.pendingNeeds ?? []) await ctx.stepReady(id);
      return awaitPending(run, step, index, plan.pending, slot);
    }
    return skipped(run, step, plan.upToDate ?? 'already as asked', slot);
  }
  await slot.beforeChanges?.().catch((error: unknown) => {
    throw error instanceof DependencyNotRunError ? new DependencyNotRunError(error.dependency, { afterPlan: false }) : error;
  });
  slot.emit({ type: 'step-plan', id: step.id, changes: plan.changes });
  if (!(await run.operator.confirm(step.title, plan))) return skipped(run, step, 'declined by the operator; nothing changed', slot);
  const outcome = await applyChanges(run, step, index, plan, ctx, slot);
  await verifyChanges(step, plan, run, slot);
  slot.emit({ type: 'step-done', id: step.id, summary: outcome.summary });
  if (outcome.pending) {
    slot.emit({ type: 'step-pending', id: step.id, pending: outcome.pending });
    return ended(run, step, 'pending', outcome.pending.reason, outcome.pending);
  }
  return ended(run, step, 'done', outcome.summary);
}

function applyContext(run: RunContext, step: Step, index: number): ApplyContext {
  return {
    ...run.inspectCtx(),
    operator: run.operator,
    saveRecord: (patch) => run.store.update(step.id, patch),
    stepReady: (id) => {
      // Waiting on a later step would wait forever when steps run one by one.
      if (run.steps.findIndex((other) => other.id === id) >= index) throw new Error(`${step.id} cannot wait for ${id}, which comes later`);
      return run.readiness.wait(id);
    },
    announceReady: () => run.readiness.announce(step.id),
  };
}

async function applyChanges(
  run: RunContext,
  step: Step,
  index: number,
  plan: StepPlan,
  ctx: ApplyContext,
  slot: StepSlot,
): Promise<StepOutcome> {
  run.record.applyStarted(index);
  const outcome = await step.apply(plan, ctx);
  run.record.applyReturned(index, outcome);
  for (const password of [...(outcome.password ? [outcome.password] : []), ...(outcome.passwords ?? [])]) {
    run.passwords.issue(step.id, password);
    await slot.handOver(password);
  }
  return outcome;
}

async function verifyChanges(step: Step, plan: StepPlan, run: RunContext, slot: StepSlot): Promise<void> {
  try {
    await retryVerify(() => step.verify(plan, run.inspectCtx()));
  } catch (error) {
    if (!(error instanceof NotYetVisibleError)) throw error;
    // AWS accepted the change; IAM just does not show it yet. Not a failure: say so, and a re-run checks.
    slot.emit({
      type: 'step-note',
      id: step.id,
      note:
        `AWS accepted the change but does not show it yet after ${Math.round(error.waitedMs / 1000)} s ` +
        '(IAM changes take time to appear); run aws-day-one again later to check',
    });
  }
}

/** Console-only work: the operator may do it now (the wizard checks the account), else it stays pending. */
async function awaitPending(run: RunContext, step: Step, index: number, pending: Pending, slot: StepSlot): Promise<StepResult> {
  let after: StepPlan | undefined;
  const check = async (): Promise<boolean> => {
    const inspection = await step.inspect({ ...run.inspectCtx(), reads: createAccountReads(run.iam) });
    after = step.plan(inspection, run.inspectCtx());
    return after.pending === undefined;
  };
  // Checking the account again would be denied once this run's credentials are retired.
  if (run.record.credentialsRetired === undefined && (await run.operator.awaitManual(pending, check)) === 'done') {
    // What the step waited for happened (the admin signed in): its own changes may follow now.
    if (after && after.changes.length > 0) return applyPlan(run, step, index, after, slot);
    const summary = 'done by the operator in the console';
    slot.emit({ type: 'step-done', id: step.id, summary });
    return ended(run, step, 'done', summary);
  }
  slot.emit({ type: 'step-pending', id: step.id, pending });
  return ended(run, step, 'pending', pending.reason, pending);
}

async function skipped(run: RunContext, step: Step, reason: string, slot: StepSlot): Promise<StepResult> {
  slot.emit({ type: 'step-skip', id: step.id, reason });
  return ended(run, step, 'skipped', reason);
}

/** Saves how the step ended, then returns it as the step's result. */
async function ended(run: RunContext, step: Step, end: StepEnd, summary: string, pending?: Pending): Promise<StepResult> {
  await run.store.update(step.id, { status: end, at: now(), summary });
  return { id: step.id, status: end, summary, ...(pending ? { pending } : {}) };
}

function now(): string {
  return new Date().toISOString();
}
