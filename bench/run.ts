// npm run bench [-- --quick] [-- --sizes 1000,100000] [-- --seconds N] [-- --no-postgres] [-- --no-moto]
//               [-- --profile]  (also writes a CPU profile of our server under load to bench/profiles/)
//               [-- --only operations]  (only the per-operation section: every operation against the
//                                        ceiling, SQLite at the first size; written to --out or a
//                                        temporary directory, never over bench/results.json)
//
// DescribeImages throughput and latency on the computed path (--no-read-cache; 32 connections,
// 25-image pages, start and middle of the catalogue, both protocols) at 1,000 / 100,000 /
// 1,000,000 private images seeded straight into the store, on SQLite and PostgreSQL; every
// operation of bench/operations.ts against the bare node:http ceiling on its own bytes, computed
// beside cached; moto's server as a peer; boto3's paginator walking whole catalogues; cold start
// and resident memory.
// Writes bench/results.json, bench/RESULTS.md and bench/chart.svg. Every figure is measured here.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { cpuMs, load, post, type LoadResult } from './load.js';
import { freePort, peakRssMb, rssMb, snapshotServer, spawnUntilReady, startCeiling, startOurs, track, OUR_CLI, SERVER_FLAGS } from './proc.js';
import { writeReport } from './report.js';
import { BENCH_ACCOUNT, imageName, seedPostgres, seedSqlite } from './seed.js';
import { benchFamilies } from './families.js';
import { apiRequest, decodeBody, describeImagesRequest, send, signRequest, type PreparedRequest, type Protocol } from './sign.js';
import { ceilingKey } from './ceiling-server.js';
import { answerProblem, BENCH_OPERATIONS, PAGE_SIZE, pageInput, type BenchOperation } from './operations.js';
import { mintTokens } from './tokens.js';
import { walkOurs, walkSampled, type SampledWalk, type WalkResult } from './walk.js';
import { runWrk, wrkAvailable } from './wrk.js';
import { benchElastic } from './elastic.js';

const BENCH_DIR = join(PACKAGE_ROOT, 'bench');
const PY_DIR = join(BENCH_DIR, 'py');
const CONNECTIONS = 32;
/** Largest catalogue walked in full by the sequential client (beyond: sampled, see tokens.ts). */
const FULL_WALK_MAX = 100_000;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    'no-postgres': { type: 'boolean', default: false },
    'no-moto': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
    'server-flags': { type: 'string' },
    only: { type: 'string' },
  },
});
/** The sections that run alone with --only. */
const ONLY_SECTIONS = ['operations'];
if (flags.only !== undefined && !ONLY_SECTIONS.includes(flags.only)) {
  process.stderr.write(`--only: one of ${ONLY_SECTIONS.join(', ')} (got ${flags.only})\n`);
  process.exit(2);
}
if (flags['server-flags']) SERVER_FLAGS.push(...flags['server-flags'].split(/\s+/).filter(Boolean));
const QUICK = flags.quick!;
const SIZES = (flags.sizes ?? (QUICK ? '1000,100000' : '1000,100000,1000000')).split(',').map(Number);
const SECONDS = Number(flags.seconds ?? (QUICK ? 2 : 6));
const WARMUP = QUICK ? 0.5 : 1;
// A partial run (--only) must not replace the full run's results in bench/.
const OUT_DIR = flags.out ?? (flags.only ? mkdtempSync(join(tmpdir(), `asl-bench-only-${flags.only}-`)) : BENCH_DIR);
/** Largest catalogue boto3's paginator walks in full (beyond: sampled and extrapolated). */
const BOTO3_FULL_WALK_MAX = QUICK ? 1000 : 100_000;

const log = (...parts: unknown[]) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

type Position = 'start' | 'middle';
interface SizeResult {
  images: number;
  seedSeconds: number;
  storeBytes?: number;
  startToReadyMs: number;
  startToFirstAnswerMs: number;
  rssAtRestMb: number;
  rssAfterMb?: number;
  peakRssMb?: number;
  /** The computed server's (--no-read-cache: the load runs). */
  computedRssAfterMb?: number;
  computedPeakRssMb?: number;
  imagesPerPage: number;
  responseBytes: Partial<Record<Protocol, number>>;
  load: Partial<Record<Protocol, Partial<Record<Position, LoadResult>>>>;
  walk?: WalkResult;
  walkSampled?: SampledWalk;
  tokens?: { how: string; checked: string[] };
  boto3Walk?: unknown;
  boto3Loop?: unknown;
  wrk?: unknown;
  notes: string[];
}

const results: any = {
  generatedBy: 'npm run bench' + (process.argv.length > 2 ? ' -- ' + process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out').join(' ') : ''),
  date: new Date().toISOString(),
  machine: machineInfo(),
  settings: {
    connections: CONNECTIONS,
    pageSize: 25,
    secondsPerRun: SECONDS,
    warmupSeconds: WARMUP,
    sizes: SIZES,
    quick: QUICK,
    loadGenerator: 'autocannon 8 (programmatic API, in a process of its own)',
    serverUnderLoad: 'the load tables: a server started with --no-read-cache (computed path); walks and memory: the default server',
  },
  stores: {} as Record<string, { sizes?: Record<string, SizeResult>; skipped?: string }>,
  ceiling: {} as Record<string, unknown>,
  moto: {} as Record<string, unknown>,
  coldStart: {} as Record<string, unknown>,
  wrk: {} as Record<string, unknown>,
  notes: [] as string[],
};

function machineInfo() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unavailable';
    }
  };
  let moto = 'unavailable';
  const py = spawnSync('python3.11', ['-c', 'import moto, boto3, botocore, sys; print(moto.__version__, boto3.__version__, botocore.__version__, sys.version.split()[0])'], { encoding: 'utf8' });
  if (py.status === 0) moto = py.stdout.trim();
  const [motoV, boto3V, botocoreV, pythonV] = moto.split(' ');
  return {
    nproc: Number(sh('nproc', [])),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    free: sh('free', ['-h']),
    node: process.version,
    python: pythonV ?? 'unavailable',
    moto: motoV ?? 'unavailable',
    boto3: boto3V ?? 'unavailable',
    botocore: botocoreV ?? 'unavailable',
    kernel: sh('uname', ['-sr']),
    commit: sh('git', ['-C', PACKAGE_ROOT, 'rev-parse', '--short', 'HEAD']),
  };
}

