// The resource families' Describe operations in `npm run bench`: a first page and a middle page
// of a listing at a small and a large inventory (rows of the family's generic table seeded
// straight into a SQLite store), both protocols, so that "a page at 10,000 costs what it costs
// at 100" is measured (keyset paging). One entry per family in FAMILY_BENCHES; it is small and
// quick (2 s runs by default). `node dist/bench/families.js [--seconds N]` runs it alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { apiRequest, decodeBody, type PreparedRequest } from './sign.js';
import { load, post, type LoadResult } from './load.js';
import { startOurs } from './proc.js';
import { benchOperation, pageInput, type BenchOperation } from './operations.js';

/**
 * The families measured here: their rows and requests are bench/operations.ts's entries (one
 * definition of a seeded stack or fleet for this benchmark and the per-operation one).
 */
export const FAMILY_BENCHES: readonly BenchOperation[] = [benchOperation('DescribeStacks'), benchOperation('DescribeFleets')];

interface SizeFigures {
  items: number;
  itemsOnFirstPage: number;
  /** Pages walked to reach the middle, and their mean ms (sequential client). */
  walkPages: number;
  walkMsPerPage: number;
  load: Record<string, LoadResult>;
}

/**
 * Measures `bench` at each size: the first page in both protocols and the middle page (JSON),
 * `seconds` each with `connections` connections. Answers the figures per size and, for the
 * largest against the smallest size, the ratio of server CPU ms per request.
 */
export async function benchFamily(bench: BenchOperation, options: { sizes: number[]; seconds: number; connections: number; log: (...parts: unknown[]) => void }) {
  const sizes: Record<string, SizeFigures> = {};
  for (const size of options.sizes) {
    const dir = mkdtempSync(join(tmpdir(), `asl-bench-${bench.rows.table}-${size}-`));
    try {
      await bench.seedSqlite(dir, size);
      const server = await startOurs({ dataDir: dir });
      try {
        const first = await post(server.url, await apiRequest(server.url, 'json', bench.operation, pageInput(bench)));
        if (first.status !== 200) throw new Error(`${bench.operation} answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
        const itemsOnFirstPage = (decodeBody('json', first.body)[bench.listMember] ?? []).length;
        // Walk to the middle page: its token is the "deep page" request.
        const started = performance.now();
        let token: string | undefined;
        let pages = 0;
        const middlePages = Math.floor(size / 25 / 2);
        while (pages < middlePages) {
          const res = await post(server.url, await apiRequest(server.url, 'json', bench.operation, pageInput(bench, token)));
          token = decodeBody('json', res.body).NextToken;
          pages++;
          if (!token) break;
        }
        const walkMsPerPage = pages ? (performance.now() - started) / pages : NaN;
        const load_: Record<string, LoadResult> = {};
        const runs: [string, PreparedRequest][] = [
          ['json first', await apiRequest(server.url, 'json', bench.operation, pageInput(bench))],
          ['cbor first', await apiRequest(server.url, 'cbor', bench.operation, pageInput(bench))],
          ...(token ? ([['json middle', await apiRequest(server.url, 'json', bench.operation, pageInput(bench, token))]] as [string, PreparedRequest][]) : []),
        ];
        for (const [label, request] of runs) {
          options.log(`${bench.operation} ${size}: autocannon ${label} page, ${options.connections} connections, ${options.seconds} s`);
          const r = await load(server.url, request, { connections: options.connections, seconds: options.seconds, warmupSeconds: 0.5, serverPid: server.pid });
          options.log(`  ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server ${r.serverCpuMsPerRequest} CPU ms/req, non-2xx ${r.non2xx}`);
          load_[label] = r;
        }
        sizes[size] = { items: size, itemsOnFirstPage, walkPages: pages, walkMsPerPage: Math.round(walkMsPerPage * 100) / 100, load: load_ };
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const small = sizes[Math.min(...options.sizes)]!;
  const large = sizes[Math.max(...options.sizes)]!;
  const cost = (s: SizeFigures, label: string) => s.load[label]?.serverCpuMsPerRequest ?? NaN;
  return {
    sizes,
    /** Server CPU per request of the large inventory's pages over the small one's first page. */
    largeOverSmall: {
      firstPage: Math.round((cost(large, 'json first') / cost(small, 'json first')) * 100) / 100,
      middlePage: Math.round((cost(large, 'json middle') / cost(small, 'json first')) * 100) / 100,
    },
  };
}

/** Every family of FAMILY_BENCHES, by operation (results.families of bench/results.json). */
export async function benchFamilies(options: { quick: boolean; seconds: number; connections: number; log: (...parts: unknown[]) => void }) {
  const out: Record<string, unknown> = {};
  for (const bench of FAMILY_BENCHES) {
    out[bench.operation] = await benchFamily(bench, { sizes: [100, 10_000], seconds: options.quick ? Math.min(options.seconds, 2) : options.seconds, connections: options.connections, log: options.log });
  }
  return out;
}

// Run directly: measure the families alone and print the figures.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
  const log = (...parts: unknown[]) => process.stdout.write(`[families] ${parts.join(' ')}\n`);
  benchFamilies({ quick: false, seconds: Number(values.seconds), connections: 32, log }).then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
