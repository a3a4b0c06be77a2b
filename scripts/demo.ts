// `npm run demo`: rehearse the day-1 flow with no AWS account. Starts moto (the IAM emulator the
// tests use) and opens the wizard against it; arguments after `--` go to the CLI instead
// (e.g. `npm run demo -- apply --answers answers.yaml`). moto stops when the CLI exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoto } from '../test/support/moto.js';

const root = join(import.meta.dirname, '..');
process.stderr.write('demo: starting moto (the IAM emulator)...\n');
const moto = await startMoto();
const stateHome = mkdtempSync(join(tmpdir(), 'aws-day-one-demo-'));
process.stderr.write(`demo: moto on ${moto.url}, account 123456789012, fake keys; state in ${stateHome}\n\n`);

const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    XDG_STATE_HOME: stateHome,
  },
});
// Ctrl-C reaches the CLI through the terminal itself; this process waits for it, then cleans up.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))));
await moto.stop();
rmSync(stateHome, { recursive: true, force: true });
process.exit(code);
