// bin/entry.js: a start runs the bundle (scripts/bundle.mjs) unless a module of tsc's output is
// newer, so that a build by tsc alone (watch and incremental builds rewrite only what changed)
// never runs an older bundle's code; the package ships only the bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/package-root.js';

const { cliEntry } = (await import(pathToFileURL(join(PACKAGE_ROOT, 'bin', 'entry.js')).href)) as { cliEntry(root: URL): URL | undefined };

function tree(files: Record<string, number>): { root: URL; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'asl-entry-'));
  for (const [path, mtimeS] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), mtimeS, mtimeS);
  }
  return { root: pathToFileURL(dir + '/'), dir };
}

test('the bundle unless a module of dist/src is newer, dist/src without a bundle, nothing when nothing was built', () => {
  const cases: [Record<string, number>, string | undefined][] = [
    [{ 'dist/src/cli.js': 1000, 'dist/bundle/cli.js': 1000 }, 'dist/bundle/cli.js'],
    [{ 'dist/src/cli.js': 1000, 'dist/bundle/cli.js': 2000 }, 'dist/bundle/cli.js'],
    [{ 'dist/src/cli.js': 2000, 'dist/bundle/cli.js': 1000 }, 'dist/src/cli.js'],
    // An incremental build rewrote one module, not cli.js.
    [{ 'dist/src/cli.js': 1000, 'dist/src/service/x/handlers.js': 3000, 'dist/bundle/cli.js': 2000 }, 'dist/src/cli.js'],
    [{ 'dist/src/cli.js': 1000, 'dist/src/service/x/handlers.js': 1500, 'dist/src/x.d.ts': 3000, 'dist/bundle/cli.js': 2000 }, 'dist/bundle/cli.js'],
    [{ 'dist/src/cli.js': 1000 }, 'dist/src/cli.js'],
    [{ 'dist/bundle/cli.js': 1000 }, 'dist/bundle/cli.js'],
    [{ 'bin/appstream-local.js': 1000 }, undefined],
  ];
  for (const [files, expected] of cases) {
    const { root, dir } = tree(files);
    try {
      assert.equal(cliEntry(root)?.href, expected && new URL(expected, root).href, JSON.stringify(files));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("this build's CLI starts from its bundle, which loads the PostgreSQL driver only with the PostgreSQL store", () => {
  const entry = cliEntry(pathToFileURL(PACKAGE_ROOT + '/'));
  assert.equal(entry?.href, pathToFileURL(join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.js')).href);
  const dir = join(PACKAGE_ROOT, 'dist', 'bundle');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const driverChunk = files.filter((f) => /^import [^\n]* from "pg";$/m.test(readFileSync(join(dir, f), 'utf8')));
  // Only the store's own chunk imports the driver, and other code reaches it by a dynamic import.
  assert.deepEqual(driverChunk.map((f) => f.replace(/-[\w]+\.js$/, '')), ['postgres-db']);
  assert.ok(files.some((f) => readFileSync(join(dir, f), 'utf8').includes(`import("./${driverChunk[0]}")`)));
});
