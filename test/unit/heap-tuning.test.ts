// The CLI's heap growing factor (src/heap-tuning.ts): set unless node was started with its own.
// What it does to the GC is measured by the bench (bench/analysis.md), not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/package-root.js';
import { HEAP_GROWING_PERCENT, tuneHeap } from '../../src/heap-tuning.js';

test('a factor given on node\'s command line is kept, in either spelling node takes', () => {
  for (const argv of [['--heap-growing-percent=50'], ['--heap_growing_percent=50'], ['--inspect', '--heap-growing-percent=0']]) {
    assert.equal(tuneHeap(argv), false, argv.join(' '));
  }
});

test('otherwise it sets its own (src/cli.ts calls it once the server is up), and V8 takes it without a word on stderr', () => {
  // In a child: V8 prints unknown or malformed flags to stderr, and this process's flags stay as they are.
  const module = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'heap-tuning.js')).href;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); console.log(m.tuneHeap([]), m.HEAP_GROWING_PERCENT)`], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, '');
  assert.equal(child.stdout.trim(), `true ${HEAP_GROWING_PERCENT}`);
});
