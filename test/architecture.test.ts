import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, repoRoot, sourceFiles, sourceImports, type SourceImport } from './support/source-imports.js';

// The layers of src/, top to bottom. THE RULE: a module may import only from its own layer or a layer
// below it, never from one above. Each directory under src/ is one layer (its subdirectories with it);
// interactive/ and scripted/ are one layer: the two ways a run gets its answers and reports progress.
// README.md ("Layout") says what each holds; a new directory gets its place here.
const layers: readonly (readonly string[])[] = [
  ['cli'],
  ['commands'],
  ['ui'],
  ['interactive', 'scripted'],
  ['status'],
  ['engine'],
  ['steps'],
  ['iam'],
  ['state'],
  ['contracts'],
  ['answers'],
  ['aws'],
  ['secrets'],
  ['lib'],
];

// Lines stay at most 140 characters (Biome's lineWidth); the formatter cannot break a long string
// or comment, so this is the hard limit for those.
const maxLineLength = 160;
// Written by scripts/gen-answers-validator.mjs (Ajv's standalone code), never by hand.
const generated = ['src/answers/validator.generated.ts'];

const directoryOf = (file: string): string => file.split('/')[1]!;
const layerOf = (file: string): number => layers.findIndex((layer) => layer.includes(directoryOf(file)));
const layerName = (file: string): string => layers[layerOf(file)]!.join('/');

const files = sourceFiles('src');
const imports = sourceImports(files);
const typeNote = (edge: SourceImport): string => (edge.typeOnly ? ' (type only)' : edge.dynamic ? ' (import())' : '');

describe('the layers of src/', () => {
  it('place every directory of src/ (a new one needs its place in the layer map)', () => {
    const unplaced = [...new Set(files.filter((file) => layerOf(file) < 0).map((file) => directoryOf(file)))];
    expect(unplaced).toEqual([]);
  });

  it('hold no import cycle (type-only imports count: they tie the design together all the same)', () => {
    const cycles = importCycles(imports).map(
      ({ files: group, inside }) =>
        `${group.join(', ')}: ${inside.map((edge) => `${edge.from} -> ${edge.to}${typeNote(edge)}`).join('; ')}`,
    );
    expect(cycles).toEqual([]);
  });

  it('hold no import of a layer above the importing one', () => {
    const upward = imports
      .filter((edge) => layerOf(edge.to) < layerOf(edge.from))
      .map((edge) => `${edge.from} -> ${edge.to} (layer ${layerName(edge.to)} above ${layerName(edge.from)})${typeNote(edge)}`);
    expect(upward).toEqual([]);
  });

  it('let no step import another step: only src/steps/index.ts gathers them', () => {
    const crossing = imports
      .filter((edge) => edge.from.startsWith('src/steps/') && edge.to.startsWith('src/steps/') && edge.from !== 'src/steps/index.ts')
      .map((edge) => `${edge.from} -> ${edge.to}${typeNote(edge)}`);
    expect(crossing).toEqual([]);
  });

  it('let status/ import nothing from steps/ (status judges the account on its own, not by how the steps change it)', () => {
    const reaching = imports
      .filter((edge) => edge.from.startsWith('src/status/') && edge.to.startsWith('src/steps/'))
      .map((edge) => `${edge.from} -> ${edge.to}${typeNote(edge)}`);
    expect(reaching).toEqual([]);
  });
});

describe('line length in src/ and test/', () => {
  it(`is at most ${maxLineLength} characters`, () => {
    const long = [...sourceFiles('src'), ...sourceFiles('test')]
      .filter((file) => !generated.includes(file))
      .flatMap((file) =>
        readFileSync(join(repoRoot, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => ([...line].length > maxLineLength ? [`${file}:${i + 1} (${[...line].length})`] : [])),
      );
    expect(long).toEqual([]);
  });
});
