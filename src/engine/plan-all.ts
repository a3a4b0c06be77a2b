import type { InspectContext, Step, StepPlan } from '../contracts/step.js';

export interface PlannedStep {
  readonly step: Step;
  readonly plan: StepPlan;
}

/** Reads the account for every step at once (independent reads go out concurrently). */
export async function inspectAll(steps: readonly Step[], ctx: InspectContext): Promise<unknown[]> {
  return Promise.all(steps.map((step) => step.inspect(ctx)));
}

/** The whole plan, with no mutating call: `aws-day-one plan`, and the scripted preflight. */
export async function planAll(steps: readonly Step[], ctx: InspectContext): Promise<PlannedStep[]> {
  const inspections = await inspectAll(steps, ctx);
  return steps.map((step, index) => ({ step, plan: step.plan(inspections[index], ctx) }));
}
