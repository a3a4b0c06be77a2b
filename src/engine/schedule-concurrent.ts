/**
 * The concurrent schedule (`apply`): every answer is known, so steps start together and each waits
 * only for the work it builds on (ApplyContext.stepReady): independent calls share a round trip.
 *
 * The rules it keeps:
 * - the gate first: a step whose answer only AWS can check (answerCheckedByAws) and that has changes
 *   makes them before any other step makes one, so a refused answer changes nothing;
 * - a runsLast step starts only once every step before it has ended, and does not run once any failed;
 * - an afterPasswordsDelivered step starts only once every step before it has ended and every
 *   password the run issued went where it was asked to go;
 * - a step that waits on a failed or not-run step stops (StepReadiness);
 * - the events come out in flow order, as if the steps had run one by one (ordered-events.ts);
 * - passwords are held, and go out in flow order once every step is through (or, with an
 *   afterPasswordsDelivered step, every step before it): none is known to anybody while the group
 *   its user joined may still lack the MFA policy (admin-group attaches it concurrently).
 */
import type { StepId, StepPlan } from '../contracts/step.js';
import { createOrderedEvents } from './ordered-events.js';
import type { RunContext, StepSlot } from './run-context.js';
import { failureOf, notRun, runStep } from './step-run.js';

/** `plans`: every step's plan, computed before the first change (they say which steps are gates). */
export async function runConcurrently(run: RunContext, plans: readonly StepPlan[]): Promise<void> {
  const { steps, readiness } = run;
  const ordered = createOrderedEvents(steps.length, run.emit);
  const gates = steps.filter((step, index) => step.answerCheckedByAws && plans[index]!.changes.length > 0).map((step) => step.id);
  const runs: Promise<void>[] = [];
  let lastBarrier: Promise<unknown> = Promise.resolve();
  for (const [index, step] of steps.entries()) {
    const startAfter = step.afterPasswordsDelivered
      ? Promise.all([...runs]).then(() => deliverHeldPasswords(run))
      : step.runsLast
        ? Promise.all([...runs])
        : lastBarrier;
    const stepRun = startAfter.then(async () => {
      if (step.runsLast && run.record.anyFailed) {
        run.record.setResult(index, notRun(run, step, 'not run: an earlier step failed'));
      } else {
        const slot: StepSlot = {
          emit: ordered.forStep(index),
          ...(gates.includes(step.id) ? {} : { beforeChanges: () => waitFor(gates, (id) => readiness.wait(id)) }),
          handOver: async (password) => run.passwords.hold(index, step.id, password),
        };
        run.record.setResult(index, await runStep(run, index, slot));
      }
      ordered.finish(index);
    });
    runs.push(stepRun);
    // Steps after a runsLast or afterPasswordsDelivered step start only once it has ended.
    if (step.runsLast || step.afterPasswordsDelivered) lastBarrier = stepRun;
  }
  await Promise.all(runs);
  await deliverHeldPasswords(run);
}

async function waitFor(ids: readonly StepId[], wait: (id: StepId) => Promise<void>): Promise<void> {
  await Promise.all(ids.map((id) => wait(id)));
}

/** A password that cannot be delivered fails the step that issued it (after its own 'step-done'). */
function deliverHeldPasswords(run: RunContext): Promise<void> {
  return run.passwords.deliverHeld((index, error) => {
    const id = run.steps[index]!.id;
    const failure = failureOf(run, error);
    run.record.fail(index, failure);
    run.emit({ type: 'step-fail', id, message: failure.message });
    run.record.setResult(index, { id, status: 'failed', summary: failure.message });
  });
}