/**
 * Runs a bench/py script and answers the JSON of its last line. Asynchronous on purpose: the
 * servers under test write to pipes this process drains, and a blocked event loop (spawnSync)
 * would let moto's request log fill its stderr pipe and stall it.
 */
function python(script: string, args: string[], timeoutMs = 600_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = track(spawn('python3.11', [join(PY_DIR, script), ...args], { cwd: PY_DIR, stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} failed (${code ?? signal}): ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch (error) {
        reject(new Error(`${script}: unreadable output ${out.slice(-500)}`));
      }
    });
  });
}

/** Like python(), but a failure is recorded in the results instead of ending the bench. */
async function pythonOrError(script: string, args: string[], timeoutMs = 300_000): Promise<any> {
  try {
    return await python(script, args, timeoutMs);
  } catch (error) {
    const message = (error as Error).message.split('\n').filter((l) => l.trim()).slice(-1)[0] ?? String(error);
    log(`  ${script} failed: ${message}`);
    return { error: message };
  }
}

/** The headers a server chose (not the ones node's HTTP layer adds per connection). */
function payloadHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) out[k] = v;
  }
  return out;
}


async function measureOurs(kind: 'sqlite' | 'postgres', size: number, target: { dataDir?: string; databaseUrl?: string }, seedSeconds: number, storeBytes?: number): Promise<SizeResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const first: Record<Protocol, PreparedRequest> = {
    json: await describeImagesRequest(url, 'json', { MaxResults: 25 }, BENCH_ACCOUNT),
    cbor: await describeImagesRequest(url, 'cbor', { MaxResults: 25 }, BENCH_ACCOUNT),
  };
  const profileDir = join(BENCH_DIR, 'profiles');
  const profiling = flags.profile && size === SIZES[0] && kind === 'sqlite';
  if (profiling) mkdirSync(profileDir, { recursive: true });
  // Two servers on one store: the default one (its read cache answers a repeated request from
  // kept bytes) takes the first answer, the walks and the memory figures; the computed one
  // (--no-read-cache: every answer computed) takes the load runs, whose request repeats.
  const server = await startOurs({ ...target, port });
  const computedPort = await freePort();
  const computedUrl = `http://127.0.0.1:${computedPort}`;
  const computed = await startOurs({ ...target, port: computedPort, computed: true, extraNodeArgs: profiling ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] });
  const result: SizeResult = {
    images: size,
    seedSeconds: round(seedSeconds),
    storeBytes,
    startToReadyMs: round(server.readyMs, 1),
    startToFirstAnswerMs: NaN,
    rssAtRestMb: NaN,
    imagesPerPage: 0,
    responseBytes: {},
    load: {},
    notes: [],
  };
  try {
    const firstAnswer = await post(url, first.json);
    result.startToFirstAnswerMs = round(performance.now() - server.startedAt, 1);
    if (firstAnswer.status !== 200) throw new Error(`DescribeImages answered ${firstAnswer.status}: ${firstAnswer.body.toString('utf8').slice(0, 500)}`);
    result.rssAtRestMb = round(rssMb(server.pid), 1);
    const page = decodeBody('json', firstAnswer.body) as { Images?: unknown[]; NextToken?: string };
    result.imagesPerPage = page.Images?.length ?? 0;
    if (result.imagesPerPage !== Math.min(25, size)) {
      result.notes.push(`DescribeImages answered ${result.imagesPerPage} images on the first page of a ${size}-image catalogue (expected ${Math.min(25, size)}): the operation is not complete yet, so these figures measure the request path around an incomplete handler.`);
    }
    for (const protocol of ['json', 'cbor'] as const) result.responseBytes[protocol] = (await send(url, first[protocol])).body.length;
    // Walk the whole catalogue (sequential, one connection) up to FULL_WALK_MAX images:
    // correctness, per-page cost along the way, NextTokens from fixed points. Beyond, tokens are
    // minted (bench/tokens.ts), checked against the server, and walks are sampled from them.
    const fractions = [0.25, 0.5, 0.75];
    const totalPages = Math.ceil(size / 25);
    const tokens: Record<string, string> = {};
    if (result.imagesPerPage > 0) {
      if (size <= FULL_WALK_MAX) {
        log(`${kind} ${size}: walking the whole catalogue (sequential client)`);
        result.walk = await walkOurs(url, BENCH_ACCOUNT, size);
        if (result.walk.items !== size) result.notes.push(`The walk saw ${result.walk.items} images of ${size}.`);
        Object.assign(tokens, result.walk.tokensAt);
        result.tokens = { how: 'received from the server during the full walk', checked: [] };
        if (size >= 100_000) {
          const minted = await mintTokens(target, fractions.map((f) => Math.floor(totalPages * f) * 25));
          const same = fractions.every((f, i) => minted[i] === tokens[String(f)]);
          result.tokens.checked.push(`minted tokens ${same ? 'equal' : 'DIFFER FROM'} the ones the walk received (so minting is valid for larger catalogues)`);
        }
      } else {
        const indexes = fractions.map((f) => Math.floor(totalPages * f) * 25);
        const minted = await mintTokens(target, indexes);
        result.tokens = { how: "minted with the server's paginator and the store's token secret (bench/tokens.ts), then checked against the server", checked: [] };
        for (const [i, f] of fractions.entries()) {
          const res = await send(url, await describeImagesRequest(url, 'json', { MaxResults: 25, NextToken: minted[i] }, BENCH_ACCOUNT));
          const first = (decodeBody('json', res.body) as { Images?: { Name: string }[] }).Images?.[0]?.Name;
          if (res.status !== 200 || first !== imageName(indexes[i]!)) throw new Error(`minted token at ${f}: ${res.status}, first image ${first}, expected ${imageName(indexes[i]!)}`);
          result.tokens.checked.push(`${f * 100}%: accepted, page starts at ${first}`);
          tokens[String(f)] = minted[i]!;
        }
        const pagesEach = QUICK ? 100 : 400;
        log(`${kind} ${size}: sampled walk, ${pagesEach} pages from the start, 25%, 50%, 75%`);
        result.walkSampled = await walkSampled(url, BENCH_ACCOUNT, size, [{ from: 'start' }, ...fractions.map((f) => ({ from: `${f * 100}%`, token: tokens[String(f)] }))], pagesEach);
      }
    }
    const middle = tokens['0.5'];
    for (const protocol of ['json', 'cbor'] as const) {
      result.load[protocol] = {};
      const positions: [Position, PreparedRequest | undefined][] = [
        ['start', first[protocol]],
        ['middle', middle ? await describeImagesRequest(computedUrl, protocol, { MaxResults: 25, NextToken: middle }, BENCH_ACCOUNT) : undefined],
      ];
      for (const [position, request] of positions) {
        if (!request) continue;
        const check = await send(computedUrl, request);
        if (check.status !== 200) throw new Error(`${protocol} ${position}: ${check.status} ${check.body.toString('utf8').slice(0, 300)}`);
        log(`${kind} ${size}: autocannon ${protocol} ${position} page, computed, ${CONNECTIONS} connections, ${SECONDS} s`);
        const r = await load(computedUrl, request, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, serverPid: computed.pid });
        result.load[protocol]![position] = r;
        log(`  ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server ${r.serverCpuMsPerRequest} CPU ms/req at ${r.serverCpuShare} core, ${r.serverMajorFaults} major faults; load generator ${r.clientCpuShare} core, GC ${r.clientGcMs} ms (longest ${r.clientGcMaxMs}); load ${r.loadAvg1}, non-2xx ${r.non2xx}, errors ${r.errors}`);
      }
    }
    if (!middle) result.notes.push('No NextToken came back, so no middle-of-catalogue page was measured.');
    if (kind === 'sqlite' && wrkAvailable()) {
      // The same request through wrk: the like-for-like side of the moto comparison (moto closes
      // every connection, which autocannon handles badly; wrk reconnects at full speed).
      log(`${kind} ${size}: wrk json start page, computed, ${CONNECTIONS} connections, ${SECONDS} s`);
      result.wrk = await runWrk(computedUrl, first.json, { connections: CONNECTIONS, seconds: SECONDS, serverPid: computed.pid });
      log(`  ${JSON.stringify(result.wrk)}`);
    }
    if (kind === 'sqlite' && size === SIZES[0]) await benchOperations({ url, pid: server.pid }, { url: computedUrl, pid: computed.pid }, size, tokens['0.5']);
    if (kind === 'sqlite' && !flags['no-moto']) {
      // boto3 on our server: the paginator over the whole catalogue (sampled at 1M), and the
      // same client loop that runs against moto.
      log(`${kind} ${size}: boto3 client loop and paginator`);
      result.boto3Loop = await pythonOrError('boto3_loop.py', ['ours', url, String(Math.min(SECONDS, 5))]);
      if (tokens['0.5']) {
        if (size <= BOTO3_FULL_WALK_MAX) result.boto3Walk = { mode: 'full', ...await pythonOrError('boto3_walk.py', ['ours', url, 'full']) };
        else {
          const pages = QUICK ? 50 : 250;
          const t = tokens;
          const sample = await pythonOrError('boto3_walk.py', ['ours', url, 'sample', String(pages), '', t['0.25'] ?? '', t['0.5'] ?? '', t['0.75'] ?? '']);
          const totalPages = Math.ceil(size / 25);
          result.boto3Walk = {
            mode: `sampled: ${pages} pages from the start and from 25%, 50%, 75% of the catalogue, extrapolated to ${totalPages} pages`,
            ...sample,
            extrapolatedSeconds: round((sample.msPerPage * totalPages) / 1000, 1),
          };
        }
      }
    }
    if (size === SIZES[SIZES.length - 1] && size > SIZES[0]! && middle) {
      await pairedScaling(kind, { url: computedUrl, pid: computed.pid, size, middle });
    }
    result.rssAfterMb = round(rssMb(server.pid), 1);
    result.peakRssMb = round(peakRssMb(server.pid), 1);
    result.computedRssAfterMb = round(rssMb(computed.pid), 1);
    result.computedPeakRssMb = round(peakRssMb(computed.pid), 1);
  } finally {
    await server.stop();
    await computed.stop();
  }
  return result;
}

