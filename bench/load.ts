// The load generator: autocannon's programmatic API (32 connections, a replayed signed request)
// run in a process of its own (bench/load-process.ts), plus a sequential keep-alive client for
// walking pages.
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { tuneHeap } from '../src/heap-tuning.js';
import type { PreparedRequest } from './sign.js';

// When the load generator ran in the bench's own process, which holds the walks' results, V8's
// own heap growing factor had its GC pause it for 476-544 ms of a 7 s PostgreSQL JSON run, the
// first runs after a walk (the longest pause 14-18 ms, every response in flight delayed by it);
// with the factor our CLI runs with (src/heap-tuning.ts), 109-155 ms (longest 5-11 ms). It now
// runs in a process of its own, with that factor too; each run reports its pauses (clientGcMs),
// so that the load generator's pauses are seen, not taken for the server's. The bench's own
// process keeps the factor for its walks.
tuneHeap();

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  meanMs: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Response bytes per second. */
  bytesPerSec: number;
  /**
   * CPU time the server process spent per request (user + system, from /proc/<pid>/stat):
   * what a request costs the server, much less disturbed than req/s by other work on the machine.
   */
  serverCpuMsPerRequest?: number;
  /** The part of serverCpuMsPerRequest spent in the kernel (system time: socket writes, page faults). */
  serverSystemMsPerRequest?: number;
  /** Share of one core the server used during the run (1 = a full core). */
  serverCpuShare?: number;
  /**
   * Major page faults the server took during the run: pages it had to wait for the disk for
   * (its code or the store's file, evicted while it idled), time that shows in latency, not CPU.
   */
  serverMajorFaults?: number;
  /** Share of one core the load generator's own process used during the run. */
  clientCpuShare: number;
  /** GC pauses of the load generator's own process during the run, in all and the longest (ms). */
  clientGcMs: number;
  clientGcMaxMs: number;
  /** 1-minute load average of the machine at the end of the run. */
  loadAvg1: number;
}

/** user + system CPU ms of a process so far (clock ticks of 10 ms on Linux). */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/**
 * User and system CPU ms of a process so far, apart (clock ticks of 10 ms on Linux), and its
 * major page faults so far (NaN each if it is gone).
 */
export function cpuSplitMs(pid: number): { user: number; system: number; majorFaults: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); majflt is field 12, utime field 14, stime field 15.
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10, majorFaults: Number(fields[9]) };
  } catch {
    return { user: NaN, system: NaN, majorFaults: NaN };
  }
}

/** GC pauses of this process from now on, until the returned function is called: their sum and the longest (ms). */
function watchGc(): () => { totalMs: number; maxMs: number } {
  let totalMs = 0;
  let maxMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      totalMs += entry.duration;
      maxMs = Math.max(maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    for (const entry of observer.takeRecords()) {
      totalMs += entry.duration;
      maxMs = Math.max(maxMs, entry.duration);
    }
    observer.disconnect();
    return { totalMs, maxMs };
  };
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds?: number;
  /** The server's process, whose CPU time and page faults the run reads. */
  serverPid?: number;
}

/** What bench/load-process.ts is sent: one run. */
export interface LoadRequestMessage {
  id: number;
  baseUrl: string;
  request: PreparedRequest;
  options: LoadOptions;
}

type LoadReplyMessage = { id: number; result: LoadResult; error?: undefined } | { id: number; error: string };

let generator: ChildProcess | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();

