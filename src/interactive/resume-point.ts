import type { StateFile } from '../state/state-store.js';
import type { Step, StepId } from '../contracts/step.js';
import type { StepEnd } from '../contracts/step-status.js';
import type { ResumeOffer } from './wizard-store.js';

const finished: ReadonlySet<StepEnd | undefined> = new Set<StepEnd>(['done', 'skipped']);
const goneThrough: ReadonlySet<StepEnd | undefined> = new Set<StepEnd>(['done', 'skipped', 'pending']);

/**
 * Where a saved run left off: the first step not done or skipped. Undefined when nothing was
 * saved for this account (a first run).
 */
export function resumePoint(state: StateFile, steps: readonly Step[]): (ResumeOffer & { before: ReadonlySet<StepId> }) | undefined {
  const recorded = steps.filter((step) => state.steps[step.id]?.status !== undefined);
  if (recorded.length === 0 && state.answers === undefined) return undefined;
  const index = steps.findIndex((step) => !finished.has(state.steps[step.id]?.status));
  const at = index === -1 ? steps.length - 1 : index;
  const step = steps[at];
  if (!step) return undefined;
  return { stepNumber: at + 1, title: step.title, before: new Set(steps.slice(0, at).map((s) => s.id)) };
}

/**
 * Whether the saved run went through every step: each is done, skipped, or left to a person
 * (pending). Such a run has nothing to resume; whether the account still has it all is for the
 * account to say.
 */
export function savedRunFinished(state: StateFile, steps: readonly Step[]): boolean {
  return steps.every((step) => goneThrough.has(state.steps[step.id]?.status));
}
