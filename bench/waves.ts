import type { RecordedRequest } from '../test/support/aws-proxy.js';

/** Requests whose time in flight overlaps: they went out together, so they cost one round trip. */
export interface Wave {
  readonly actions: string[];
}

/** Groups requests into sequential waves: a request that starts before the current wave has fully answered joins it. */
export function sequentialWaves(requests: readonly RecordedRequest[]): Wave[] {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  const waves: Wave[] = [];
  let waveEnd = -Infinity;
  for (const request of sorted) {
    const end = request.finishedAt ?? request.startedAt;
    if (request.startedAt < waveEnd && waves.length > 0) {
      waves.at(-1)!.actions.push(request.action);
      waveEnd = Math.max(waveEnd, end);
    } else {
      waves.push({ actions: [request.action] });
      waveEnd = end;
    }
  }
  return waves;
}

export function describeWaves(waves: readonly Wave[]): string {
  return waves.map((wave, index) => `${index + 1}. ${wave.actions.join(' + ')}`).join('\n');
}
