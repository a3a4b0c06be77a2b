import type { RecordedRequest } from '../test/support/aws-proxy.js';

/** Requests that went out in the same round trip. */
export interface Wave {
  readonly actions: string[];
}

/**
 * Sequential round trips: a request's wave is one more than the latest wave among the requests
 * answered before it was sent, so requests in flight together share a wave and the number of
 * waves is the longest chain of requests that waited for one another.
 */
export function sequentialWaves(requests: readonly RecordedRequest[]): Wave[] {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  const depth = new Map<RecordedRequest, number>();
  const waves: Wave[] = [];
  for (const request of sorted) {
    let level = 0;
    for (const [earlier, earlierLevel] of depth) {
      if ((earlier.finishedAt ?? Infinity) <= request.startedAt) level = Math.max(level, earlierLevel + 1);
    }
    depth.set(request, level);
    (waves[level] ??= { actions: [] }).actions.push(request.action);
  }
  return waves;
}

export function describeWaves(waves: readonly Wave[]): string {
  return waves.map((wave, index) => `${index + 1}. ${wave.actions.join(' + ')}`).join('\n');
}
