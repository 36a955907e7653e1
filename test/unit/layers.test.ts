// The layers of src/ and the directions their imports may take, checked on every test run:
// protocol/ knows nothing of AppStream's service, the service knows nothing of HTTP, only
// store/ holds SQL, control/ and console/ reach data through the service. And no import cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-root.js';

const SRC = join(PACKAGE_ROOT, 'src');

/** What each layer (a folder of src/) may import besides itself; files at the top of src/ compose them all. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['generated'],
  generated: ['validation'],
  validation: ['errors', 'generated'],
  errors: ['generated'],
  catalog: ['generated', '(top)'],
  protocol: ['errors', 'generated', 'validation', 'core'],
  pipeline: ['protocol', 'errors', 'generated', 'validation', 'core', '(top)'],
  store: ['core', '(top)'],
  service: ['core', 'generated', 'errors', 'store', 'catalog', 'validation', '(top)'],
  control: ['service', 'core', 'errors', 'generated', 'catalog', 'validation', '(top)'],
  console: ['control', 'service', 'core', 'errors', 'generated', 'catalog', 'validation', '(top)'],
};
/** Top-level modules a layer may use: settings types, the logger, the package's location. */
const TOP_ALLOWED = new Set(['config.ts', 'log.ts', 'version.ts', 'package-root.ts']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4]!;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      out.push({ from: relative(SRC, file), to: relative(SRC, target), typeOnly: Boolean(m[2]) });
    }
  }
  return out;
}

const layerOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '(top)');

test('every import goes a permitted way between the layers of src/', () => {
  const wrong: string[] = [];
  for (const e of edges()) {
    const from = layerOf(e.from);
    const to = layerOf(e.to);
    if (from === '(top)' || from === to) continue;
    const allowed = MAY_IMPORT[from];
    assert.ok(allowed, `src/${from}/ is a folder the layer rules do not know: add it to MAY_IMPORT`);
    if (to === '(top)' ? !(allowed.includes('(top)') && TOP_ALLOWED.has(e.to)) : !allowed.includes(to)) wrong.push(`${e.from} -> ${e.to}`);
  }
  assert.deepEqual(wrong, []);
});

test('SQL is written only under src/store/', () => {
  const SQL = /`\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX))\b/;
  const offenders = walk(SRC).filter((f) => !relative(SRC, f).startsWith('store/') && SQL.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => relative(SRC, f)), []);
});

test('no import cycle among the modules of src/ (type-only imports included)', () => {
  const graph = new Map<string, string[]>();
  for (const e of edges()) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  assert.deepEqual(cycles, []);
});
