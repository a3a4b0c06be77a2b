import type { RecordedRequest } from '../test/support/aws-proxy.js';

/** Requests that went out in the same round trip. */
export interface Wave {
  readonly actions: string[];
  readonly requests: RecordedRequest[];
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
    waves[level] ??= { actions: [], requests: [] };
    const wave = waves[level]!;
    wave.actions.push(request.action);
    wave.requests.push(request);
  }
  return waves;
}

export function describeWaves(waves: readonly Wave[]): string {
  return waves.map((wave, index) => `${index + 1}. ${wave.actions.join(' + ')}`).join('\n');
}

/**
 * A lower bound on the same count: a request joins the current wave when it is sent before that
 * wave's last answer arrives. Under a loaded emulator the two bounds differ (answers come back
 * staggered); the true chain lies between them.
 */
export function overlappingWaves(requests: readonly RecordedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  let waves = 0;
  let waveEnd = -Infinity;
  for (const request of sorted) {
    if (request.startedAt >= waveEnd) waves++;
    waveEnd = Math.max(waveEnd, request.finishedAt ?? request.startedAt);
  }
  return waves;
}

/** Milliseconds during which at least one request was open at the emulator (the union of their spans). */
export function busyMs(requests: readonly RecordedRequest[]): number {
  const spans = requests.map((r) => [r.startedAt, r.finishedAt ?? r.startedAt] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}
