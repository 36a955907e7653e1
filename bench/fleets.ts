// DescribeFleets in `npm run bench`: a page at 10,000 fleets against a page at 100, side by side
// (both servers up, alternating short slices, so the machine's other work hits both alike).
// Fleets are seeded straight into the store, RUNNING (the page reads each fleet's sessions for
// its capacity, the costlier path); "middle" replays a NextToken from halfway through. Quick on
// purpose: two sizes, JSON only, a few seconds per slice.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../src/store/migrations.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';
import { SqliteDb } from '../src/store/sqlite-db.js';
import { load, type LoadResult } from './load.js';
import { startOurs, type Child } from './proc.js';
import { BENCH_ACCOUNT, BENCH_REGION } from './seed.js';
import { decodeBody, send, signRequest, type PreparedRequest } from './sign.js';

export const FLEET_SIZES = [100, 10_000] as const;
const IMAGE = 'AppStream-WinServer2022-11-10-2025';
const fleetName = (i: number) => `bench-fleet-${String(i).padStart(6, '0')}`;

/** Creates the SQLite store in `dataDir` with `count` RUNNING fleets of the bench account. */
export async function seedFleetsSqlite(dataDir: string, count: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const store = new SqliteDb({ filename: file });
  await migrate(store);
  await store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const created = Date.UTC(2025, 0, 1);
  const schedule = JSON.stringify([
    { state: 'STOPPED', atMs: created },
    { state: 'STARTING', atMs: created + 1000 },
    { state: 'RUNNING', atMs: created + 901_000 },
  ]);
  const doc = JSON.stringify({
    DisplayName: 'Bench fleet',
    Description: 'A fleet seeded by npm run bench.',
    ImageName: IMAGE,
    ImageArn: `arn:aws:appstream:${BENCH_REGION}::image/${IMAGE}`,
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
  const insert = db.prepare(
    `INSERT INTO fleets (account_id, region, name, created_ms, schedule, gone_ms, doc, image_name, directory_name) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(BENCH_ACCOUNT, BENCH_REGION, fleetName(i), created, schedule, doc, IMAGE);
  })();
  db.close();
}

function describeFleetsRequest(url: string, input: Record<string, unknown>): Promise<PreparedRequest> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'PhotonAdminProxyService.DescribeFleets' };
  return signRequest(url, '/', headers, Buffer.from(JSON.stringify(input)), { service: 'appstream', accessKeyId: BENCH_ACCOUNT });
}

/** The NextToken that starts the page holding fleet `index` (walked, sequentially). */
async function tokenAt(url: string, index: number): Promise<string | undefined> {
  let token: string | undefined;
  for (let seen = 0; seen + 25 <= index; seen += 25) {
    const res = await send(url, await describeFleetsRequest(url, token ? { NextToken: token } : {}));
    token = (decodeBody('json', res.body) as { NextToken?: string }).NextToken;
    if (!token) break;
  }
  return token;
}

function combined(runs: LoadResult[]) {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.durationS, 0);
  const cpu = runs.reduce((a, r) => a + (r.serverCpuMsPerRequest ?? NaN) * r.requests, 0) / requests;
  const p50 = runs.map((r) => r.p50).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)]!;
  return { rps: Math.round((requests / seconds) * 10) / 10, p50, serverCpuMsPerRequest: Math.round(cpu * 1000) / 1000, requests, non2xx: runs.reduce((a, r) => a + r.non2xx, 0) };
}

/** Measures DescribeFleets' first and middle pages at each size; answers the figures for results.json. */
export async function benchFleets(options: { seconds: number; connections: number; rounds: number; log: (...parts: unknown[]) => void }) {
  const servers: { size: number; dir: string; server: Child }[] = [];
  try {
    for (const size of FLEET_SIZES) {
      const dir = mkdtempSync(join(tmpdir(), `asl-bench-fleets-${size}-`));
      const started = performance.now();
      await seedFleetsSqlite(dir, size);
      options.log(`fleets: seeded ${size} RUNNING fleets in ${Math.round(performance.now() - started)} ms`);
      servers.push({ size, dir, server: await startOurs({ dataDir: dir }) });
    }
    const requests: Record<string, { url: string; pid: number; request: PreparedRequest }> = {};
    for (const { size, server } of servers) {
      const first = await describeFleetsRequest(server.url, {});
      const check = decodeBody('json', (await send(server.url, first)).body) as { Fleets?: { Name: string }[] };
      if (check.Fleets?.length !== 25) throw new Error(`DescribeFleets at ${size} fleets answered ${check.Fleets?.length} fleets on its first page`);
      requests[`${size} first`] = { url: server.url, pid: server.pid, request: first };
      const middle = await tokenAt(server.url, Math.floor(size / 2));
      if (middle) requests[`${size} middle`] = { url: server.url, pid: server.pid, request: await describeFleetsRequest(server.url, { NextToken: middle }) };
    }
    const runs: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(requests).map((k) => [k, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const [key, { url, pid, request }] of Object.entries(requests)) {
        options.log(`fleets: DescribeFleets ${key} page, round ${round + 1}, ${options.seconds} s`);
        runs[key]!.push(await load(url, request, { connections: options.connections, seconds: options.seconds, warmupSeconds: round === 0 ? 0.5 : 0, serverPid: pid }));
      }
    }
    const pages = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, combined(r)]));
    const small = pages[`${FLEET_SIZES[0]} first`]!;
    const largeCost = Math.max(pages[`${FLEET_SIZES[1]} first`]!.serverCpuMsPerRequest, pages[`${FLEET_SIZES[1]} middle`]?.serverCpuMsPerRequest ?? 0);
    const result = {
      how: `${FLEET_SIZES.join(' and ')} RUNNING fleets seeded into SQLite; both servers up; ${options.rounds} alternating rounds of ${options.seconds} s per page, ${options.connections} connections, awsJson1_1`,
      pages,
      /** Server CPU per request of the costlier 10K page over that of the 100 page (1.0: the same cost). */
      costRatio: Math.round((largeCost / small.serverCpuMsPerRequest) * 100) / 100,
    };
    options.log(`fleets: ${JSON.stringify(result)}`);
    return result;
  } finally {
    for (const { server, dir } of servers) {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
