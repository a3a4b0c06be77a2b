import type { Caller } from '../aws/caller.js';
import type { Change, Pending } from './plan.js';
import type { StepId } from './step-id.js';
import type { stepEndEvent } from './step-status.js';

/**
 * What the engine tells a reporter (plain lines, Ink, JSON). Never carries a secret. The events that
 * end a step are named after the step's end (src/contracts/step-status.ts).
 */
export type EngineEvent =
  | { readonly type: 'run-start'; readonly caller: Caller; readonly steps: readonly { id: StepId; title: string }[] }
  | { readonly type: 'state-recovered'; readonly backup: string; readonly reason?: string }
  /** A temp file of an interrupted secret write, removed (it may have held a secret; never shown). */
  | { readonly type: 'temp-removed'; readonly path: string }
  | { readonly type: 'step-start'; readonly id: StepId; readonly title: string; readonly why: string }
  | { readonly type: 'step-plan'; readonly id: StepId; readonly changes: readonly Change[] }
  | { readonly type: 'step-note'; readonly id: StepId; readonly note: string }
  | { readonly type: typeof stepEndEvent.skipped; readonly id: StepId; readonly reason: string }
  | { readonly type: typeof stepEndEvent.done; readonly id: StepId; readonly summary: string }
  | { readonly type: typeof stepEndEvent.pending; readonly id: StepId; readonly pending: Pending }
  | { readonly type: typeof stepEndEvent.failed; readonly id: StepId; readonly message: string }
  | { readonly type: 'run-end'; readonly changedSteps: number; readonly pendingSteps: number; readonly failed: boolean };

export type EventSink = (event: EngineEvent) => void;
