import { type Caller, type KnownTaskPolicy, taskPolicyMayBe, taskPolicyWords } from '../aws/caller.js';
import { ExitCode } from '../lib/errors.js';
import type { EventSink } from '../contracts/events.js';
import type { Pending, Step, StepId } from '../contracts/step.js';
import type { PlannedStep, RunResult, StepResult } from '../engine/run-flow.js';

/**
 * The steps these credentials can run, and the others. Only an sts:AssumeRoot task session has
 * others: its task policy allows a handful of calls on root's own credentials, and a step runs only
 * when it says it can under that policy (Step.taskPolicies). The engine is given the possible steps
 * alone, so a step that is not possible makes no call; the command reports it with the results.
 */
export interface CallerSteps {
  /** Every step of the flow, in order. */
  readonly all: readonly Step[];
  readonly possible: readonly Step[];
  readonly notPossible: ReadonlyMap<StepId, Pending>;
}

const allowedByPolicy: Record<KnownTaskPolicy, string> = {
  IAMAuditRootUserCredentials: "reading the root user's own credentials",
  IAMDeleteRootUserCredentials: "reading and deleting the root user's own credentials",
  'audit-or-delete': "reading the root user's own credentials, and perhaps deleting them",
};

export function stepsForCaller(steps: readonly Step[], caller: Caller): CallerSteps {
  if (!caller.rootTask) return { all: steps, possible: steps, notPossible: new Map() };
  const policy = caller.rootTaskPolicy;
  const pending: Pending = {
    reason: `not possible with these credentials, so not attempted: ${
      policy
        ? `${taskPolicyWords(policy)} allows only ${allowedByPolicy[policy]}`
        : "this sts:AssumeRoot session's task policy allows none of its calls"
    }`,
    howTo: 'Run aws-day-one again as the root user, or as an IAM user or role with AdministratorAccess',
  };
  const possible = (step: Step): boolean => step.taskPolicies?.some((wanted) => taskPolicyMayBe(policy, wanted)) === true;
  return {
    all: steps,
    possible: steps.filter(possible),
    notPossible: new Map(steps.filter((step) => !possible(step)).map((step) => [step.id, pending])),
  };
}

/**
 * The run's events as the engine sends them, and right after the start, one `pending` for each
 * step that is not possible: the progress lines and the wizard show every step of the flow.
 */
export function reportNotPossible(emit: EventSink, scope: CallerSteps): EventSink {
  if (scope.notPossible.size === 0) return emit;
  return (event) => {
    if (event.type === 'run-end') return emit({ ...event, pendingSteps: event.pendingSteps + scope.notPossible.size });
    if (event.type !== 'run-start') return emit(event);
    emit({ ...event, steps: scope.all.map(({ id, title }) => ({ id, title })) });
    for (const [id, pending] of scope.notPossible) emit({ type: 'step-pending', id, pending });
  };
}

/**
 * The run's result with the steps that were not possible, in flow order. Work is left undone, so a
 * run that ends well exits 3 (done, except what is left to a person), never 0; a failure keeps its
 * own exit code, and exit 2 still means that nothing was changed.
 */
export function withNotPossible(result: RunResult, scope: CallerSteps): RunResult {
  if (scope.notPossible.size === 0) return result;
  const steps = scope.all.flatMap((step): StepResult[] => {
    const ran = result.steps.find((r) => r.id === step.id);
    const pending = scope.notPossible.get(step.id);
    if (ran || !pending) return ran ? [ran] : [];
    return [{ id: step.id, status: 'pending', summary: pending.reason, pending }];
  });
  return { ...result, steps, exitCode: result.exitCode === ExitCode.done ? ExitCode.pendingManual : result.exitCode };
}

/** The plan of every step: the possible ones as planned, the others as not possible. */
export function planWithNotPossible(planned: readonly PlannedStep[], scope: CallerSteps): PlannedStep[] {
  return scope.all.flatMap((step): PlannedStep[] => {
    const plan = planned.find((p) => p.step.id === step.id);
    const pending = scope.notPossible.get(step.id);
    if (plan || !pending) return plan ? [plan] : [];
    return [{ step, plan: { changes: [], pending, data: undefined } }];
  });
}
