// Peak resident memory of the default server (read cache on) through the bench's walk phases,
// without the rest of the bench: the same store, the same requests in the same order, and
// VmHWM / VmRSS from /proc/<pid>/status after each phase. Several builds (snapshots, see
// bench/ab.ts) run one after another and alternate (A, B, A, B, ...), each on a fresh copy of
// one seeded store.
//
//   node dist/bench/memory.js [--size 1000000] [--seed-dir DIR] [--variant A=DIR ...] [--runs 1]
//        [--second boto3|node|none] [--pages 400] [--second-pages 250] [--loop-seconds 5]
//        [--pause 0] [--server-flags=--no-read-cache] [--node-flags="--trace-gc"] [--log DIR]
//
// The phases, as bench/run.ts runs them against its default server: the first page (JSON), the
// first page in both protocols; up to 100,000 images a full walk by bench/walk.ts, beyond it
// tokens minted at 25%, 50%, 75% (bench/tokens.ts), each checked, and --pages pages from the
// start and from each token; boto3's client loop on the first page (--loop-seconds); then the
// second walk over the same pages: boto3's paginator (bench/py/boto3_walk.py: full up to
// 100,000 images, else --second-pages from each start), or the same through bench/walk.ts
// (--second node). --pause waits that many seconds between the first walk and the loop (the
// bench runs its load tables against the other server there). --seed-dir keeps the seeded
// store between runs (seeding 1,000,000 images takes about a minute); without --variant the
// current build runs. --log DIR writes each server's output there (with --node-flags=--trace-gc).
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { freePort, spawnUntilReady, track, type Child } from './proc.js';
import { BENCH_ACCOUNT, imageName, seedSqlite } from './seed.js';
import { decodeBody, describeImagesRequest, send } from './sign.js';
import { mintTokens } from './tokens.js';
import { walkOurs, walkSampled } from './walk.js';

const FULL_WALK_MAX = 100_000;

interface Memory {
  rssMb: number;
  hwmMb: number;
  /** The anonymous part of VmRSS (heaps: V8's, malloc's), the rest being mapped files and shared memory. */
  anonMb: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  const mb = (name: string) => Math.round(kb(name) / 102.4) / 10;
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM'), anonMb: mb('RssAnon') };
}

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    'seed-dir': { type: 'string' },
    variant: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '1' },
    second: { type: 'string', default: 'boto3' },
    pages: { type: 'string', default: '400' },
    'second-pages': { type: 'string', default: '250' },
    'loop-seconds': { type: 'string', default: '5' },
    pause: { type: 'string', default: '0' },
    'server-flags': { type: 'string', default: '' },
    'node-flags': { type: 'string', default: '' },
    log: { type: 'string' },
  },
});
const SIZE = Number(flags.size);
const PAGES = Number(flags.pages);
const SECOND_PAGES = Number(flags['second-pages']);
const log = (line: string) => process.stdout.write(`[memory ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** A bench/py script's last line as JSON. */
function python(script: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = track(spawn('python3.11', [join(PACKAGE_ROOT, 'bench', 'py', script), ...args], { cwd: join(PACKAGE_ROOT, 'bench', 'py'), stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${script}: ${err}`))));
  });
}

/** The seeded store: reused from --seed-dir when it holds SIZE images, else seeded there (or in a temporary directory). */
async function seededStore(): Promise<{ dir: string; temporary: boolean }> {
  const dir = flags['seed-dir'] ?? mkdtempSync(join(tmpdir(), 'asl-memory-seed-'));
  const marker = join(dir, 'bench-memory-seeded.json');
  if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).images === SIZE) return { dir, temporary: false };
  rmSync(dir, { recursive: true, force: true });
  log(`seeding ${SIZE} images into ${dir}`);
  const seeded = await seedSqlite(dir, SIZE);
  log(`  seeded in ${Math.round(seeded.ms / 100) / 10} s, ${Math.round(seeded.bytes / 1e5) / 10} MB`);
  writeFileSync(marker, JSON.stringify({ images: SIZE }));
  return { dir, temporary: !flags['seed-dir'] };
}

interface RunResult {
  variant: string;
  phases: ({ phase: string; seconds: number } & Memory)[];
  peakMb: number;
  loadAvg: string;
}

