// The resource families' Describe operations in `npm run bench`: a first page and a middle page
// of a listing at a small and a large inventory (rows of the family's generic table seeded
// straight into a SQLite store), both protocols, so that "a page at 10,000 costs what it costs
// at 100" is measured (keyset paging). One entry per family in FAMILY_BENCHES; it is small and
// quick (2 s runs by default). `node dist/bench/families.js [--seconds N]` runs it alone.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cbor, decodeBody, signRequest, type PreparedRequest, type Protocol } from './sign.js';
import { load, post, type LoadResult } from './load.js';
import { startOurs } from './proc.js';
import { migrate } from '../src/store/migrations.js';
import { SqliteDb } from '../src/store/sqlite-db.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const BASE_MS = Date.UTC(2025, 0, 1);

/** One family's listing to measure. */
export interface FamilyBench {
  /** The Describe operation (paged by NextToken, 25 per page). */
  operation: string;
  /** Its answer's list member (`Stacks`). */
  listMember: string;
  /** The family's generic table and what row i holds (name in byte order = i order). */
  table: string;
  row(i: number): { name: string; schedule: string; doc: string };
}

const STACK_DOC = JSON.stringify({
  Description: 'A stack seeded by npm run bench',
  DisplayName: 'Bench stack',
  StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS', ResourceIdentifier: 'arn:aws:s3:::appstream2-36fb080bb8-us-east-1-111111111111' }],
  UserSettings: ['CLIPBOARD_COPY_FROM_LOCAL_DEVICE', 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'FILE_UPLOAD', 'FILE_DOWNLOAD', 'PRINTING_TO_LOCAL_DEVICE', 'DOMAIN_PASSWORD_SIGNIN', 'DOMAIN_SMART_CARD_SIGNIN', 'AUTO_TIME_ZONE_REDIRECTION'].map(
    (Action) => ({ Action, Permission: 'ENABLED' }),
  ),
  ApplicationSettings: { Enabled: false },
});

/** A RUNNING fleet (its page reads each fleet's sessions for ComputeCapacityStatus: the costlier path). */
const FLEET_SCHEDULE = JSON.stringify([
  { state: 'STOPPED', atMs: BASE_MS },
  { state: 'STARTING', atMs: BASE_MS + 1000 },
  { state: 'RUNNING', atMs: BASE_MS + 901_000 },
]);
const FLEET_DOC = JSON.stringify({
  DisplayName: 'Bench fleet',
  Description: 'A fleet seeded by npm run bench',
  ImageName: 'AppStream-WinServer2022-11-10-2025',
  ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-11-10-2025',
  InstanceType: 'stream.standard.medium',
  FleetType: 'ON_DEMAND',
  ComputeCapacity: { DesiredInstances: 2 },
  MaxUserDurationInSeconds: 57600,
  DisconnectTimeoutInSeconds: 900,
  VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] },
  EnableDefaultInternetAccess: false,
  StreamView: 'APP',
  Platform: 'WINDOWS_SERVER_2022',
});

export const FAMILY_BENCHES: FamilyBench[] = [
  {
    operation: 'DescribeStacks',
    listMember: 'Stacks',
    table: 'stacks',
    row: (i) => ({ name: `bench-stack-${String(i).padStart(6, '0')}`, schedule: '[]', doc: STACK_DOC }),
  },
  {
    operation: 'DescribeFleets',
    listMember: 'Fleets',
    table: 'fleets',
    row: (i) => ({ name: `bench-fleet-${String(i).padStart(6, '0')}`, schedule: FLEET_SCHEDULE, doc: FLEET_DOC }),
  },
];

/** A signed request of `operation` in one protocol (the bench's replayed-signature model, sign.ts). */
export function operationRequest(baseUrl: string, protocol: Protocol, operation: string, input: Record<string, unknown>): Promise<PreparedRequest> {
  if (protocol === 'json') {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `PhotonAdminProxyService.${operation}` };
    return signRequest(baseUrl, '/', headers, Buffer.from(JSON.stringify(input)), { service: 'appstream', accessKeyId: ACCOUNT });
  }
  const headers = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
  return signRequest(baseUrl, `/service/PhotonAdminProxyService/operation/${operation}`, headers, Buffer.from(cbor.encode(input)), { service: 'appstream', accessKeyId: ACCOUNT });
}

/** A SQLite store in `dir` (the server's migrations) with rows 0..count-1 of the bench account. */
async function seed(dir: string, bench: FamilyBench, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SQLITE_FILE_NAME);
  const store = new SqliteDb({ filename: file });
  await migrate(store);
  await store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(`INSERT INTO ${bench.table} (account_id, region, name, created_ms, schedule, gone_ms, doc) VALUES (?, ?, ?, ?, ?, NULL, ?)`);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const r = bench.row(i);
      insert.run(ACCOUNT, REGION, r.name, BASE_MS + i * 1000, r.schedule, r.doc);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

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
export async function benchFamily(bench: FamilyBench, options: { sizes: number[]; seconds: number; connections: number; log: (...parts: unknown[]) => void }) {
  const sizes: Record<string, SizeFigures> = {};
  for (const size of options.sizes) {
    const dir = mkdtempSync(join(tmpdir(), `asl-bench-${bench.table}-${size}-`));
    try {
      await seed(dir, bench, size);
      const server = await startOurs({ dataDir: dir });
      try {
        const first = await post(server.url, await operationRequest(server.url, 'json', bench.operation, {}));
        if (first.status !== 200) throw new Error(`${bench.operation} answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
        const itemsOnFirstPage = (decodeBody('json', first.body)[bench.listMember] ?? []).length;
        // Walk to the middle page: its token is the "deep page" request.
        const started = performance.now();
        let token: string | undefined;
        let pages = 0;
        const middlePages = Math.floor(size / 25 / 2);
        while (pages < middlePages) {
          const res = await post(server.url, await operationRequest(server.url, 'json', bench.operation, token ? { NextToken: token } : {}));
          token = decodeBody('json', res.body).NextToken;
          pages++;
          if (!token) break;
        }
        const walkMsPerPage = pages ? (performance.now() - started) / pages : NaN;
        const load_: Record<string, LoadResult> = {};
        const runs: [string, PreparedRequest][] = [
          ['json first', await operationRequest(server.url, 'json', bench.operation, {})],
          ['cbor first', await operationRequest(server.url, 'cbor', bench.operation, {})],
          ...(token ? ([['json middle', await operationRequest(server.url, 'json', bench.operation, { NextToken: token })]] as [string, PreparedRequest][]) : []),
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
