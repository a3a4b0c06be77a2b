import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { cliPath } from './support/cli.js';
import { expectCompleteHelp } from './support/help-coverage.js';
import { npxSandbox, packWithBundle, type PackedTarball } from './support/package-tarball.js';

const allowed = (path: string): boolean =>
  ['package.json', 'README.md', 'LICENSE', 'answers.schema.json'].includes(path) || path.startsWith('dist/');

let tarball: PackedTarball;
beforeAll(async () => {
  tarball = await packWithBundle(dirname(cliPath()));
}, 120_000);

describe('the packed tarball', () => {
  it('holds only the bundle, the schema, README, LICENSE and package.json', () => {
    expect(tarball.files.filter((path) => !allowed(path))).toEqual([]);
    expect(tarball.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'answers.schema.json', 'dist/cli.js']));
  });

  it('declares no runtime dependencies, and builds itself before packing', () => {
    const manifest = packageJson as {
      dependencies?: object;
      optionalDependencies?: object;
      peerDependencies?: object;
      scripts: Record<string, string>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.scripts['prepack']).toMatch(/scripts\/build\.mjs/);
  });

  it("runs React's production build: no code left that picks a build from NODE_ENV at run time", () => {
    // Unset NODE_ENV (anyone running npx) would otherwise select React's development build.
    const chunks = join(dirname(cliPath()), 'chunks');
    const choosing = readdirSync(chunks).filter(
      (name) => name.endsWith('.js') && readFileSync(join(chunks, name), 'utf8').includes('process.env.NODE_ENV'),
    );
    expect(choosing).toEqual([]);
  });

  it('runs with npx in an empty directory, offline (--help, --version), installing one small package', async () => {
    const sandbox = npxSandbox(tarball.path);
    expectCompleteHelp((await sandbox.npx(['--help'])).stdout);
    expect((await sandbox.npx(['--version'])).stdout).toBe(`${packageJson.version}\n`);
    const { packages, bytes } = sandbox.installed();
    expect(packages).toEqual(['aws-day-one']);
    // The budget is 3 MB installed; bench/RESULTS.md records the actual figure.
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  }, 120_000);
});
