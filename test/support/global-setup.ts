import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string;
  }
}

/** Builds the CLI bundle the tests run, and starts one moto server for every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const moto = await startMoto();
  project.provide('motoUrl', moto.url);
  return () => moto.stop();
}
