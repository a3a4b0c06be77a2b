import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const pin = readFileSync(join(root, 'scripts', 'moto-version'), 'utf8').trim();
const venvServer = join(root, '.venv-moto', 'bin', 'moto_server');

export interface Moto {
  readonly url: string;
  stop(): Promise<void>;
}

const installHint = [
  `Install it with \`npm run moto:setup\` (creates .venv-moto with moto[server]==${pin};`,
  'needs python3 with venv and access to PyPI).',
].join(' ');

/** A moto_server of the pinned version: one on PATH if it matches, else the project venv (installed on demand). */
function motoServerBinary(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout.trim();
  if (onPath && versionOf(onPath) === pin) return onPath;
  if (!existsSync(venvServer) || versionOf(venvServer) !== pin) {
    const setup = spawnSync('bash', [join(root, 'scripts', 'setup-moto.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (setup.status !== 0) {
      throw new Error(`moto could not be installed (exit ${setup.status}): ${setup.stderr.slice(-2000)}\n${installHint}`);
    }
  }
  return venvServer;
}

function versionOf(binary: string): string | undefined {
  const python = join(binary, '..', 'python');
  const out = spawnSync(existsSync(python) ? python : 'python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts moto on a free 127.0.0.1 port with AWS managed policies loaded. Fails (never skips) when it cannot. */
export async function startMoto(): Promise<Moto> {
  const binary = motoServerBinary();
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}\n${installHint}`);
    try {
      const response = await fetch(`${url}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`moto_server did not answer on ${url} within 60 s: ${stderr}\n${installHint}`);
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
