// A/B of server builds on one machine at one time: each variant is a snapshot of the built
// server (bin/, dist/src, dist/bundle: copyServer), all of them serve copies of one seeded store, and the load runs in
// alternating slices (A, B, A, B, ...) so that every variant sees the same machine. Reports
// req/s, p99 and the server's CPU per request (from /proc: what a request costs the server,
// much less disturbed than req/s by other work on a shared machine).
//
//   node dist/bench/ab.js snapshot DIR                      copy the current build to DIR
//   node dist/bench/ab.js run --variant A=DIR --variant B=DIR [--bare [--bare-batched]]
//        [--op DescribeImages|DescribeImageBuilders|DescribeFleets|DescribeStacks|DescribeUsers]
//        [--size 1000] [--protocol json|cbor]
//        [--page first|middle] [--rounds 4] [--seconds 3] [--connections 32]
//        [--server-flags=--no-read-cache] [--sequential N] [--instructions N [--warmup N]] [--write-first] [--walk PAGES]
//        [--store sqlite|postgres]
//
// --bare adds the bare node:http ceiling answering the first variant's bytes; --bare-batched a
// second one that writes its answers as our server does (src/answer-batch.ts). --sequential N
// measures N requests one after another on one connection instead (server CPU per request
// without the load generator competing for the cores). --instructions N runs each server under
// valgrind's callgrind and counts the instructions it executes for N sequential requests after a
// warm-up of --warmup requests (3,000 by default; counters zeroed and dumped with
// callgrind_control), the main thread's apart from V8's helper threads (compiler, GC): the
// steadiest figure on a busy machine, since other work changes the time an instruction takes,
// not how many there are (runs of one build differ by 1-3%).
// --write-first makes each server commit one write (a clock advance of 0 s) before measuring.
// --walk PAGES pages through the catalogue from the start instead, each page once (a new page
// per request: nothing of it kept from before), and reports server CPU per page.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ceilingKey } from './ceiling-server.js';
import { cpuMs, load, post, type LoadResult } from './load.js';
import { copyServer, freePort, spawnUntilReady, startCeiling, type Child } from './proc.js';
import { benchOperation, pageInput, type BenchOperation } from './operations.js';
import { apiRequest, cbor, send, type PreparedRequest, type Protocol } from './sign.js';

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

