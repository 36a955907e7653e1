#!/usr/bin/env node
// `npm test`: compile everything (the type check is part of the test), then run every
// *.test.js under dist/test with node's test runner. `--fuzz` runs the long fuzz suite too;
// file arguments narrow the run (`npm test -- conformance/errors`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const fuzz = args.includes('--fuzz');
const filters = args.filter((a) => !a.startsWith('--'));

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('run-tests: the TypeScript build failed; no tests were run.');
  process.exit(tsc.status ?? 1);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

let files = walk('dist/test').sort();
if (!fuzz) files = files.filter((f) => !f.endsWith('.fuzz-long.test.js'));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => relative('dist/test', f).includes(x)));
if (files.length === 0) {
  console.error('run-tests: no test files matched.');
  process.exit(1);
}

const env = { ...process.env, APPSTREAM_LOCAL_FUZZ_LONG: fuzz ? '1' : '' };
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
