import type { EngineEvent, EventSink } from '../contracts/events.js';

/**
 * Passes on each step's events only once the steps before it have finished, so the progress lines
 * of steps applied concurrently read like those of a run that took them one by one. The earliest
 * unfinished step's events go out as they happen.
 */
export function createOrderedEvents(
  stepCount: number,
  emit: EventSink,
): {
  forStep(index: number): EventSink;
  finish(index: number): void;
} {
  const held: EngineEvent[][] = Array.from({ length: stepCount }, () => []);
  const finished: boolean[] = new Array<boolean>(stepCount).fill(false);
  let head = 0;
  return {
    forStep: (index) => (event) => {
      if (index === head) emit(event);
      else held[index]!.push(event);
    },
    finish(index) {
      finished[index] = true;
      while (head < stepCount && finished[head]) {
        head++;
        for (const event of held[head]?.splice(0) ?? []) emit(event);
      }
    },
  };
}
