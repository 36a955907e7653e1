// Profiles our server under the DescribeImages load: seeds a catalogue, starts the CLI with
// --cpu-prof, replays one signed first-page request with autocannon, stops the server (which
// writes the profile) and prints its summary. Usage:
//   node dist/bench/profile.js [--size 1000] [--protocol json|cbor] [--seconds 10] [--middle] [--server-flags=--no-read-cache] [--store sqlite|postgres]
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { load } from './load.js';
import { freePort, startOurs, SERVER_FLAGS } from './proc.js';
import { summarise } from './profile-summary.js';
import { BENCH_ACCOUNT, seedPostgres, seedSqlite } from './seed.js';
import { describeImagesRequest, type Protocol } from './sign.js';
import { walkOurs } from './walk.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000' }, protocol: { type: 'string', default: 'json' }, seconds: { type: 'string', default: '10' }, middle: { type: 'boolean', default: false }, 'server-flags': { type: 'string' }, store: { type: 'string', default: 'sqlite' } } });
if (values['server-flags']) SERVER_FLAGS.push(...values['server-flags'].split(/\s+/).filter(Boolean));
const size = Number(values.size);
const protocol = values.protocol as Protocol;
const dir = mkdtempSync(join(tmpdir(), 'asl-prof-'));
const profDir = join(PACKAGE_ROOT, 'bench', 'profiles');
mkdirSync(profDir, { recursive: true });
const before = new Set(readdirSync(profDir));
// PostgreSQL: a database of its own, dropped after (test/support/postgres.ts says where).
const db = values.store === 'postgres' ? await (await import('../test/support/postgres.js')).createTestDatabase({ linguisticCollation: false }) : undefined;
try {
  if (db) await seedPostgres(db.url, size);
  else await seedSqlite(dir, size);
  const port = await freePort();
  const server = await startOurs({ ...(db ? { databaseUrl: db.url } : { dataDir: dir }), port, extraNodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] });
  let input: Record<string, unknown> = { MaxResults: 25 };
  if (values.middle) {
    const w = await walkOurs(server.url, BENCH_ACCOUNT, size, { maxPages: Math.ceil(size / 50) + 1 });
    input = { MaxResults: 25, NextToken: w.tokensAt['0.5'] };
  }
  const request = await describeImagesRequest(server.url, protocol, input, BENCH_ACCOUNT);
  const r = await load(server.url, request, { connections: 32, seconds: Number(values.seconds), warmupSeconds: 1, serverPid: server.pid });
  process.stdout.write(`${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.serverCpuMsPerRequest} server CPU ms/request\n`);
  await server.stop();
  const file = readdirSync(profDir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  process.stdout.write(summarise(join(profDir, file)) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
}
