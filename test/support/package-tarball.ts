import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** A private npm: its own cache, offline, and none of the npm_* settings of an `npm test` parent. */
export function isolatedNpmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

export interface PackedTarball {
  readonly path: string;
  /** Paths inside the package, sorted. */
  readonly files: readonly string[];
  readonly bytes: number;
}

/**
 * `npm pack` of a copy of the source tree whose dist/ is `bundleDir` (built by scripts/build.mjs),
 * so the working tree's dist/ is never rebuilt under someone else's feet.
 */
export async function packWithBundle(bundleDir: string): Promise<PackedTarball> {
  const stage = mkdtempSync(join(tmpdir(), 'aws-day-one-stage-'));
  cpSync(root, stage, {
    recursive: true,
    filter: (source) => {
      const rel = relative(root, source);
      return !/(^|\/)(node_modules|\.git|\.venv[^/]*)$/.test(rel) && rel !== 'dist' && !rel.endsWith('.tgz');
    },
  });
  cpSync(bundleDir, join(stage, 'dist'), { recursive: true });
  const out = mkdtempSync(join(tmpdir(), 'aws-day-one-pack-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
    cwd: stage,
    env: isolatedNpmEnv(join(out, 'cache')),
  });
  const [packed] = JSON.parse(stdout) as { filename: string; size: number; files: { path: string }[] }[];
  return { path: join(out, packed!.filename), files: packed!.files.map((f) => f.path).sort(), bytes: packed!.size };
}

export interface NpxRun {
  readonly stdout: string;
  readonly stderr: string;
}

export interface NpxSandbox {
  /** `npx --yes ./TARBALL ...args` in the empty directory, offline. Rejects on a non-zero exit. */
  npx(args: readonly string[]): Promise<NpxRun>;
  /** What npx installed: package names and bytes on disk (file sizes) under its node_modules. */
  installed(): { packages: string[]; bytes: number };
}

/** An empty directory holding only the tarball, with an empty private npm cache. */
export function npxSandbox(tarball: string): NpxSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'aws-day-one-npx-'));
  cpSync(tarball, join(dir, basename(tarball)));
  const cache = join(dir, '.npm-cache');
  return {
    async npx(args) {
      const { stdout, stderr } = await run('npx', ['--yes', `./${basename(tarball)}`, ...args], { cwd: dir, env: isolatedNpmEnv(cache) });
      return { stdout, stderr };
    },
    installed() {
      const npxRoot = join(cache, '_npx');
      const modules = join(npxRoot, readdirSync(npxRoot)[0]!, 'node_modules');
      const packages = readdirSync(modules)
        .filter((name) => !name.startsWith('.'))
        .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name]));
      return { packages, bytes: sizeOf(modules) };
    },
  };
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}
