// One bundled ESM entry for a fast `npx` start; the interactive UI (Ink, React) is split into
// chunks that load only on the interactive path.
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// --outdir lets test runs build a private copy, so parallel runs never replace each other's bundle.
// --metafile also writes esbuild's account of the build (which modules each chunk holds, what each
// chunk imports) to OUTDIR/metafile.json, for the test that checks what each command can load; off
// by default, so the published dist/ holds only the bundle.
const { values } = parseArgs({
  options: { outdir: { type: 'string', default: 'dist' }, metafile: { type: 'boolean', default: false } },
});
const outdir = values.outdir;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
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
    js:
      "#!/usr/bin/env node\nimport { createRequire as __awsDayOneCreateRequire } from 'node:module'; " +
      'const require = __awsDayOneCreateRequire(import.meta.url);',
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
  metafile: values.metafile,
});
if (result.metafile) writeFileSync(join(outdir, 'metafile.json'), JSON.stringify(result.metafile, null, 2));
chmodSync(join(outdir, 'cli.js'), 0o755);
