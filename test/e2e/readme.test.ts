// README.md's examples, run verbatim and in order against a fresh server, as a reader would on a
// fresh clone. If this fails, the README lies.
//
// THE RULE for every fenced block of README.md (also in docs/DEVELOPING.md):
// - A block is run or says why not. Its fence's language decides how it runs:
//     sh, bash, shell           bash (set -eo pipefail): every command must succeed
//     python                    python3
//     ts, typescript, js, javascript   an ES module, run by tsx (the TypeScript ones are type-checked too)
//     text, json                shown, never run (output, usage, documents)
//   A fence without a language, or with another one, fails this test.
// - An HTML comment on the line right before the fence (invisible on GitHub) changes that:
//     <!-- readme: skip REASON -->   not run, for the reason given (one is required)
//     <!-- readme: server -->        starts the server the later blocks talk to: run in the background
//                                     until it prints its ready line, stopped at the end
//     <!-- readme: fails REASON -->  run, and must fail (an error shown on purpose)
// - Blocks run in README order against one server, in one fresh directory inside this checkout (so
//   `npx appstream-local` and `import ... from 'appstream-local'` are this checkout, as in a clone).
//   Exported variables carry from one shell block to the next, as in one terminal. A section should
//   create what it uses: an earlier one may have reset the server.
// - The one rewrite: the port 4599 becomes a free port in every block (runs on one machine must not
//   collide). curl runs with --fail-with-body (a wrapper first on PATH), so an example whose request
//   gets an HTTP error fails here instead of printing an error a reader would get.
// - Each block must finish within 90 s.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../../src/index.js';
import { PACKAGE_ROOT } from '../../src/package-root.js';

const RUNNERS = { sh: 'bash', bash: 'bash', shell: 'bash', python: 'python', ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' } as const;
const SHOWN = new Set(['text', 'json']);
const PORT = '4599';

interface Block {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  lang: string;
  code: string;
  marker?: { kind: 'skip' | 'server' | 'fails'; reason: string };
}

/** Every fenced block (``` or ~~~, indented ones in lists too), with the marker comment right before it. */
export function readmeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    const previous = lines[i - 1]?.trim() ?? '';
    const m = /^<!--\s*readme:\s*(\S+)\s*(.*?)\s*-->$/.exec(previous);
    blocks.push({
      line: i + 1,
      lang: info.trim().split(/\s+/)[0] ?? '',
      code: body.join('\n') + '\n',
      marker: m ? { kind: m[1] as 'skip' | 'server' | 'fails', reason: m[2]! } : undefined,
    });
    i = j;
  }
  return blocks;
}

const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
const blocks = readmeBlocks(README);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, out: `--- stdout\n${stdout}\n--- stderr\n${stderr}` });
    });
  });
}

