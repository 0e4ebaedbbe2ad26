// The layers of src/ (STYLE.md "The shape: layers that only look down"), checked on the imports
// themselves: a file may import its own folder or a lower layer, never a higher one or a peer of
// the same rank; no two files and no two folders import each other, directly or round a loop.
// Test files (*.test.ts) are left out: a test may drive its layer through a higher one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from '../helpers/source-files.js';
import ts from 'typescript';

/**
 * The layer order, highest first, written once. Each entry is a top-level folder of src/ (or a
 * file at its root); entries of one row are peers and may not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['index.ts'],
  ['cli'],
  ['server.ts'],
  ['server-console.ts'],
  ['server-readiness.ts', 'metrics'],
  ['bench', 'client'],
  ['conformance'],
  ['transport', 'auth'],
  ['console'],
  ['audit'],
  ['engine'],
  ['operations'],
  ['store'],
  ['objects'],
  ['crypto'],
  ['messages'],
  ['notation'],
  ['spec'],
  ['ttlv'],
  ['log', 'config', 'version.ts'],
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** file (relative to src/, with .ts) -> the src/ files it imports (type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((f) => f.startsWith('.'))
      .map((f) => relative(root, resolve(dirname(path), f)).replace(/\.js$/, '.ts'));
    graph.set(relative(root, path), targets);
  }
  return graph;
}

function unitOf(file: string): string {
  return file.split('/')[0]!;
}

const rankOf = new Map<string, number>();
LAYERS.forEach((row, i) => row.forEach((unit) => rankOf.set(unit, i)));

/** Strongly connected components of more than one node (or with a self edge): the loops. */
function loops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const graph = importGraph();

test('every top-level folder and root file of src/ has a place in the layer order', () => {
  const units = new Set([...graph.keys()].map(unitOf));
  const missing = [...units].filter((u) => !rankOf.has(u));
  assert.deepEqual(
    missing,
    [],
    `add these to LAYERS in ${relative(process.cwd(), fileURLToPath(import.meta.url))}`,
  );
  const unused = [...rankOf.keys()].filter((u) => !units.has(u));
  assert.deepEqual(unused, [], 'LAYERS names folders that no longer exist');
});

test('imports only point down the layers (no upward arrow, no import between peers)', () => {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    const from = unitOf(file);
    for (const target of targets) {
      const to = unitOf(target);
      if (to === from) continue;
      const a = rankOf.get(from);
      const b = rankOf.get(to);
      if (a === undefined || b === undefined || b <= a) wrong.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no file imports itself back round a loop', () => {
  assert.deepEqual(loops(graph), []);
});

test('no folder imports itself back round a loop (subfolders count as folders)', () => {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = dirname(file);
    const set = folders.get(from) ?? new Set<string>();
    folders.set(from, set);
    for (const t of targets) if (dirname(t) !== from) set.add(dirname(t));
  }
  const folderGraph = new Map([...folders].map(([k, v]) => [k, [...v]]));
  assert.deepEqual(loops(folderGraph), []);
});
