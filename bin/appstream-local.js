#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install`'s prepare step or `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('appstream-local: dist/ is missing; run `npm run build` (npm install does it) first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`appstream-local: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
