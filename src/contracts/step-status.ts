/**
 * The one vocabulary for where a step stands, used by the state file, the engine's events and
 * results, and the wizard. Each user takes the part it needs (the Extract types below), so a word
 * means the same everywhere and a new one is added here first.
 *
 * The ends (StepEnd) are stored in the state file on disk: renaming one would make saved runs
 * unreadable by the same code, so that needs a migration of the file.
 */
export type StepStatus =
  /** Not reached yet. */
  | 'waiting'
  /** Under way. */
  | 'running'
  /** Its work is in the account (made by this run or found there). */
  | 'done'
  /** Nothing to do, or the operator declined its plan. */
  | 'skipped'
  /** Left to a person (console-only work). */
  | 'pending'
  | 'failed'
  /** Never started: an earlier step, or one it builds on, failed. */
  | 'not-run';

/** How a step that ran ended: what the state file stores and what a finishing event reports. */
export type StepEnd = Extract<StepStatus, 'done' | 'skipped' | 'pending' | 'failed'>;

/** Where each step of a run ended up (RunResult): an end, or not run at all. */
export type StepResultStatus = StepEnd | Extract<StepStatus, 'not-run'>;

/** What the wizard shows for a step: not reached, under way, or how it ended. */
export type StepProgress = Extract<StepStatus, 'waiting' | 'running'> | StepEnd;

/** The event (src/contracts/events.ts) that reports each end. */
export const stepEndEvent = {
  done: 'step-done',
  skipped: 'step-skip',
  pending: 'step-pending',
  failed: 'step-fail',
} as const satisfies Record<StepEnd, `step-${string}`>;

export type StepEndEvent = (typeof stepEndEvent)[StepEnd];

/** The end an event reports, or undefined for an event that ends no step. */
export function stepEndOf(eventType: string): StepEnd | undefined {
  return (Object.keys(stepEndEvent) as StepEnd[]).find((end) => stepEndEvent[end] === eventType);
}
