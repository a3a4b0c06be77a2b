import { describeCaller } from '../caller.js';
import type { EngineEvent } from '../events.js';
import type { Change } from '../step.js';

/** Plain progress lines for scripted runs, e.g. `[done] account-alias: acme-prod`. Written to stderr. */
export function createLineReporter(write: (line: string) => void): (event: EngineEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'run-start':
        write(`[info] running as ${describeCaller(event.caller)}`);
        break;
      case 'state-recovered':
        write(`[warn] the saved state could not be read; it was kept as ${event.backup} and progress is read from the account`);
        break;
      case 'step-plan':
        for (const change of event.changes) write(`[plan] ${event.id}: ${formatChange(change)}`);
        break;
      case 'step-note':
        write(`[note] ${event.id}: ${event.note}`);
        break;
      case 'step-skip':
        write(`[skip] ${event.id}: ${event.reason}`);
        break;
      case 'step-done':
        write(`[done] ${event.id}: ${event.summary}`);
        break;
      case 'step-pending':
        write(`[pending] ${event.id}: ${event.pending.reason}. ${event.pending.howTo}`);
        break;
      case 'step-fail':
        write(`[fail] ${event.id}: ${event.message}`);
        break;
      case 'run-end':
        if (!event.failed && event.changedSteps === 0) write('nothing to do');
        break;
      case 'step-start':
        break;
    }
  };
}

export function formatChange(change: Change): string {
  const head = `${change.kind} ${change.target}`;
  const diff = change.diff?.map((d) => `${d.field} ${d.before} -> ${d.after}`).join(', ');
  return [head, change.detail, diff].filter(Boolean).join('; ');
}
