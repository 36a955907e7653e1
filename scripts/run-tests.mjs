#!/usr/bin/env node
// `npm test`: compile everything (the type check is part of the test) and bundle the CLI, then run every
// *.test.js under dist/test with node's test runner, then the Go SDK suites (compat/go, in both
// protocols) when `go` is on the PATH. `--fuzz` runs the long fuzz suite too; arguments narrow
// the run (`npm test -- conformance/errors`; `compat/go` runs only the Go suites,
// `compat/go:cbor` or `compat/go:json` one of them). APPSTREAM_LOCAL_REQUIRE_GO=1 (.ci/run)
// makes a missing `go` a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GO_SUITES, goVersion, runGoSuite } from './go-suites.mjs';
import { bundle } from './bundle.mjs';

const args = process.argv.slice(2);
const fuzz = args.includes('--fuzz');
const filters = args.filter((a) => !a.startsWith('--'));

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('run-tests: the TypeScript build failed; no tests were run.');
  process.exit(tsc.status ?? 1);
}
// The CLI that the tests start runs from the bundle, as a user's does (scripts/bundle.mjs).
await bundle(process.cwd());

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
const goSuites = filters.length === 0 ? GO_SUITES : GO_SUITES.filter((g) => filters.some((x) => g.name.includes(x) || x.includes(g.name)));
if (files.length === 0 && goSuites.length === 0) {
  console.error('run-tests: no test files matched.');
  process.exit(1);
}

let status = 0;
if (files.length > 0) {
  const env = { ...process.env, APPSTREAM_LOCAL_FUZZ_LONG: fuzz ? '1' : '' };
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
  status = run.status ?? 1;
}
if (goSuites.length > 0) {
  const go = goVersion();
  if (go === null) {
    const required = process.env.APPSTREAM_LOCAL_REQUIRE_GO === '1';
    console.log(`\nrun-tests: ${required ? 'FAILED' : 'SKIPPED'}: the Go SDK suites (${goSuites.map((g) => g.name).join(', ')}): \`go\` is not on the PATH.`);
    if (required) status ||= 1;
  } else {
    console.log(`\nrun-tests: the Go SDK suites with ${go}`);
    for (const suite of goSuites) {
      const code = await runGoSuite(suite);
      status ||= code;
    }
  }
}
process.exit(status);
