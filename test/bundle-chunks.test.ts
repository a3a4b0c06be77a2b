import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/source-imports.js';

/** The part of esbuild's metafile read here: for each output file, the modules it holds and what it imports. */
interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

// What src/cli/main.ts imports to run each command: apply and plan first load the connection
// (whileConnecting), then the command. Every import() these modules hold counts: the command may take it.
const commands: Record<string, readonly string[]> = {
  apply: ['src/commands/connect.ts', 'src/commands/apply.ts'],
  plan: ['src/commands/connect.ts', 'src/commands/plan.ts'],
  status: ['src/commands/status.ts'],
  init: ['src/commands/init.ts'],
};
// The interactive UI: loading any of it costs a command hundreds of milliseconds for nothing.
const inkOrReact = /(^|\/)node_modules\/(ink|@inkjs\/ui|react|react-reconciler)\//;

let outdir: string;
let meta: Metafile;
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'aws-day-one-chunks-'));
  await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--outdir', outdir, '--metafile'], {
    cwd: repoRoot,
  });
  meta = JSON.parse(readFileSync(join(outdir, 'metafile.json'), 'utf8')) as Metafile;
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** An output file named from the bundle's directory (chunks/status-X.js), with the first src/ module it holds. */
function label(output: string): string {
  const own = Object.keys(meta.outputs[output]!.inputs).find((input) => input.startsWith('src/'));
  return `${relative(outdir, resolve(repoRoot, output))}${own ? ` [${own}]` : ''}`;
}

/** The output file that loads `module`: the chunk esbuild made for it as an import() target. */
function chunkOf(module: string): string {
  const found = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === module);
  if (!found) throw new Error(`no chunk for ${module} in the bundle`);
  return found[0];
}

/**
 * Every output file reachable from `starts` (static imports, and import() unless `staticOnly`),
 * each with the way it was reached: start -> ... -> it, an import() marked as such.
 */
function reachable(starts: readonly string[], staticOnly: boolean): Map<string, string[]> {
  const ways = new Map(starts.map((start) => [start, [label(start)]]));
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const { path, kind, external } of meta.outputs[from]!.imports) {
      if (external || ways.has(path) || (staticOnly && kind !== 'import-statement')) continue;
      ways.set(path, [...ways.get(from)!, `${kind === 'dynamic-import' ? 'import() ' : ''}${label(path)}`]);
      queue.push(path);
    }
  }
  return ways;
}

describe('the bundle', () => {
  it.each(Object.keys(commands))('lets %s load no chunk holding Ink or React', (command) => {
    const entry = Object.keys(meta.outputs).find((output) => meta.outputs[output]!.entryPoint === 'src/cli/main.ts')!;
    // The entry's own import()s are the other commands: only what it imports statically loads with it.
    const loaded = new Map([...reachable([entry], true), ...reachable(commands[command]!.map(chunkOf), false)]);
    const offending = [...loaded].flatMap(([output, way]) => {
      const ui = Object.keys(meta.outputs[output]!.inputs).filter((input) => inkOrReact.test(input));
      const packages = [...new Set(ui.map((input) => input.match(inkOrReact)![2]))];
      return ui.length > 0 ? [`${way.join(' -> ')} holds ${packages.join(', ')} (${ui.length} modules)`] : [];
    });
    expect(offending).toEqual([]);
  });

  it('still puts Ink and React in chunks of their own (the wizard loads them), so the test above has something to find', () => {
    const ui = Object.values(meta.outputs).filter((output) => Object.keys(output.inputs).some((input) => inkOrReact.test(input)));
    expect(ui.length).toBeGreaterThan(0);
  });
});
