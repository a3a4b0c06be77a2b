/**
 * The one-by-one schedule (the wizard): one step after the other, in flow order, each confirmed by
 * the operator before it changes anything.
 *
 * The rules it keeps: a step starts only once the one before it has ended; once a step failed, the
 * steps after it do not run; a password goes out as soon as its step issued it, before any later
 * step needs its user to sign in. Flow order alone keeps the gate (answerCheckedByAws) first and
 * runsLast/afterPasswordsDelivered last, as the flow lists them there.
 */
import type { RunContext, StepSlot } from './run-context.js';
import { notRun, runStep } from './step-run.js';

export async function runOneByOne(run: RunContext): Promise<void> {
  for (const [index, step] of run.steps.entries()) {
    if (run.record.anyFailed) {
      run.record.setResult(index, notRun(run, step, 'not run: an earlier step failed'));
      continue;
    }
    const slot: StepSlot = { emit: run.emit, handOver: (password) => run.passwords.deliver(step.id, password) };
    run.record.setResult(index, await runStep(run, index, slot));
  }
}
