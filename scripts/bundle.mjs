#!/usr/bin/env node
// The CLI and the library each as one ES module (dist/bundle/cli.js, dist/bundle/index.js),
// built with esbuild from tsc's output (dist/src): node 20 loads the 166 small modules of
// dist/src one by one, about 170 ms of a 300 ms cold start; from the bundle a start answers in
// about 200 ms (bench/analysis.md). Code both use, and
// dynamic imports, go to shared chunks (splitting), so that the PostgreSQL store and its driver
// load only when a server uses them; npm packages stay external. The package ships the bundle
// and tsc's type declarations; bin/entry.js runs the bundle unless a module of dist/src is newer.
// Run by `npm run build`, npm's prepare step and `npm test` after tsc.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Writes dist/bundle/ from dist/src/cli.js and dist/src/index.js under `root` (the package's root). */
export async function bundle(root) {
  const outdir = `${root}/dist/bundle`;
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [`${root}/dist/src/cli.js`, `${root}/dist/src/index.js`],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
}
