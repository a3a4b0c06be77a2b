// One bundled ESM entry for a fast `npx` start; the interactive UI (Ink, React) is split into
// chunks that load only on the interactive path.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
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
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
