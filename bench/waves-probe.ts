// Quick look at the request waves of one scripted apply and one re-run (50 ms per request), without
// the rest of bench/run.ts: `npx tsx bench/waves-probe.ts`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsProxy } from '../test/support/aws-proxy.js';
import { startMoto } from '../test/support/moto.js';
import { describeWaves, sequentialWaves } from './waves.js';
import { warmAccount } from './warm-account.js';

const root = join(import.meta.dirname, '..');
const bundle = mkdtempSync(join(tmpdir(), 'aws-day-one-probe-'));
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', bundle], { cwd: root });
const moto = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'aws-day-one-probe-run-'));
writeFileSync(join(dir, 'answers.yaml'), 'account: { alias: probe-co }\nadmin: { mfa: seed-file, mfaSeedFile: ./mfa.uri }\n');
await warmAccount(moto.url, '246813579024');
const proxy = await startAwsProxy({ target: moto.url, accountId: '246813579024', latencyMs: 50 });
// Asynchronous: the proxy answers from this process's event loop.
const run = (): Promise<number> =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(bundle, 'cli.js'), 'apply', '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state')],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_ENDPOINT_URL: proxy.url,
        },
        stdio: 'ignore',
      },
    );
    child.on('close', () => resolve(performance.now() - started));
  });
for (const label of ['fresh apply', 're-run']) {
  const before = proxy.requests.length;
  const ms = await run();
  const waves = sequentialWaves(proxy.requests.slice(before));
  console.log(
    `${label}: ${Math.round(ms)} ms, ${waves.length} waves, ${proxy.requests.length - before} requests\n${describeWaves(waves)}\n`,
  );
}
await proxy.close();
await moto.stop();
