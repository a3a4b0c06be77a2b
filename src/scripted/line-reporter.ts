import { describeCaller } from '../aws/caller.js';
import { palette, type Palette } from '../lib/color.js';
import type { EngineEvent } from '../contracts/events.js';
import type { Change } from '../contracts/plan.js';

/** Plain progress lines for scripted runs, `[done] STEP-ID: SUMMARY` and the like. Written to stderr. */
export function createLineReporter(write: (line: string) => void, paint: Palette = palette(false)): (event: EngineEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'run-start':
        write(`${paint.dim('[info]')} running as ${describeCaller(event.caller)}`);
        break;
      case 'state-recovered':
        write(
          `${paint.yellow('[warn]')} the saved state could not be read${event.reason ? ` (${event.reason})` : ''}; ` +
            `it was kept as ${event.backup} and progress is read from the account`,
        );
        break;
      case 'temp-removed':
        write(`${paint.yellow('[warn]')} removed ${event.path}, a temp file left by an interrupted write of a secret file`);
        break;
      case 'step-plan':
        for (const change of event.changes) write(`${paint.cyan('[plan]')} ${event.id}: ${formatChange(change)}`);
        break;
      case 'step-note':
        write(`${paint.dim('[note]')} ${event.id}: ${event.note}`);
        break;
      case 'step-skip':
        write(`${paint.dim('[skip]')} ${event.id}: ${event.reason}`);
        break;
      case 'step-done':
        write(`${paint.green('[done]')} ${event.id}: ${event.summary}`);
        break;
      case 'step-pending':
        write(`${paint.yellow('[pending]')} ${event.id}: ${event.pending.reason}. ${event.pending.howTo}`);
        break;
      case 'step-fail':
        write(`${paint.red('[fail]')} ${event.id}: ${event.message}`);
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
