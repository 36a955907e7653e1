// Which build of the CLI a start runs: the bundle (dist/bundle/cli.js, scripts/bundle.mjs)
// unless tsc's dist/src/cli.js is newer (a build by tsc alone leaves an older bundle behind,
// which would run stale code), or dist/src/cli.js when there is no bundle. The package ships
// only the bundle.
import { existsSync, statSync } from 'node:fs';

/**
 * The URL of the CLI module to import under the package root `root` (a URL ending in '/'),
 * or undefined when neither was built.
 */
export function cliEntry(root) {
  const bundled = new URL('dist/bundle/cli.js', root);
  const compiled = new URL('dist/src/cli.js', root);
  const hasBundle = existsSync(bundled);
  if (!existsSync(compiled)) return hasBundle ? bundled : undefined;
  return hasBundle && statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs ? bundled : compiled;
}
