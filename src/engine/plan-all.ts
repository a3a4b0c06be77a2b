import type { Answers } from '../answers/answers.js';
import type { Caller } from '../aws/caller.js';
import type { AwsClients } from '../aws/clients.js';
import type { InspectContext, Step, StepPlan } from '../contracts/step.js';
import { createAccountReads } from '../iam/account-reads.js';

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

/**
 * What a plan outside a run reads with (`plan`, the wizard's re-run check): the same clients as a
 * run, the Account API's included (security-contact reads the contact with it), and fresh reads.
 */
export function planContext(
  clients: AwsClients,
  caller: Caller,
  answers: Answers,
  savedRecord: InspectContext['savedRecord'],
  signingAccessKeyId: string | undefined,
): InspectContext {
  return {
    iam: clients.iam,
    ...(clients.account ? { account: clients.account } : {}),
    caller,
    answers,
    reads: createAccountReads(clients.iam),
    savedRecord,
    signingAccessKeyId,
  };
}