/** `env -0` output as an environment. */
function parseEnv(dump: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of dump.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

describe('README.md: every block is run or says why not', () => {
  it('each block has a known language, and each marker is known and gives its reason', () => {
    const problems: string[] = [];
    for (const b of blocks) {
      if (!(b.lang in RUNNERS) && !SHOWN.has(b.lang)) problems.push(`README.md:${b.line}: fence language '${b.lang}' (use sh, python, ts, or text for what is not run)`);
      if (b.marker && !['skip', 'server', 'fails'].includes(b.marker.kind)) problems.push(`README.md:${b.line}: unknown marker '${b.marker.kind}'`);
      if (b.marker && b.marker.kind !== 'server' && !b.marker.reason) problems.push(`README.md:${b.line}: '${b.marker.kind}' needs a reason`);
      if (b.marker && SHOWN.has(b.lang)) problems.push(`README.md:${b.line}: a ${b.lang} block is never run; drop the marker`);
    }
    assert.deepEqual(problems, []);
    assert.equal(blocks.filter((b) => b.marker?.kind === 'server').length, 1, 'one server block');
    const runs = blocks.filter((b) => b.lang in RUNNERS && b.marker?.kind !== 'skip');
    for (const kind of ['bash', 'python', 'ts']) assert.ok(runs.some((b) => RUNNERS[b.lang as keyof typeof RUNNERS] === kind), `a ${kind} block runs`);
  });
});

describe('README.md: the examples, in order, against a fresh server', () => {
  mkdirSync(join(PACKAGE_ROOT, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(PACKAGE_ROOT, 'dist', 'readme-'));
  let port = '';
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;
  let serverOutput = '';

  before(async () => {
    port = String(await freePort());
    const realCurl = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    assert.ok(realCurl, 'curl is installed (the README uses it)');
    const bin = join(dir, '.bin');
    mkdirSync(bin);
    const hasFailWithBody = spawnSync(realCurl, ['--help', 'all'], { encoding: 'utf8' }).stdout.includes('--fail-with-body');
    writeFileSync(join(bin, 'curl'), `#!/usr/bin/env bash\nexec ${realCurl} ${hasFailWithBody ? '--fail-with-body' : '--fail'} "$@"\n`);
    chmodSync(join(bin, 'curl'), 0o755);
    // A reader's fresh terminal: no AWS profile or keys of this machine, no database in the environment.
    env = { ...process.env, PATH: `${bin}:${process.env['PATH']}`, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '', APPSTREAM_LOCAL_DATABASE_URL: '' };
    for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_ENDPOINT_URL']) delete env[k];
    // The TypeScript blocks are type-checked as a project of their own (strict, like a user's).
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['*.mts'] }),
    );
  });

  after(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('close', resolve));
      process.kill(-server.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
      if (server.exitCode === null && server.signalCode === null) process.kill(-server.pid!, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  for (const block of blocks) {
    const runner = RUNNERS[block.lang as keyof typeof RUNNERS];
    if (!runner) continue;
    const title = `README.md:${block.line} (${block.lang}${block.marker ? `, ${block.marker.kind}` : ''})`;
    if (block.marker?.kind === 'skip') {
      it(`${title}: not run: ${block.marker.reason}`, { skip: block.marker.reason }, () => {});
      continue;
    }
    it(title, { timeout: 120_000 }, async () => {
      const code = block.code.replaceAll(PORT, port);
      const file = join(dir, `block-${block.line}`);

      if (block.marker?.kind === 'server') {
        assert.equal(runner, 'bash', 'the server block is a shell block');
        writeFileSync(file + '.sh', code);
        // Its own process group, so the end of the test stops npx and the server under it.
        server = spawn('bash', [file + '.sh'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        server.stdout!.setEncoding('utf8').on('data', (d: string) => (serverOutput += d));
        server.stderr!.setEncoding('utf8').on('data', (d: string) => (serverOutput += d));
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ready line within 60 s:\n${serverOutput}`)), 60_000);
          server!.stdout!.on('data', () => {
            if (/ ready at http:\/\/\S+/.test(serverOutput)) {
              clearTimeout(timer);
              resolve();
            }
          });
          server!.once('exit', (c) => reject(new Error(`the server exited (${c}):\n${serverOutput}`)));
        });
        assert.match(serverOutput, new RegExp(`ready at http://127\\.0\\.0\\.1:${port} `));
        return;
      }

      let result: { code: number; out: string };
      if (runner === 'bash') {
        writeFileSync(file + '.sh', `set -eo pipefail\n${code}`);
        const envFile = file + '.env';
        result = await run('bash', ['-c', 'source "$1"; env -0 > "$2"', 'readme', file + '.sh', envFile], dir, env);
        if (result.code === 0) env = { ...parseEnv(readFileSync(envFile, 'utf8')) };
      } else if (runner === 'python') {
        writeFileSync(file + '.py', code);
        result = await run('python3', [file + '.py'], dir, env);
      } else {
        writeFileSync(file + '.mts', code);
        result = await run(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), file + '.mts'], dir, env);
      }
      if (block.marker?.kind === 'fails') assert.notEqual(result.code, 0, `${title} was to fail, and passed:\n${result.out}`);
      else assert.equal(result.code, 0, `${title} failed:\n${code}\n${result.out}\n--- server\n${serverOutput.slice(-3000)}`);
    });
  }

  it('the TypeScript blocks type-check (strict)', { timeout: 120_000 }, async () => {
    if (!blocks.some((b) => RUNNERS[b.lang as keyof typeof RUNNERS] === 'ts' && b.marker?.kind !== 'skip')) return;
    const r = await run(process.execPath, [join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir, env);
    assert.equal(r.code, 0, r.out);
  });
});

describe('README.md troubleshooting: an unsigned request', () => {
  it('the answer the README shows is the server\'s, and --auth off (named there) takes the same request', async () => {
    const section = README.slice(README.indexOf('## Troubleshooting'));
    assert.ok(section.startsWith('## Troubleshooting'), 'a Troubleshooting section');
    const request = { method: 'POST', headers: { 'x-amz-target': 'PhotonAdminProxyService.DescribeImages', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' };
    const strict = await startServer({ inMemory: true, port: 0, logLevel: 'silent' });
    const open = await startServer({ inMemory: true, port: 0, logLevel: 'silent', auth: 'off' });
    try {
      const refused = await fetch(`${strict.url}/`, request);
      const body = (await refused.json()) as { __type: string; message: string };
      assert.equal(body.__type, 'MissingAuthenticationTokenException');
      assert.ok(section.includes(`{"__type":"${body.__type}","message":"${body.message}"`), 'the README shows the exact code and message');
      assert.ok(section.includes('`--auth off`'), 'the README names --auth off');
      const served = await fetch(`${open.url}/`, request);
      assert.equal(served.status, 200, await served.text());
    } finally {
      await strict.close();
      await open.close();
    }
  });
});
