import { Agent } from 'node:http';
import type { RecordedRequest } from '../test/support/aws-proxy.js';
import { sendQuery, sendRest } from './query-request.js';

/**
 * Sends the requests of a recorded apply again, wave by wave, into another account: each wave at
 * once, the next as soon as every answer of the last is in. The client does nothing else, so the
 * time is what the emulator and the latency cost on their own: no client could finish the same
 * calls in the same waves sooner. Returns milliseconds, first request to last answer.
 */
export async function replayWaves(
  waves: readonly (readonly RecordedRequest[])[],
  url: string,
  fromAccountId: string,
  toAccountId: string,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const intoAccount = (params: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value.replaceAll(fromAccountId, toAccountId)]));
  const started = performance.now();
  try {
    for (const wave of waves) {
      const statuses = await Promise.all(
        wave.map((recorded) =>
          // IAM and STS speak the query protocol; the Account API (security-contact) REST-JSON.
          recorded.service === 'other'
            ? sendRest(url, { ...recorded, body: recorded.body.replaceAll(fromAccountId, toAccountId) }, agent)
            : sendQuery(
                url,
                {
                  service: recorded.service,
                  params: intoAccount(recorded.params),
                  accessKeyId: recorded.accessKeyId,
                  region: recorded.region,
                },
                agent,
              ),
        ),
      );
      // The replay must do what the apply did: an answer that differs (a 4xx where the apply got a 200) means the calls did not replay.
      wave.forEach((recorded, index) => {
        if ((recorded.response?.status ?? 0) !== statuses[index]) {
          throw new Error(`replayed ${recorded.action}: HTTP ${statuses[index]}, the apply got ${recorded.response?.status}`);
        }
      });
    }
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}
