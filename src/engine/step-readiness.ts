import type { StepId } from '../contracts/step.js';

/** Raised in a step that waited on another step's work when that step failed or did not run. */
export class DependencyNotRunError extends Error {
  /** False when the step stopped before it showed its plan (it changed nothing). */
  readonly afterPlan: boolean;
  constructor(
    readonly dependency: StepId,
    options: { afterPlan?: boolean } = {},
  ) {
    super(`stopped: ${dependency} did not finish`);
    this.afterPlan = options.afterPlan ?? true;
  }
}

/** Per step, whether what later steps build on exists yet (see ApplyContext.stepReady). */
export interface StepReadiness {
  wait(id: StepId): Promise<void>;
  announce(id: StepId): void;
  /** The step failed or did not run: everything waiting on it stops. */
  fail(id: StepId): void;
}

export function createStepReadiness(ids: readonly StepId[]): StepReadiness {
  const entries = new Map(
    ids.map((id) => {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A failure nobody waits on is not an unhandled rejection.
      promise.catch(() => undefined);
      return [id, { promise, resolve, reject: () => reject(new DependencyNotRunError(id)) }] as const;
    }),
  );
  const entry = (id: StepId) => {
    const found = entries.get(id);
    if (!found) throw new Error(`no step ${id} in this run`);
    return found;
  };
  return {
    wait: (id) => entry(id).promise,
    announce: (id) => entry(id).resolve(),
    fail: (id) => entry(id).reject(),
  };
}
