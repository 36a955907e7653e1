#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install`'s prepare step or `npm run build`).
import { cliEntry } from './entry.js';

const cli = cliEntry(new URL('../', import.meta.url));
if (!cli) {
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
