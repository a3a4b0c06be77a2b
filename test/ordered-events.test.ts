import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../src/contracts/events.js';
import { createOrderedEvents } from '../src/engine/ordered-events.js';
import type { StepId } from '../src/contracts/step.js';

const done = (id: StepId): EngineEvent => ({ type: 'step-done', id, summary: id });

describe('progress lines of concurrent steps', () => {
  it('come out in flow order: a later step is held until the ones before it finish, the earliest streams live', () => {
    const out: string[] = [];
    const ordered = createOrderedEvents(3, (event) => out.push(event.type === 'step-done' ? event.id : event.type));
    ordered.forStep(2)(done('admin-group'));
    ordered.forStep(1)(done('password-policy'));
    expect(out).toEqual([]);
    ordered.forStep(0)(done('account-alias'));
    expect(out).toEqual(['account-alias']);
    ordered.finish(2);
    expect(out).toEqual(['account-alias']);
    ordered.finish(0);
    // Step 1 is now the earliest unfinished: its held line goes out, and its next ones live.
    expect(out).toEqual(['account-alias', 'password-policy']);
    ordered.forStep(1)({ type: 'step-note', id: 'password-policy', note: 'n' });
    expect(out).toEqual(['account-alias', 'password-policy', 'step-note']);
    ordered.finish(1);
    expect(out).toEqual(['account-alias', 'password-policy', 'step-note', 'admin-group']);
  });
});
