import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string;
    cliPath: string;
  }
}

/** Builds the CLI bundle the tests run, and starts one moto server for every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const outdir = mkdtempSync(join(tmpdir(), 'aws-day-one-dist-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', outdir], { cwd: root, stdio: 'inherit' });
  project.provide('cliPath', join(outdir, 'cli.js'));
  const moto = await startMoto();
  project.provide('motoUrl', moto.url);
  return async () => {
    await moto.stop();
    rmSync(outdir, { recursive: true, force: true });
  };
}
