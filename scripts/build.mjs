// One bundled ESM entry for a fast `npx` start; the interactive UI (Ink, React) is split into
// chunks that load only on the interactive path.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// --outdir lets test runs build a private copy, so parallel runs never replace each other's bundle.
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = values.outdir;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // Bundled CommonJS dependencies call require(); give them one in the ESM bundle.
    js: "#!/usr/bin/env node\nimport { createRequire as __awsDayOneCreateRequire } from 'node:module'; const require = __awsDayOneCreateRequire(import.meta.url);",
  },
  // react-devtools-core is an optional peer of Ink that is never used at run time.
  external: ['react-devtools-core'],
  // React and its reconciler pick their production or development build from NODE_ENV at run time;
  // unset (as for anyone running npx), they would run the development build: larger, slower to load
  // and to render. Fixing it here drops the development builds from the bundle.
  define: { 'process.env.NODE_ENV': '"production"' },
  // The AWS SDK's ESM builds, not its CommonJS ones: esbuild can then drop the IAM commands and
  // schemas never used, which halves the SDK chunk and what every start has to compile.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
chmodSync(join(outdir, 'cli.js'), 0o755);
