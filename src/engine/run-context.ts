import type { IAMClient } from '@aws-sdk/client-iam';
import type { Caller } from '../aws/caller.js';
import type { EventSink } from '../contracts/events.js';
import type { DeliveredPassword, Step } from '../contracts/step.js';
import type { StateStore } from '../state/state-store.js';
import type { PasswordDelivery } from './password-delivery.js';
import type { RunRecord } from './run-record.js';
import type { Asking } from './step-questions.js';
import type { StepReadiness } from './step-readiness.js';

/** What every part of one run shares: its inputs, and the record it writes. */
export interface RunContext extends Asking {
  readonly steps: readonly Step[];
  /** IAM for this run: no call goes out once the state file failed (see state-guard.ts). */
  readonly iam: IAMClient;
  readonly caller: Caller;
  readonly store: StateStore;
  /** The run's own event sink; a schedule may give each step another (StepSlot.emit). */
  readonly emit: EventSink;
  readonly record: RunRecord;
  readonly readiness: StepReadiness;
  readonly passwords: PasswordDelivery;
  /** What each step read of the account at the start, by index. */
  readonly inspections: readonly unknown[];
}

/** How the schedule runs one step: where its events go, what it waits for, how its passwords go out. */
export interface StepSlot {
  readonly emit: EventSink;
  /** Resolves once the step may make its changes (the concurrent schedule: after the gate). */
  readonly beforeChanges?: () => Promise<void>;
  /** Hands over a password the step just issued: delivered at once, or held by the schedule. */
  readonly handOver: (password: DeliveredPassword) => Promise<void>;
}
