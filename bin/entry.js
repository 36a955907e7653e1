// Which build of the CLI a start runs: the bundle (dist/bundle/cli.js, scripts/bundle.mjs)
// unless a module of tsc's dist/src is newer (a build by tsc alone, watch and incremental builds
// included, leaves an older bundle behind, which would run stale code), or dist/src/cli.js when
// there is no bundle. The package ships only the bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The newest modification time (ms) of the .js files under `dir`. */
function newestJs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/**
 * The URL of the CLI module to import under the package root `root` (a URL ending in '/'),
 * or undefined when neither was built.
 */
export function cliEntry(root) {
  const bundled = new URL('dist/bundle/cli.js', root);
  const compiled = new URL('dist/src/cli.js', root);
  const hasBundle = existsSync(bundled);
  if (!existsSync(compiled)) return hasBundle ? bundled : undefined;
  return hasBundle && statSync(bundled).mtimeMs >= newestJs(fileURLToPath(new URL('dist/src/', root))) ? bundled : compiled;
}
