// `npm ci` accepts the lock file on a fresh clone, here and on other platforms, and CI uses it
// without a fallback (a lock that npm ci refuses must fail CI).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/package-root.js';
import { tempDir } from '../support/process.js';

interface LockEntry {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };

/** Where node (and npm) find `name` from the package at `from`: its node_modules, then each parent's. */
function resolveInLock(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

describe('the lock file', () => {
  it('records every dependency of every package, optional ones for every platform included', () => {
    assert.equal(lock.lockfileVersion, 3);
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (entry.link) continue;
      const wanted = { ...entry.dependencies, ...entry.optionalDependencies };
      // Required peers must be there too; optional ones (our SDK peer) may be absent.
      for (const [peer, range] of Object.entries(entry.peerDependencies ?? {})) if (!entry.peerDependenciesMeta?.[peer]?.optional) wanted[peer] = range;
      for (const name of Object.keys(wanted)) if (!resolveInLock(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
    // npm ci on a platform whose package is not recorded refuses the whole lock ("Missing: ... from lock file").
    assert.deepEqual(missing, []);
    for (const platform of ['darwin-arm64', 'darwin-x64', 'linux-arm', 'linux-arm64', 'linux-x64', 'win32-x64']) {
      assert.ok(resolveInLock('', `@cbor-extract/cbor-extract-${platform}`), platform);
    }
  });

  it('npm ci accepts it (dry run of a fresh copy, offline)', async () => {
    const dir = tempDir('asl-ci-');
    copyFileSync(join(PACKAGE_ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(PACKAGE_ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out: stdout + stderr }),
      );
    });
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /added \d+ packages/);
  });

  it('.ci/run installs with plain npm ci, no fallback to npm install', () => {
    const script = readFileSync(join(PACKAGE_ROOT, '.ci', 'run'), 'utf8');
    const commands = script.split('\n').filter((l) => !/^\s*(#|echo\b)/.test(l));
    assert.ok(commands.some((l) => /^\s*npm ci\b/.test(l)), 'npm ci');
    assert.ok(!commands.some((l) => /\bnpm (install|i)\b/.test(l)), 'no npm install');
    assert.ok(!commands.some((l) => /npm ci.*(\|\||;\s*then)/.test(l) || /^\s*if\s+!\s*npm ci/.test(l)), 'npm ci is not guarded by a fallback');
  });
});
