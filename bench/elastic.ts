// npm run build && node dist/bench/elastic.js [--seconds N] [--count N] [--out FILE]
// (npm run bench runs it too, quick, after the image figures.)
//
// The Elastic families' Describe operations under load: DescribeApplications, DescribeAppBlocks,
// DescribeAppBlockBuilders and ListExportImageTasks (first page of 25; 50 for the export tasks),
// both protocols, 32 connections, against the real CLI on SQLite with `count` resources of each
// family seeded through the control API. Small and quick: it shows that these pages cost about
// what a DescribeImages page does, and catches a regression that makes them scan.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, post, type LoadResult } from './load.js';
import { startOurs } from './proc.js';
import { BENCH_ACCOUNT, BENCH_REGION } from './seed.js';
import { cbor, signRequest, type PreparedRequest, type Protocol } from './sign.js';

const CONNECTIONS = 32;

/** A signed request of any operation in one of the two protocols. */
export function operationRequest(baseUrl: string, protocol: Protocol, operation: string, input: Record<string, unknown>): Promise<PreparedRequest> {
  if (protocol === 'json') {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `PhotonAdminProxyService.${operation}` };
    return signRequest(baseUrl, '/', headers, Buffer.from(JSON.stringify(input)), { service: 'appstream', accessKeyId: BENCH_ACCOUNT });
  }
  const headers = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
  return signRequest(baseUrl, `/service/PhotonAdminProxyService/operation/${operation}`, headers, Buffer.from(cbor.encode(input)), {
    service: 'appstream',
    accessKeyId: BENCH_ACCOUNT,
  });
}

/** The seed document: `count` app blocks, applications, builders, and export tasks of one image. */
function seedDocument(count: number) {
  const at = { AccountId: BENCH_ACCOUNT, Region: BENCH_REGION };
  const n = (i: number) => String(i).padStart(5, '0');
  return {
    images: [{ ...at, Name: 'bench-export-image' }],
    appBlocks: Array.from({ length: count }, (_, i) => ({ ...at, Name: `block-${n(i)}`, PackagingType: 'APPSTREAM2' })),
    applications: Array.from({ length: count }, (_, i) => ({ ...at, Name: `app-${n(i)}`, AppBlockName: `block-${n(i)}` })),
    appBlockBuilders: Array.from({ length: count }, (_, i) => ({ ...at, Name: `builder-${n(i)}`, AppBlockName: `block-${n(i)}` })),
    exportImageTasks: Array.from({ length: count }, (_, i) => ({ ...at, ImageName: 'bench-export-image', AmiName: `ami-${n(i)}`, State: 'COMPLETED', CreatedTime: 1_700_000_000 + i })),
  };
}

const OPERATIONS: { operation: string; input: Record<string, unknown>; items: string }[] = [
  { operation: 'DescribeApplications', input: { MaxResults: 25 }, items: 'Applications' },
  { operation: 'DescribeAppBlocks', input: { MaxResults: 25 }, items: 'AppBlocks' },
  { operation: 'DescribeAppBlockBuilders', input: { MaxResults: 25 }, items: 'AppBlockBuilders' },
  { operation: 'ListExportImageTasks', input: {}, items: 'ExportImageTasks' },
];

export interface ElasticBenchResult {
  count: number;
  seconds: number;
  connections: number;
  seedMs: number;
  /** By operation, then protocol. */
  load: Record<string, Partial<Record<Protocol, LoadResult & { itemsPerPage: number }>>>;
}

/** Runs the Elastic bench on a fresh SQLite directory and answers its figures. */
export async function benchElastic(options: { count: number; seconds: number; log?: (...parts: unknown[]) => void }): Promise<ElasticBenchResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'asl-bench-elastic-'));
  // The seed document of 4 x 10,000 resources is ~5 MB, over the default 4 MB body limit.
  const server = await startOurs({ dataDir: dir, serverArgs: ['--max-body-bytes', String(64 * 1024 * 1024)] });
  try {
    const started = performance.now();
    const seeded = await fetch(`${server.url}/_appstream/seed`, { method: 'POST', body: JSON.stringify(seedDocument(options.count)) });
    if (seeded.status !== 200) throw new Error(`seeding answered ${seeded.status}: ${await seeded.text()}`);
    const result: ElasticBenchResult = { count: options.count, seconds: options.seconds, connections: CONNECTIONS, seedMs: Math.round(performance.now() - started), load: {} };
    for (const { operation, input, items } of OPERATIONS) {
      result.load[operation] = {};
      for (const protocol of ['json', 'cbor'] as const) {
        const request = await operationRequest(server.url, protocol, operation, input);
        const first = await post(server.url, request);
        if (first.status !== 200) throw new Error(`${operation} answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
        const body = protocol === 'json' ? JSON.parse(first.body.toString('utf8')) : cbor.decode(first.body);
        const itemsPerPage = (body[items] ?? []).length;
        const measured = await load(server.url, request, { connections: CONNECTIONS, seconds: options.seconds, warmupSeconds: 0.5, serverPid: server.pid });
        result.load[operation]![protocol] = { ...measured, itemsPerPage };
        log(`  ${operation} ${protocol}: ${measured.rps} req/s, p99 ${measured.p99} ms, ${itemsPerPage} per page`);
      }
    }
    return result;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('elastic.js')) {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' } } });
  const result = await benchElastic({
    count: Number(values.count ?? 1000),
    seconds: Number(values.seconds ?? 2),
    log: (...parts) => process.stdout.write(`[bench elastic] ${parts.join(' ')}\n`),
  });
  const text = JSON.stringify(result, null, 2) + '\n';
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
}