/** The load generator's process, started on first use and kept for the bench's life (warm JIT across runs). */
function loadProcess(): ChildProcess {
  if (generator) return generator;
  const child = fork(new URL('./load-process.js', import.meta.url), [], {
    // Buffers (the CBOR bodies) cross as Buffers.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (reply: LoadReplyMessage) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.error !== undefined) w.reject(new Error(`load generator: ${reply.error}`));
    else w.resolve(reply.result);
  });
  const fail = (error: Error) => {
    if (generator === child) generator = undefined;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  child.on('exit', (code, signal) => fail(new Error(`load generator exited (${signal ?? code})`)));
  // A fork that failed, or a message sent on a channel already closed: the runs waiting fail.
  child.on('error', (error) => fail(new Error(`load generator: ${error.message}`)));
  // Gone before its exit is seen: the next run starts a new generator.
  child.on('disconnect', () => {
    if (generator === child) generator = undefined;
  });
  // The bench may end with the generator idle; its IPC channel must not keep the bench alive.
  child.unref();
  child.channel?.unref();
  generator = child;
  return child;
}

/**
 * One load run: `options.connections` keep-alive connections replaying `request` against
 * `baseUrl` for `options.seconds` (after `warmupSeconds` unmeasured), in the load generator's
 * own process. Answers its latency (ms), rate and the costs read around it; rejects if the
 * generator fails or dies.
 */
export function load(baseUrl: string, request: PreparedRequest, options: LoadOptions): Promise<LoadResult> {
  const child = loadProcess();
  const id = nextId++;
  return new Promise<LoadResult>((resolve, reject) => {
    // A run in flight keeps the bench alive; the channel is unref'd again once no run waits.
    child.channel?.ref();
    waiting.set(id, {
      resolve: (r) => {
        if (waiting.size === 0) child.channel?.unref();
        resolve(r);
      },
      reject: (e) => {
        if (waiting.size === 0) child.channel?.unref();
        reject(e);
      },
    });
    child.send({ id, baseUrl, request, options } satisfies LoadRequestMessage, (error) => {
      const w = error ? waiting.get(id) : undefined;
      if (!w) return;
      waiting.delete(id);
      w.reject(new Error(`load generator: ${error!.message}`));
    });
  });
}

/** The run itself, in the load generator's process (bench/load-process.ts); see load(). */
export async function runLoad(baseUrl: string, request: PreparedRequest, options: LoadOptions): Promise<LoadResult> {
  const base = {
    url: baseUrl + request.path,
    method: request.method,
    // autocannon writes its own Content-Length; a second one makes node's parser reject the request.
    headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== 'content-length')),
    body: request.body,
    connections: options.connections,
    timeout: 30,
  };
  if (options.warmupSeconds) await autocannon({ ...base, duration: options.warmupSeconds });
  const gone = { user: NaN, system: NaN, majorFaults: NaN };
  const before = options.serverPid ? cpuSplitMs(options.serverPid) : gone;
  const gcDone = watchGc();
  const clientBefore = process.cpuUsage();
  const r = await autocannon({ ...base, duration: options.seconds });
  const client = process.cpuUsage(clientBefore);
  const gc = gcDone();
  const after = options.serverPid ? cpuSplitMs(options.serverPid) : gone;
  const cpuUsed = after.user + after.system - before.user - before.system;
  const systemUsed = after.system - before.system;
  const round = (n: number) => Math.round(n * 100) / 100;
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  return {
    rps: round(r.requests.total / r.duration),
    p50: round(r.latency.p50),
    p90: round(r.latency.p90),
    p99: round(r.latency.p99),
    meanMs: round(r.latency.mean),
    maxMs: round(r.latency.max),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: round(r.duration),
    bytesPerSec: Math.round(r.throughput.mean),
    serverCpuMsPerRequest: Number.isFinite(cpuUsed) && r.requests.total > 0 ? round3(cpuUsed / r.requests.total) : undefined,
    serverSystemMsPerRequest: Number.isFinite(systemUsed) && r.requests.total > 0 ? round3(systemUsed / r.requests.total) : undefined,
    serverCpuShare: Number.isFinite(cpuUsed) ? round(cpuUsed / (r.duration * 1000)) : undefined,
    serverMajorFaults: Number.isFinite(after.majorFaults - before.majorFaults) ? after.majorFaults - before.majorFaults : undefined,
    clientCpuShare: round((client.user + client.system) / 1000 / (r.duration * 1000)),
    clientGcMs: round(gc.totalMs),
    clientGcMaxMs: round(gc.maxMs),
    loadAvg1: round(loadavg()[0]!),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * One request on a kept-alive connection; answers status and body. A request that fails on a
 * reused connection (the server closed it while idle, between runs) is retried once.
 */
export function post(baseUrl: string, request: PreparedRequest, retry = true): Promise<Answer> {
  const u = new URL(baseUrl);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: Number(u.port), method: 'POST', path: request.path, headers: request.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (retry && req.reusedSocket) resolve(post(baseUrl, request, false));
      else reject(error);
    });
    req.end(request.body);
  });
}