async function benchStore(kind: 'sqlite' | 'postgres') {
  const sizes: Record<string, SizeResult> = {};
  results.stores[kind] = { sizes };
  let createTestDatabase: (() => Promise<{ url: string; drop(): Promise<void> }>) | undefined;
  if (kind === 'postgres') {
    try {
      const mod: any = await import('../test/support/postgres.js');
      createTestDatabase = () => mod.createTestDatabase({ linguisticCollation: false });
      const probe = await createTestDatabase();
      try {
        await seedPostgres(probe.url, 30);
        const server = await startOurs({ databaseUrl: probe.url });
        const r = await post(server.url, await describeImagesRequest(server.url, 'json', { MaxResults: 25 }, BENCH_ACCOUNT));
        await server.stop();
        if (r.status !== 200) throw new Error(`DescribeImages on PostgreSQL answered ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
      } finally {
        await probe.drop();
      }
    } catch (error) {
      results.stores[kind] = { skipped: `PostgreSQL store not benchmarked: ${(error as Error).message.split('\n')[0]}` };
      log(results.stores[kind].skipped);
      return;
    }
  }
  for (const size of SIZES) {
    log(`${kind}: seeding ${size} images`);
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), `asl-bench-${size}-`));
      try {
        const seeded = await seedSqlite(dir, size);
        log(`  seeded in ${round(seeded.ms / 1000)} s, ${round(seeded.bytes / 1e6, 1)} MB`);
        // The other operations' rows, for the per-operation figures at the smallest size.
        if (size === SIZES[0]) for (const op of BENCH_OPERATIONS.filter((o) => o.operation !== 'DescribeImages')) await op.seedSqlite(dir, size);
        sizes[size] = await measureOurs(kind, size, { dataDir: dir }, seeded.ms / 1000, seeded.bytes);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const db = await createTestDatabase!();
      try {
        const seeded = await seedPostgres(db.url, size);
        log(`  seeded in ${round(seeded.ms / 1000)} s`);
        sizes[size] = await measureOurs(kind, size, { databaseUrl: db.url }, seeded.ms / 1000);
      } finally {
        await db.drop();
      }
    }
    writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  }
}

/**
 * Page cost at the largest catalogue against the smallest, computed path (--no-read-cache), in
 * alternating slices (small first page, large first page, large middle page, repeated) with
 * both servers up at once: on a shared machine, runs minutes apart differ by whatever else was
 * running, not by catalogue size.
 */
async function pairedScaling(kind: 'sqlite' | 'postgres', big: { url: string; pid: number; size: number; middle: string }) {
  const small = SIZES[0]!;
  const rounds = QUICK ? 1 : 2;
  const slice = Math.max(1, SECONDS / 2);
  const out: Record<string, unknown> = {
    how: `computed path (--no-read-cache), alternating slices, both servers up: ${rounds} x (${sizeName(small)} first page, ${sizeName(big.size)} first page, ${sizeName(big.size)} middle page), ${slice} s each, per protocol`,
    small,
    large: big.size,
  };
  (results.scaling ??= {})[kind] = out;
  let cleanup: () => Promise<void>;
  let target: { dataDir?: string; databaseUrl?: string };
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `asl-bench-${small}-`));
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
    await seedSqlite(dir, small);
    target = { dataDir: dir };
  } else {
    const mod: any = await import('../test/support/postgres.js');
    const db = await mod.createTestDatabase({ linguisticCollation: false });
    cleanup = () => db.drop();
    await seedPostgres(db.url, small);
    target = { databaseUrl: db.url };
  }
  try {
    const server = await startOurs({ ...target, computed: true });
    try {
      for (const protocol of ['json', 'cbor'] as const) {
        const reqSmall = await describeImagesRequest(server.url, protocol, { MaxResults: 25 }, BENCH_ACCOUNT);
        const reqBigStart = await describeImagesRequest(big.url, protocol, { MaxResults: 25 }, BENCH_ACCOUNT);
        const reqBigMiddle = await describeImagesRequest(big.url, protocol, { MaxResults: 25, NextToken: big.middle }, BENCH_ACCOUNT);
        const runs: Record<'small' | 'largeStart' | 'largeMiddle', LoadResult[]> = { small: [], largeStart: [], largeMiddle: [] };
        log(`${kind} scaling ${protocol}: ${rounds} x (${sizeName(small)} first, ${sizeName(big.size)} first, ${sizeName(big.size)} middle), computed, ${slice} s each`);
        for (let i = 0; i < rounds; i++) {
          const w = i === 0 ? WARMUP : 0;
          runs.small.push(await load(server.url, reqSmall, { connections: CONNECTIONS, seconds: slice, warmupSeconds: w, serverPid: server.pid }));
          runs.largeStart.push(await load(big.url, reqBigStart, { connections: CONNECTIONS, seconds: slice, warmupSeconds: w, serverPid: big.pid }));
          runs.largeMiddle.push(await load(big.url, reqBigMiddle, { connections: CONNECTIONS, seconds: slice, warmupSeconds: w, serverPid: big.pid }));
        }
        const sm = combine(runs.small);
        const ls = combine(runs.largeStart);
        const lm = combine(runs.largeMiddle);
        out[protocol] = {
          small: sm,
          largeStart: ls,
          largeMiddle: lm,
          costRatioStart: round(sm.rps / ls.rps, 3),
          costRatioMiddle: round(sm.rps / lm.rps, 3),
          cpuRatioStart: round((ls.serverCpuMsPerRequest ?? NaN) / (sm.serverCpuMsPerRequest ?? NaN), 3),
          cpuRatioMiddle: round((lm.serverCpuMsPerRequest ?? NaN) / (sm.serverCpuMsPerRequest ?? NaN), 3),
        };
        log(`  ${sizeName(small)} ${sm.rps} req/s, ${sizeName(big.size)} first ${ls.rps}, middle ${lm.rps}: cost ratios ${round(sm.rps / ls.rps, 2)}, ${round(sm.rps / lm.rps, 2)}`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
  }
}

const sizeName = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}K` : String(n));

/** Several runs as one: totals over totals, percentiles as the mean of the runs' (close enough for equal-length runs). */
function combine(runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const duration = runs.reduce((a, r) => a + r.durationS, 0);
  const mean = (f: (r: LoadResult) => number) => round(runs.reduce((a, r) => a + f(r), 0) / runs.length);
  const cpu = runs.every((r) => r.serverCpuMsPerRequest !== undefined) ? runs.reduce((a, r) => a + r.serverCpuMsPerRequest! * r.requests, 0) : NaN;
  return {
    rps: round(requests / duration),
    p50: mean((r) => r.p50),
    p90: mean((r) => r.p90),
    p99: mean((r) => r.p99),
    meanMs: mean((r) => r.meanMs),
    maxMs: Math.max(...runs.map((r) => r.maxMs)),
    requests,
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    durationS: round(duration),
    bytesPerSec: Math.round(runs.reduce((a, r) => a + r.bytesPerSec, 0) / runs.length),
    serverCpuMsPerRequest: Number.isFinite(cpu) ? round(cpu / requests, 3) : undefined,
    serverCpuShare: Number.isFinite(cpu) ? round(cpu / (duration * 1000)) : undefined,
    serverMajorFaults: runs.every((r) => r.serverMajorFaults !== undefined) ? runs.reduce((a, r) => a + r.serverMajorFaults!, 0) : undefined,
    clientCpuShare: round(runs.reduce((a, r) => a + r.clientCpuShare * r.durationS, 0) / duration),
    clientGcMs: round(runs.reduce((a, r) => a + r.clientGcMs, 0)),
    clientGcMaxMs: Math.max(...runs.map((r) => r.clientGcMaxMs)),
    loadAvg1: mean((r) => r.loadAvg1),
  };
}

/**
 * Every operation of bench/operations.ts against the bare ceiling on its own bytes (the first
 * page's answer, captured from our server), computed (first and deep page) beside cached (first
 * and deep page, for operations with a read cache), in alternating slices, so that every set of
 * figures saw the same machine: on a shared 2-core machine other work comes and goes, and a
 * fraction taken from runs minutes apart would measure that instead.
 */
async function benchOperations(cached: { url: string; pid: number }, computed: { url: string; pid: number }, size: number, imagesMiddle: string | undefined) {
  const rounds = QUICK ? 1 : 2;
  const slice = Math.max(1, SECONDS / 2);
  const out: any = {
    how: `SQLite, ${sizeName(size)} rows per operation, 25-row pages, autocannon ${CONNECTIONS} connections, alternating slices: ${rounds} x (bare, bare with batched answers, computed first page, computed deep page, cached first page, cached deep page), ${slice} s each, per operation and protocol`,
    operations: {},
  };
  results.operations = out;
  const answers: Record<string, { status: number; headers: Record<string, string>; bodyBase64: string }> = {};
  const plan: { op: BenchOperation; protocol: Protocol; first: PreparedRequest; deep?: PreparedRequest; bytes: number }[] = [];
  const pageItems = (from: number) => Math.max(0, Math.min(PAGE_SIZE, size - from));
  for (const op of BENCH_OPERATIONS) {
    try {
      // The deep page: halfway through the catalogue (DescribeImages' from the walk, others walked
      // here), starting at row `deepIndex` (the walk's checkpoint: after half the pages).
      const deepIndex = Math.floor(Math.ceil(size / PAGE_SIZE) * 0.5) * PAGE_SIZE;
      let deepToken = op.operation === 'DescribeImages' ? imagesMiddle : undefined;
      if (!deepToken) {
        const walk = await walkOurs(computed.url, BENCH_ACCOUNT, size, { operation: op.operation, listMember: op.listMember, nameMember: op.nameMember, input: pageInput(op), maxPages: Math.ceil(size / 50) + 1 });
        if (walk.items !== walk.pages * PAGE_SIZE || !walk.inOrder || walk.duplicates) throw new Error(`the walk to the middle saw ${walk.items} items in ${walk.pages} pages (in order: ${walk.inOrder}, ${walk.duplicates} duplicates)`);
        deepToken = walk.tokensAt['0.5'];
      }
      const planned: typeof plan = [];
      for (const protocol of ['json', 'cbor'] as const) {
        // The answers measured must be real: a 200 with a full page of the seeded rows, in both
        // protocols, on the first page and the deep one (decoded here, once each).
        const first = await apiRequest(computed.url, protocol, op.operation, pageInput(op), BENCH_ACCOUNT);
        const res = await send(computed.url, first);
        const problem = answerProblem(op, res.status, decodeBody(protocol, res.body), pageItems(0), 0);
        if (problem) throw new Error(`${protocol} first page ${problem}`);
        const deep = deepToken ? await apiRequest(computed.url, protocol, op.operation, pageInput(op, deepToken), BENCH_ACCOUNT) : undefined;
        if (deep) {
          const d = await send(computed.url, deep);
          const deepProblem = answerProblem(op, d.status, decodeBody(protocol, d.body), pageItems(deepIndex), deepIndex);
          if (deepProblem) throw new Error(`${protocol} deep page ${deepProblem}`);
        }
        const again = await send(cached.url, first);
        if (!again.body.equals(res.body)) results.notes.push(`${op.operation} ${protocol}: the default server and the --no-read-cache one answered different bytes.`);
        answers[ceilingKey(first.path, first.headers['x-amz-target'])] = { status: res.status, headers: payloadHeaders(res.headers), bodyBase64: res.body.toString('base64') };
        planned.push({ op, protocol, first, deep, bytes: res.body.length });
      }
      plan.push(...planned);
    } catch (error) {
      // Not measured: a ratio of an error's bytes (or of a short page) to the ceiling would say nothing.
      const why = (error as Error).message;
      out.operations[op.operation] = { refused: why };
      results.notes.push(`${op.operation} was not measured against the ceiling: ${why}`);
      log(`${op.operation}: not measured: ${why}`);
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'asl-ceiling-')), 'responses.json');
  writeFileSync(file, JSON.stringify(answers));
  const bare = await startCeiling(file);
  // The same bare server writing its answers as ours does (src/answer-batch.ts): what batching
  // alone gives node:http, so that a reader sees how much of our ratio it accounts for.
  const bareBatched = await startCeiling(file, { batched: true });
  try {
    for (const { op, protocol, first, deep, bytes } of plan) {
      const slices: [string, { url: string; pid: number }, PreparedRequest][] = [
        ['bare', { url: bare.url, pid: bare.pid }, first],
        ['bareBatched', { url: bareBatched.url, pid: bareBatched.pid }, first],
        ['computedFirst', computed, first],
        ...(deep ? [['computedDeep', computed, deep] as [string, { url: string; pid: number }, PreparedRequest]] : []),
        ...(op.readCache ? [['cachedFirst', cached, first] as [string, { url: string; pid: number }, PreparedRequest]] : []),
        ...(op.readCache && deep ? [['cachedDeep', cached, deep] as [string, { url: string; pid: number }, PreparedRequest]] : []),
      ];
      log(`${op.operation} ${protocol}: ${rounds} x (${slices.map(([n]) => n).join(', ')}), ${slice} s each`);
      const runs: Record<string, LoadResult[]> = {};
      for (let i = 0; i < rounds; i++) {
        for (const [name, server, request] of slices) {
          (runs[name] ??= []).push(await load(server.url, request, { connections: CONNECTIONS, seconds: slice, warmupSeconds: i === 0 ? WARMUP : 0, serverPid: server.pid }));
        }
      }
      const entry: any = { responseBytes: bytes, readCache: op.readCache, ratios: {}, cpuRatios: {}, batchedRatios: {} };
      for (const [name, rs] of Object.entries(runs)) entry[name] = combine(rs);
      for (const name of Object.keys(runs).filter((n) => n !== 'bare')) {
        entry.ratios[name] = round(entry[name].rps / entry.bare.rps, 3);
        entry.cpuRatios[name] = round((entry.bare.serverCpuMsPerRequest ?? NaN) / (entry[name].serverCpuMsPerRequest ?? NaN), 3);
        if (name !== 'bareBatched') entry.batchedRatios[name] = round(entry[name].rps / entry.bareBatched.rps, 3);
      }
      (out.operations[op.operation] ??= {})[protocol] = entry;
      log(`  bare ${entry.bare.rps} req/s; ${Object.keys(entry.ratios).map((n) => `${n} ${entry[n].rps} req/s = ${round(entry.ratios[n] * 100, 1)}% (p99 ${entry[n].p99} ms, ${entry[n].serverCpuMsPerRequest} CPU ms/req)`).join('; ')}`);
      if (op.operation === 'DescribeImages') {
        // The chart's reference lines and the cached path's own target read these.
        results.ceiling = { how: out.how, ...results.ceiling, [protocol]: { responseBytes: bytes, ...entry.bare } };
        if (protocol === 'json' && wrkAvailable()) {
          results.wrk.ours = await runWrk(computed.url, first, { connections: CONNECTIONS, seconds: slice * rounds });
          results.wrk.ceiling = await runWrk(bare.url, first, { connections: CONNECTIONS, seconds: slice * rounds });
        }
      }
      writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    }
  } finally {
    await bare.stop();
    await bareBatched.stop();
  }
}

/** --only operations: the per-operation section alone, on a SQLite store of SIZES[0] rows of every operation. */
async function onlyOperations() {
  const size = SIZES[0]!;
  const dir = mkdtempSync(join(tmpdir(), `asl-bench-ops-${size}-`));
  try {
    log(`sqlite: seeding ${size} rows of each of ${BENCH_OPERATIONS.map((o) => o.operation).join(', ')}`);
    for (const op of BENCH_OPERATIONS) await op.seedSqlite(dir, size);
    // As in the full run: the default server (read cache) beside a --no-read-cache one, on one store.
    const server = await startOurs({ dataDir: dir });
    try {
      const computed = await startOurs({ dataDir: dir, computed: true });
      try {
        await benchOperations({ url: server.url, pid: server.pid }, { url: computed.url, pid: computed.pid }, size, undefined);
      } finally {
        await computed.stop();
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- moto

function motoServerPath(): string {
  const r = spawnSync('pyenv', ['which', 'moto_server'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  return 'moto_server';
}

async function motoRequest(url: string, input: Record<string, unknown>): Promise<PreparedRequest> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' };
  return signRequest(url, '/', headers, Buffer.from(JSON.stringify(input)), { service: 'logs', accessKeyId: 'testing', secretAccessKey: 'testing' });
}

/** moto's tokens are base64 JSON naming the next item: the token of the middle one, made from the first page's.
 * Edited as text: its parameterChecksum is a 64-bit integer that a JSON round trip in JavaScript would round. */
function motoTokenAt(firstToken: string, index: number): string {
  const text = Buffer.from(firstToken, 'base64').toString('utf8');
  const arn = `arn:aws:logs:us-east-1:123456789012:log-group:/bench/log-group-${String(index).padStart(7, '0')}`;
  const edited = text.replace(/("uniqueAttributes":\s*")[^"]*(")/, `$1${arn}$2`);
  if (edited === text) throw new Error(`unexpected moto token: ${text}`);
  return Buffer.from(edited).toString('base64');
}

async function benchMoto() {
  const sizes: Record<string, unknown> = {};
  results.moto = {
    what: 'moto_server (CloudWatch Logs DescribeLogGroups: a name-ordered, token-paged list of one account\'s resources over awsJson1_1, limit 25), seeded straight into its backend by bench/py/moto_seeded.py',
    sizes,
  };
  const motoSizes = SIZES.filter((s) => !QUICK || s <= 1000);
  for (const size of motoSizes) {
    const port = await freePort();
    log(`moto: seeding ${size} log groups and starting`);
    const server = await spawnUntilReady('python3.11', [join(PY_DIR, 'moto_seeded.py'), String(port), String(size)], /Running on (http:\/\/\S+)/, { timeoutMs: 300_000 });
    const url = `http://127.0.0.1:${port}`;
    const entry: any = { items: size, seedOutput: /seeded [^\n]*/.exec(server.output())?.[0], load: {} };
    sizes[size] = entry;
    try {
      const firstReq = await motoRequest(url, { limit: 25 });
      const first = await send(url, firstReq);
      if (first.status !== 200) throw new Error(`moto answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
      const page = JSON.parse(first.body.toString('utf8')) as { logGroups: unknown[]; nextToken?: string };
      entry.itemsPerPage = page.logGroups.length;
      entry.responseBytes = first.body.length;
      entry.rssAtRestMb = round(rssMb(server.pid), 1);
      const middleToken = page.nextToken ? motoTokenAt(page.nextToken, Math.floor(size / 2)) : undefined;
      if (middleToken) {
        const check = await send(url, await motoRequest(url, { limit: 25, nextToken: middleToken }));
        const body = JSON.parse(check.body.toString('utf8')) as { logGroups?: { logGroupName: string }[] };
        if (check.status !== 200 || !body.logGroups?.length) throw new Error(`moto's middle page: ${check.status} ${check.body.toString('utf8').slice(0, 300)}`);
        entry.middleFirstItem = body.logGroups[0]!.logGroupName;
      }
      // boto3 first, while moto is fresh: after a load generator's 32 connections moto's
      // werkzeug server has been seen to stop answering new connections for a while.
      log(`moto ${size}: boto3 client loop and paginator`);
      entry.boto3Loop = await pythonOrError('boto3_loop.py', ['moto', url, String(Math.min(SECONDS, 5))]);
      if (size <= 1000) entry.boto3Walk = { mode: 'full', ...await pythonOrError('boto3_walk.py', ['moto', url, 'full']) };
      else {
        const pages = size >= 1_000_000 ? 3 : 20;
        const sample = await pythonOrError('boto3_walk.py', ['moto', url, 'sample', String(pages), '', middleToken ?? '']);
        const totalPages = Math.ceil(size / 25);
        entry.boto3Walk = {
          mode: `sampled: ${pages} pages from the start and from the middle, extrapolated to ${totalPages} pages`,
          ...sample,
          extrapolatedSeconds: round((sample.msPerPage * totalPages) / 1000, 1),
        };
      }
      // Shorter runs at large sizes: each of moto's pages sorts the whole list.
      const seconds = size >= 1_000_000 ? Math.max(SECONDS, 8) : SECONDS;
      for (const [position, token] of [['start', undefined], ['middle', middleToken]] as const) {
        if (position === 'middle' && !token) continue;
        const request = await motoRequest(url, token ? { limit: 25, nextToken: token } : { limit: 25 });
        log(`moto ${size}: autocannon ${position} page, ${CONNECTIONS} connections, ${seconds} s`);
        const r = await load(url, request, { connections: CONNECTIONS, seconds, warmupSeconds: size >= 1_000_000 ? 0 : WARMUP, serverPid: server.pid });
        entry.load[position] = r;
        if (wrkAvailable()) {
          const w = await runWrk(url, request, { connections: CONNECTIONS, seconds, serverPid: server.pid });
          (entry.wrk ??= {})[position] = w;
          log(`  wrk: ${JSON.stringify(w)}`);
        }
        log(`  ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server ${r.serverCpuMsPerRequest} CPU ms/req at ${r.serverCpuShare} core, load ${r.loadAvg1}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`);
      }
      entry.rssAfterMb = round(rssMb(server.pid), 1);
    } finally {
      await server.stop();
    }
    writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  }
}

// ---------------------------------------------------------------- cold start

async function coldStartOurs(samples: number) {
  const out: number[] = [];
  const ready: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < samples; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'asl-cold-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const request = await describeImagesRequest(url, 'json', {}, BENCH_ACCOUNT);
    try {
      // As a user starts it: default flags (public images on), an empty data directory.
      const server = await spawnUntilReady(process.execPath, [OUR_CLI, 'start', '--port', String(port), '--data-dir', dir, '--log-level', 'warn', ...SERVER_FLAGS], /ready at (http:\/\/\S+)/);
      try {
        const r = await post(url, request);
        if (r.status !== 200) throw new Error(`cold start: DescribeImages answered ${r.status}`);
        out.push(performance.now() - server.startedAt);
        ready.push(server.readyMs);
        rss.push(rssMb(server.pid));
        cpu.push(cpuMs(server.pid));
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    samplesMs: out.map((x) => round(x, 1)),
    medianMs: round(median(out), 1),
    minMs: round(Math.min(...out), 1),
    readyLineMedianMs: round(median(ready), 1),
    cpuToFirstAnswerMedianMs: round(median(cpu), 1),
    rssAtRestMedianMb: round(median(rss), 1),
    loadAvg1: round(loadavg()[0]!),
    how: 'spawn of `node bin/appstream-local.js start` (empty data dir, public images on) to the first 200 DescribeImages answer' };
}

async function coldStartMoto(samples: number) {
  const out: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  const bin = motoServerPath();
  for (let i = 0; i < samples; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const request = await motoRequest(url, { limit: 25 });
    const started = performance.now();
    const child = track(spawn(bin, ['-p', String(port)], { stdio: 'ignore' }));
    try {
      for (;;) {
        try {
          const r = await post(url, request);
          if (r.status === 200) break;
        } catch {
          /* not listening yet */
        }
        if (performance.now() - started > 30_000) throw new Error('moto did not answer within 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      out.push(performance.now() - started);
      rss.push(rssMb(child.pid!));
      cpu.push(cpuMs(child.pid!));
    } finally {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
  }
  return {
    samplesMs: out.map((x) => round(x, 1)),
    medianMs: round(median(out), 1),
    minMs: round(Math.min(...out), 1),
    cpuToFirstAnswerMedianMs: round(median(cpu), 1),
    rssAtRestMedianMb: round(median(rss), 1),
    loadAvg1: round(loadavg()[0]!),
    how: `spawn of ${bin} -p PORT to the first 200 DescribeLogGroups answer (polled every 5 ms)` };
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does it)');
  mkdirSync(OUT_DIR, { recursive: true });
  const snapshot = snapshotServer();
  results.settings.serverSnapshot = 'the built server was copied to a private directory at the start and run from there';
  // Modules the bench loads later on: load them now, from the build this run started with.
  await import('../src/service/pagination/paginator.js');
  await import('../src/store/postgres-db.js').catch(() => undefined);
  if (!flags['no-postgres']) await import('../test/support/postgres.js').catch(() => undefined);
  const motoOk = !flags['no-moto'] && spawnSync('python3.11', ['-c', 'import moto, boto3'], { encoding: 'utf8' }).status === 0;
  if (!flags['no-moto'] && !motoOk) results.notes.push('moto/boto3 for python3.11 are missing (pip install "moto[server]" boto3): the peer and boto3 figures were skipped.');
  if (!wrkAvailable()) results.notes.push('wrk is not installed (apt-get install wrk): the wrk cross-check of the load generator was skipped.');
  if (!flags['no-moto'] && !motoOk) flags['no-moto'] = true;

  if (flags.only === 'operations') {
    await onlyOperations();
    results.totalSeconds = round((performance.now() - started) / 1000, 1);
    writeReport(results, OUT_DIR);
    rmSync(snapshot, { recursive: true, force: true });
    log(`done in ${results.totalSeconds} s: ${join(OUT_DIR, 'results.json')}, RESULTS.md (only the per-operation section)`);
    return;
  }
  log(`cold start: ours`);
  results.coldStart.ours = await coldStartOurs(QUICK ? 3 : 7);
  log(`  median ${results.coldStart.ours.medianMs} ms`);
  if (!flags['no-moto']) {
    log(`cold start: moto`);
    results.coldStart.moto = await coldStartMoto(QUICK ? 2 : 3);
    log(`  median ${results.coldStart.moto.medianMs} ms`);
  }
  await benchStore('sqlite');
  log('families: Describe pages at 100 and 10,000 resources (bench/families.ts)');
  results.families = await benchFamilies({ quick: QUICK, seconds: SECONDS, connections: CONNECTIONS, log });
  if (!flags['no-postgres']) await benchStore('postgres');
  else results.stores.postgres = { skipped: 'skipped by --no-postgres' };
  log('the Elastic families (bench/elastic.ts)');
  results.elastic = await benchElastic({ count: QUICK ? 1000 : 10_000, seconds: QUICK ? 1 : 3, log });
  if (!flags['no-moto']) await benchMoto();
  results.totalSeconds = round((performance.now() - started) / 1000, 1);
  writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeReport(results, OUT_DIR);
  rmSync(snapshot, { recursive: true, force: true });
  log(`done in ${results.totalSeconds} s: ${join(OUT_DIR, 'results.json')}, RESULTS.md, chart.svg`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? error}\n`);
  try {
    results.failed = String((error as Error)?.message ?? error);
    writeFileSync(join(OUT_DIR, 'results.partial.json'), JSON.stringify(results, null, 2) + '\n');
  } catch {
    /* nothing more to save */
  }
  process.exit(1);
});

