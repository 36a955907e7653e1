// The console's browser modules have no build step: a name used but never imported (or an
// import of something a module does not export) would only fail in a browser, on the page
// that uses it. TypeScript's checker reads the plain JavaScript and finds both kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-root.js';

test('console assets: every name a module uses is defined or imported, every import exists and is used', () => {
  const tsc = join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const entries = ['console.js', 'image-assistant.js'].map((f) => join(PACKAGE_ROOT, 'src', 'console', 'assets', f));
  const run = spawnSync(
    process.execPath,
    [tsc, '--allowJs', '--checkJs', '--noEmit', '--noUnusedLocals', '--lib', 'dom,es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', ...entries],
    { encoding: 'utf8', cwd: PACKAGE_ROOT },
  );
  // TS2304: cannot find name; TS2305/TS2614: no exported member; TS2307: module not found;
  // TS6133/TS6192: an import or local that nothing uses (dead code left by a change).
  const broken = run.stdout.split('\n').filter((line) => /error TS(2304|2305|2307|2614|6133|6192)\b/.test(line));
  assert.deepEqual(broken, []);
});
