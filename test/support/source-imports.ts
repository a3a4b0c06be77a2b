import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** One import of a module in src/ by another: `from` and `to` are paths from the repository root. */
export interface SourceImport {
  readonly from: string;
  readonly to: string;
  /** `import type`, `export type ... from`, or an import whose every name is `type`: gone at run time. */
  readonly typeOnly: boolean;
  /** `import('...')`: loaded when the code runs, not when the importing module loads. */
  readonly dynamic: boolean;
}

/** The .ts and .tsx files under `dir` (a path from the repository root), sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => `${dir}/${name}`)
    .sort();
}

/**
 * Every import between modules of src/: static `import` and `export ... from`, and `import()`
 * anywhere in the code, read from TypeScript's own parse (so comments and strings never count).
 * Imports of packages, and of files outside src/ (package.json, the schema), are not part of the graph.
 */
export function sourceImports(files: readonly string[]): SourceImport[] {
  return files.flatMap((file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const found: SourceImport[] = [];
    const visit = (node: ts.Node): void => {
      const spec = specifierOf(node);
      if (spec?.text.startsWith('.')) {
        const to = resolveModule(file, spec.text);
        if (to.startsWith('src/')) found.push({ from: file, to, typeOnly: spec.typeOnly, dynamic: spec.dynamic });
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
    return mergePairs(found);
  });
}

/** One edge per pair of modules: type only if every import between them is, import() if every one is. */
function mergePairs(found: readonly SourceImport[]): SourceImport[] {
  const pairs = new Map<string, SourceImport>();
  for (const edge of found) {
    const key = `${edge.from} ${edge.to}`;
    const seen = pairs.get(key);
    pairs.set(key, seen ? { ...edge, typeOnly: seen.typeOnly && edge.typeOnly, dynamic: seen.dynamic && edge.dynamic } : edge);
  }
  return [...pairs.values()];
}

function specifierOf(node: ts.Node): { text: string; typeOnly: boolean; dynamic: boolean } | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
    const clause = node.importClause;
    const names = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
    const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && names.length > 0 && names.every((name) => name.isTypeOnly)));
    return { text: node.moduleSpecifier.text, typeOnly, dynamic: false };
  }
  if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return { text: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, dynamic: false };
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [argument] = node.arguments;
    if (argument && ts.isStringLiteralLike(argument)) return { text: argument.text, typeOnly: false, dynamic: true };
  }
  return undefined;
}

/** `./x.js` written in a .ts file names x.ts or x.tsx (NodeNext resolution); other files keep their name. */
function resolveModule(from: string, spec: string): string {
  const target = relative(repoRoot, join(repoRoot, dirname(from), spec));
  const candidates = spec.endsWith('.js') ? [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')] : [target];
  const found = candidates.find((path) => existsSync(join(repoRoot, path)));
  if (!found) throw new Error(`${from}: cannot resolve import '${spec}'`);
  return found;
}

/**
 * The import cycles: each strongly connected group of two or more modules (Tarjan's algorithm),
 * sorted, with the imports inside the group (any way round the group goes through them).
 */
export function importCycles(edges: readonly SourceImport[]): { files: string[]; inside: SourceImport[] }[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) visit(target);
      if (stack.includes(target)) low.set(node, Math.min(low.get(node)!, low.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = stack.splice(stack.indexOf(node));
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.map((files) => ({ files, inside: edges.filter((edge) => files.includes(edge.from) && files.includes(edge.to)) }));
}