async function sequential(url: string, request: PreparedRequest, n: number, pid: number): Promise<{ msPerRequest: number; cpuMsPerRequest: number }> {
  for (let i = 0; i < Math.min(200, n); i++) await post(url, request);
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await post(url, request);
  return { msPerRequest: round((performance.now() - t0) / n), cpuMsPerRequest: round((cpuMs(pid) - cpu0) / n) };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'snapshot') {
    copyServer(rest[0]!);
    process.stdout.write(`snapshot in ${rest[0]}\n`);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      variant: { type: 'string', multiple: true, default: [] },
      bare: { type: 'boolean', default: false },
      'bare-batched': { type: 'boolean', default: false },
      op: { type: 'string', default: 'DescribeImages' },
      size: { type: 'string', default: '1000' },
      protocol: { type: 'string', default: 'json' },
      page: { type: 'string', default: 'first' },
      rounds: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      'server-flags': { type: 'string', default: '' },
      sequential: { type: 'string' },
      instructions: { type: 'string' },
      warmup: { type: 'string', default: '3000' },
      'write-first': { type: 'boolean', default: false },
      walk: { type: 'string' },
      store: { type: 'string', default: 'sqlite' },
    },
  });
  const operation: BenchOperation = benchOperation(values.op!);
  const size = Number(values.size);
  const protocol = values.protocol as Protocol;
  const flags = values['server-flags']!.split(/\s+/).filter(Boolean);
  const variants = values.variant!.map((v) => {
    const eq = v.indexOf('=');
    return { name: v.slice(0, eq), dir: v.slice(eq + 1) };
  });
  const work = mkdtempSync(join(tmpdir(), 'asl-ab-'));
  const servers: { name: string; child: Child; url: string }[] = [];
  const bareServers: Child[] = [];
  const databases: { drop(): Promise<void> }[] = [];
  try {
    const seedDir = join(work, 'seed');
    if (values.store === 'sqlite') await operation.seedSqlite(seedDir, size);
    const { createTestDatabase } = values.store === 'postgres' ? await import('../test/support/postgres.js') : { createTestDatabase: undefined };
    for (const v of variants) {
      let storeArgs: string[];
      if (createTestDatabase) {
        // One database per variant, seeded alike.
        const db = await createTestDatabase({ linguisticCollation: false });
        databases.push(db);
        await operation.seedPostgres(db.url, size);
        storeArgs = ['--database-url', db.url];
      } else {
        const dataDir = join(work, v.name);
        cpSync(seedDir, dataDir, { recursive: true });
        storeArgs = ['--data-dir', dataDir];
      }
      const port = await freePort();
      const args = [join(v.dir, 'bin', 'appstream-local.js'), 'start', '--port', String(port), ...storeArgs, '--log-level', 'warn', '--no-public-images', ...flags];
      const child = values.instructions
        ? await spawnUntilReady('valgrind', ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${join(work, `${v.name}.callgrind`)}`, process.execPath, ...args], /ready at (http:\/\/\S+)/, { timeoutMs: 300_000 })
        : await spawnUntilReady(process.execPath, args, /ready at (http:\/\/\S+)/);
      servers.push({ name: v.name, child, url: child.url });
      // A server that has committed a write (as any real session has): a transaction has run.
      if (values['write-first']) {
        const res = await fetch(`${child.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 0 }) });
        if (res.status !== 200) throw new Error(`${v.name}: clock advance answered ${res.status}`);
      }
    }
    // The request: the first page, or the page halfway through (its token from walking there).
    const input = async (url: string): Promise<Record<string, unknown>> => {
      if (values.page === 'first') return pageInput(operation);
      let token: string | undefined;
      for (let i = 0; i < Math.floor(size / 50); i++) {
        const res = await send(url, await apiRequest(url, 'json', operation.operation, pageInput(operation, token)));
        token = (JSON.parse(res.body.toString('utf8')) as { NextToken?: string }).NextToken;
      }
      return pageInput(operation, token);
    };
    const requests = new Map<string, PreparedRequest>();
    let first: Buffer | undefined;
    for (const s of servers) {
      const request = await apiRequest(s.url, protocol, operation.operation, await input(s.url));
      const res = await send(s.url, request);
      if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
      if (first && !first.equals(res.body)) process.stdout.write(`note: ${s.name} answers other bytes than ${servers[0]!.name} (${res.body.length} vs ${first.length})\n`);
      first ??= res.body;
      requests.set(s.name, request);
    }
    const targets = servers.map((s) => ({ name: s.name, url: s.url, pid: s.child.pid, request: requests.get(s.name)! }));
    if (values.bare) {
      const s = servers[0]!;
      const res = await send(s.url, requests.get(s.name)!);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
      const file = join(work, 'bare.json');
      const request = requests.get(s.name)!;
      writeFileSync(file, JSON.stringify({ [ceilingKey(request.path, request.headers['x-amz-target'])]: { status: res.status, headers, bodyBase64: res.body.toString('base64') } }));
      for (const [name, batched] of [['bare', false], ...(values['bare-batched'] ? [['bare+batch', true]] : [])] as [string, boolean][]) {
        const b = await startCeiling(file, { batched });
        bareServers.push(b);
        targets.push({ name, url: b.url, pid: b.pid, request: await apiRequest(b.url, protocol, operation.operation, pageInput(operation)) });
      }
    }
    process.stdout.write(`${operation.operation} ${protocol} ${values.page} page, ${size} rows, ${values.sequential ? `sequential ${values.sequential}` : `${values.connections} connections, ${values.rounds} x ${values.seconds} s`} ${flags.join(' ')}\n`);
    if (values.walk) {
      const pages = Number(values.walk);
      const out: Record<string, number[]> = {};
      for (let r = 0; r < Number(values.rounds); r++) {
        for (const t of targets) {
          const cpu0 = cpuMs(t.pid);
          let token: string | undefined;
          for (let i = 0; i < pages; i++) {
            const res = await post(t.url, await apiRequest(t.url, protocol, operation.operation, pageInput(operation, token)));
            token = (protocol === 'json' ? JSON.parse(res.body.toString('utf8')) : cbor.decode(res.body)).NextToken;
            if (!token) break;
          }
          (out[t.name] ??= []).push(round((cpuMs(t.pid) - cpu0) / pages));
        }
      }
      for (const [name, xs] of Object.entries(out)) process.stdout.write(`  ${name.padEnd(10)} walk: server CPU ${round(xs.reduce((a, b) => a + b, 0) / xs.length)} ms/page (rounds: ${xs.join(' ')})\n`);
      return;
    }
    if (values.instructions) {
      const n = Number(values.instructions);
      // The bare server does not run under valgrind.
      for (const t of targets.filter((x) => !x.name.startsWith('bare'))) {
        // A long warm-up: under valgrind V8 optimizes late, and its compiler threads' work
        // (half of all instructions after 300 requests) is not the cost of a request.
        for (let i = 0; i < Number(values.warmup); i++) await post(t.url, t.request);
        execFileSync('callgrind_control', ['-z', String(t.pid)], { stdio: 'ignore' });
        const cpu0 = cpuMs(t.pid);
        for (let i = 0; i < n; i++) await post(t.url, t.request);
        const cpu = cpuMs(t.pid) - cpu0;
        execFileSync('callgrind_control', ['-d', String(t.pid)], { stdio: 'ignore' });
        // One dump per thread (--separate-threads): <name>.callgrind.<part>-<thread>, the main thread 01.
        const dumps = readdirSync(work).filter((f) => f.startsWith(`${t.name}.callgrind.`));
        const part = Math.max(...dumps.map((f) => Number(/\.(\d+)-\d+$/.exec(f)?.[1] ?? 0)));
        let main = 0;
        let others = 0;
        for (const f of dumps.filter((d) => d.startsWith(`${t.name}.callgrind.${part}-`))) {
          const count = Number(/^(?:summary|totals):\s+(\d+)/m.exec(readFileSync(join(work, f), 'utf8'))?.[1] ?? NaN);
          if (f.endsWith('-01')) main += count;
          else others += count;
        }
        const per = (x: number) => Math.round(x / n).toLocaleString('en-US');
        process.stdout.write(`  ${t.name.padEnd(10)} ${per(main)} instructions/request on the main thread, ${per(others)} on the others (${n} requests after ${values.warmup}; under valgrind ${round(cpu / n)} CPU ms/request)\n`);
      }
      return;
    }
    if (values.sequential) {
      const n = Number(values.sequential);
      const out: Record<string, { ms: number[]; cpu: number[] }> = {};
      for (let r = 0; r < Number(values.rounds); r++) {
        for (const t of targets) {
          const m = await sequential(t.url, t.request, n, t.pid);
          (out[t.name] ??= { ms: [], cpu: [] }).ms.push(m.msPerRequest);
          out[t.name]!.cpu.push(m.cpuMsPerRequest);
        }
      }
      for (const [name, m] of Object.entries(out)) {
        const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
        process.stdout.write(`  ${name.padEnd(10)} ${mean(m.ms)} ms/request, server CPU ${mean(m.cpu)} ms/request (rounds: ${m.cpu.join(' ')})\n`);
      }
      return;
    }
    const runs: Record<string, LoadResult[]> = {};
    for (let r = 0; r < Number(values.rounds); r++) {
      for (const t of targets) {
        const res = await load(t.url, t.request, { connections: Number(values.connections), seconds: Number(values.seconds), warmupSeconds: r === 0 ? 1 : 0, serverPid: t.pid });
        (runs[t.name] ??= []).push(res);
      }
    }
    const bareRps = runs['bare'] ? runs['bare'].reduce((a, x) => a + x.requests, 0) / runs['bare'].reduce((a, x) => a + x.durationS, 0) : NaN;
    for (const [name, rs] of Object.entries(runs)) {
      const requests = rs.reduce((a, x) => a + x.requests, 0);
      const seconds = rs.reduce((a, x) => a + x.durationS, 0);
      const cpu = rs.reduce((a, x) => a + (x.serverCpuMsPerRequest ?? NaN) * x.requests, 0) / requests;
      const sys = rs.reduce((a, x) => a + (x.serverSystemMsPerRequest ?? NaN) * x.requests, 0) / requests;
      const rps = requests / seconds;
      process.stdout.write(
        `  ${name.padEnd(10)} ${Math.round(rps)} req/s${Number.isFinite(bareRps) && name !== 'bare' ? ` (${Math.round((rps / bareRps) * 100)}% of bare)` : ''}, p99 ${round(rs.reduce((a, x) => a + x.p99, 0) / rs.length, 1)} ms, server CPU ${round(cpu)} ms/request (of which system ${round(sys)}; slices: ${rs.map((x) => x.serverCpuMsPerRequest).join(' ')}), non-2xx ${rs.reduce((a, x) => a + x.non2xx, 0)}, load ${rs[rs.length - 1]!.loadAvg1}\n`,
      );
    }
  } finally {
    for (const s of servers) await s.child.stop();
    for (const b of bareServers) await b.stop();
    for (const db of databases) await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`ab failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
