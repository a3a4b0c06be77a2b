import { loadAnswersFile, startingAnswers } from '../answers/answers.js';
import { translateAwsError } from '../aws/errors.js';
import { describeCaller } from '../aws/caller.js';
import type { CliOptions } from './options.js';
import { planAll, planContext, type PlannedStep } from '../engine/run-flow.js';
import { ExitCode } from '../lib/errors.js';
import { formatChange } from '../scripted/line-reporter.js';
import { defaultStateDir, openStateStore } from '../state/state-store.js';
import type { Change, Pending } from '../contracts/plan.js';
import { daySteps } from '../steps/index.js';
import type { Io } from './apply.js';
import type { PendingConnection } from './connect.js';
import { planWithNotPossible, stepsForCaller } from './caller-steps.js';

/** One step of `plan --json`: a stable shape. */
export interface PlanEntry {
  readonly id: string;
  readonly title: string;
  readonly status: 'change' | 'up-to-date' | 'pending-manual';
  readonly changes: readonly Change[];
  readonly reason?: string;
  readonly pending?: Pending;
  readonly notes: readonly string[];
}

export function toPlanEntries(planned: readonly PlannedStep[]): PlanEntry[] {
  return planned.map(({ step, plan }) => ({
    id: step.id,
    title: step.title,
    status: plan.changes.length > 0 ? 'change' : plan.pending ? 'pending-manual' : 'up-to-date',
    changes: plan.changes,
    ...(plan.upToDate && plan.changes.length === 0 && !plan.pending ? { reason: plan.upToDate } : {}),
    ...(plan.pending ? { pending: plan.pending } : {}),
    notes: plan.notes ?? [],
  }));
}

export function renderPlan(entries: readonly PlanEntry[]): string {
  const width = Math.max(...entries.map((e) => e.id.length));
  const lines: string[] = [];
  for (const entry of entries) {
    const label = entry.id.padEnd(width);
    const items =
      entry.status === 'change'
        ? entry.changes.map(formatChange)
        : entry.status === 'pending-manual'
          ? [`pending (by hand): ${entry.pending?.reason}. ${entry.pending?.howTo}`]
          : [`already done: ${entry.reason}`];
    items.push(...entry.notes.map((note) => `note: ${note}`));
    for (const [index, item] of items.entries()) lines.push(`${index === 0 ? label : ' '.repeat(width)}  ${item}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `aws-day-one plan`: every change a run would make, and not one mutating call. */
export async function runPlan(options: CliOptions, connecting: PendingConnection, io: Io): Promise<number> {
  const answers = options.answers ? loadAnswersFile(options.answers) : startingAnswers();
  const { clients, caller } = await connecting.connected(answers.account.id);
  const store = openStateStore(options.stateDir ?? defaultStateDir(), caller.accountId, { readOnly: true });
  const scope = stepsForCaller(daySteps, caller);
  let planned: PlannedStep[];
  try {
    const context = planContext(clients, caller, answers, (id) => store.record(id), await clients.signingAccessKeyId());
    planned = await planAll(scope.possible, context);
  } catch (error) {
    throw translateAwsError(error, caller);
  }
  const entries = toPlanEntries(planWithNotPossible(planned, scope));
  if (options.json) {
    io.stdout(`${JSON.stringify({ accountId: caller.accountId, caller: caller.arn, steps: entries }, null, 2)}\n`);
  } else {
    io.stderr(`[info] plan for ${describeCaller(caller)}; nothing is changed`);
    io.stdout(renderPlan(entries));
  }
  return ExitCode.done;
}
