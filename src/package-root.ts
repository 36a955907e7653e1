// Files that ship beside the code (package.json, catalogue data, console assets), found the
// same way whether running from src/ (tsx) or from dist/src/ (the build).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('appstream-local: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot();

/** An absolute path to a file of the package, e.g. packageFile('src/catalog/public-base-images.json'). */
export function packageFile(relative: string): string {
  return join(PACKAGE_ROOT, relative);
}