async function runOnce(name: string, serverDir: string, seedDir: string, run: number): Promise<RunResult> {
  const work = mkdtempSync(join(tmpdir(), 'asl-memory-'));
  const dataDir = join(work, 'data');
  cpSync(seedDir, dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeFlags = flags['node-flags']!.split(/\s+/).filter(Boolean);
  const serverFlags = flags['server-flags']!.split(/\s+/).filter(Boolean);
  const args = [...nodeFlags, join(serverDir, 'bin', 'appstream-local.js'), 'start', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', '--no-public-images', ...serverFlags];
  let server: Child | undefined;
  const phases: RunResult['phases'] = [];
  try {
    server = await spawnUntilReady(process.execPath, args, /ready at (http:\/\/\S+)/);
    if (flags.log) {
      mkdirSync(flags.log, { recursive: true });
      const file = createWriteStream(join(flags.log, `${name}-${run}.log`));
      file.write(server.output());
      server.process.stdout!.pipe(file);
      server.process.stderr!.pipe(file);
    }
    const pid = server.pid;
    let started = performance.now();
    const mark = (phase: string) => {
      const m = memoryOf(pid);
      phases.push({ phase, seconds: Math.round((performance.now() - started) / 100) / 10, ...m });
      started = performance.now();
    };
    mark('ready');
    const first = await send(url, await describeImagesRequest(url, 'json', { MaxResults: 25 }, BENCH_ACCOUNT));
    if (first.status !== 200) throw new Error(`DescribeImages answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
    for (const protocol of ['json', 'cbor'] as const) await send(url, await describeImagesRequest(url, protocol, { MaxResults: 25 }, BENCH_ACCOUNT));
    mark('first pages');
    const fractions = [0.25, 0.5, 0.75];
    const totalPages = Math.ceil(SIZE / 25);
    const tokens: string[] = [];
    if (SIZE <= FULL_WALK_MAX) {
      const walk = await walkOurs(url, BENCH_ACCOUNT, SIZE);
      if (walk.items !== SIZE) throw new Error(`the walk saw ${walk.items} images of ${SIZE}`);
      mark(`node walk: full, ${walk.pages} pages`);
    } else {
      const indexes = fractions.map((f) => Math.floor(totalPages * f) * 25);
      const minted = await mintTokens({ dataDir }, indexes);
      for (const [i, token] of minted.entries()) {
        const res = await send(url, await describeImagesRequest(url, 'json', { MaxResults: 25, NextToken: token }, BENCH_ACCOUNT));
        const firstName = (decodeBody('json', res.body) as { Images?: { Name: string }[] }).Images?.[0]?.Name;
        if (res.status !== 200 || firstName !== imageName(indexes[i]!)) throw new Error(`minted token ${i}: ${res.status}, ${firstName}`);
        tokens.push(token);
      }
      const starts = [{ from: 'start' }, ...fractions.map((f, i) => ({ from: `${f * 100}%`, token: tokens[i] }))];
      const walk = await walkSampled(url, BENCH_ACCOUNT, SIZE, starts, PAGES);
      mark(`node walk: ${walk.pages} pages (${PAGES} from each of 4 starts)`);
    }
    if (Number(flags.pause) > 0) {
      await new Promise((r) => setTimeout(r, Number(flags.pause) * 1000));
      mark(`pause ${flags.pause} s`);
    }
    if (Number(flags['loop-seconds']) > 0) {
      await python('boto3_loop.py', ['ours', url, flags['loop-seconds']!]);
      mark(`boto3 loop on the first page, ${flags['loop-seconds']} s`);
    }
    if (flags.second === 'boto3') {
      const r = SIZE <= FULL_WALK_MAX ? await python('boto3_walk.py', ['ours', url, 'full']) : await python('boto3_walk.py', ['ours', url, 'sample', String(SECOND_PAGES), '', ...tokens]);
      mark(`boto3 walk: ${r.pages} pages`);
    } else if (flags.second === 'node') {
      if (SIZE <= FULL_WALK_MAX) await walkOurs(url, BENCH_ACCOUNT, SIZE);
      else await walkSampled(url, BENCH_ACCOUNT, SIZE, [{ from: 'start' }, ...tokens.map((token, i) => ({ from: String(i), token }))], SECOND_PAGES);
      mark(`node second walk`);
    }
    const peakMb = memoryOf(pid).hwmMb;
    return { variant: name, phases, peakMb, loadAvg: loadavg().map((l) => l.toFixed(2)).join(' ') };
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const variants = flags.variant!.length
    ? flags.variant!.map((v) => ({ name: v.slice(0, v.indexOf('=')), dir: v.slice(v.indexOf('=') + 1) }))
    : [{ name: 'current', dir: PACKAGE_ROOT }];
  const seed = await seededStore();
  const results: RunResult[] = [];
  try {
    for (let run = 0; run < Number(flags.runs); run++) {
      for (const v of variants) {
        log(`${v.name} run ${run + 1}: ${SIZE} images, second walk ${flags.second}${flags['server-flags'] ? `, server ${flags['server-flags']}` : ''}${flags['node-flags'] ? `, node ${flags['node-flags']}` : ''}`);
        const r = await runOnce(v.name, v.dir, seed.dir, run);
        for (const p of r.phases) log(`  ${p.phase.padEnd(48)} ${String(p.seconds).padStart(6)} s  RSS ${p.rssMb} MB (anonymous ${p.anonMb}), peak ${p.hwmMb} MB`);
        log(`  ${v.name}: peak ${r.peakMb} MB (load ${r.loadAvg})`);
        results.push(r);
      }
    }
  } finally {
    if (seed.temporary) rmSync(seed.dir, { recursive: true, force: true });
  }
  for (const v of variants) {
    const peaks = results.filter((r) => r.variant === v.name).map((r) => r.peakMb);
    log(`${v.name}: peak ${peaks.join(', ')} MB`);
  }
  process.stdout.write(JSON.stringify({ size: SIZE, second: flags.second, results }) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`memory failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
