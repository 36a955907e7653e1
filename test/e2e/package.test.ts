// The package as a user gets it: `npm pack`, installed into an empty project, then
// `npx appstream-local start` and `import { startServer } from 'appstream-local'`. Only what
// runs ships (package.json `files`: the bundle, tsc's type declarations, the data files),
// under 1.5 MB unpacked.
// Fast and offline where it can be: dependencies come from npm's cache (--prefer-offline), and
// better-sqlite3, whose install compiles for a minute, is linked from this checkout's build.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../src/package-root.js';
import { tempDir } from '../support/process.js';

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface PackResult {
  filename: string;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

describe('the packed package, installed into an empty project', () => {
  const work = tempDir('asl-pack-');
  const project = join(work, 'project');
  let packed: PackResult;

  before(async () => {
    assert.ok(existsSync(join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.js')), 'dist/ is built and bundled (npm test does both)');
    // --ignore-scripts: npm test has just built dist/ (prepare would rebuild everything).
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PACKAGE_ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-project', private: true, type: 'module' }));
    const install = await run(
      'npm',
      ['install', join(work, packed.filename), join(PACKAGE_ROOT, 'node_modules', 'better-sqlite3'), '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      project,
    );
    assert.equal(install.code, 0, install.stdout + install.stderr);
  });
  after(async () => {
    const { rmSync } = await import('node:fs');
    rmSync(work, { recursive: true, force: true });
  });

  it('ships only what runs, under 1.5 MB unpacked', () => {
    const paths = packed.files.map((f) => f.path);
    assert.ok(packed.unpackedSize < 1.5 * 1024 * 1024, `${packed.unpackedSize} bytes unpacked`);
    const allowed = /^(package\.json|README\.md|LICENSE|bin\/(appstream-local|entry)\.js|dist\/bundle\/[^/]+\.js|dist\/src\/.+\.d\.ts|src\/catalog\/public-base-images\.json|src\/console\/assets\/(pages\/)?[^/]+)$/;
    assert.deepEqual(paths.filter((p) => !allowed.test(p)), []);
    for (const needed of ['bin/appstream-local.js', 'bin/entry.js', 'dist/bundle/index.js', 'dist/bundle/cli.js', 'dist/src/index.d.ts', 'src/catalog/public-base-images.json', 'src/console/assets/index.html']) {
      assert.ok(paths.includes(needed), needed);
    }
  });

  it('npx appstream-local start --port 0 serves, and stops on SIGTERM', async () => {
    const child = spawn('npx', ['appstream-local', 'start', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    // 'close': npm and the server it runs have both closed their output.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line in 60 s\n${out}\n${err}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /ready at (http:\/\/\S+) \(store: sqlite (\S+),/.exec(out);
          if (m) {
            clearTimeout(timer);
            assert.equal(m[2], join(project, '.appstream-local', 'appstream-local.sqlite'));
            resolve(m[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`exited ${code}\n${out}\n${err}`)));
      });
      const health = await fetch(`${url}/_appstream/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { store: string }).store, 'sqlite');
      // The console's assets shipped.
      assert.match(await (await fetch(`${url}/_appstream/console`)).text(), /<html/i);
    } finally {
      // npm does not pass a signal on to what it runs: signal the group (npm, sh and the server),
      // as a terminal's Ctrl-C does.
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    assert.match(out, /appstream-local: SIGTERM, finishing in-flight requests/, err);
    assert.equal(err, '');
  });

  it("import { startServer } from 'appstream-local' serves the public catalogue", async () => {
    const script = `
      import { startServer, waitForImage, StartupError } from 'appstream-local';
      const server = await startServer({ inMemory: true, port: 0, logLevel: 'silent', auth: 'off' });
      const res = await fetch(server.url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' },
        body: JSON.stringify({ Type: 'PUBLIC', MaxResults: 1 }),
      });
      const body = await res.json();
      await server.close();
      console.log(JSON.stringify({ status: res.status, images: body.Images.length, waitForImage: typeof waitForImage, startupError: typeof StartupError }));
    `;
    writeFileSync(join(project, 'main.js'), script);
    const r = await run(process.execPath, ['main.js'], project);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { status: 200, images: 1, waitForImage: 'function', startupError: 'function' });
  });
});
