// Seeds a catalogue of private images straight into the store (not through the API): the
// schema comes from the server's own migrations, the rows from one prepared INSERT in large
// transactions (SQLite) or one INSERT ... SELECT over generate_series (PostgreSQL).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../src/store/migrations.js';
import { SqliteDb } from '../src/store/sqlite-db.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';

export const BENCH_ACCOUNT = '111111111111';
export const BENCH_REGION = 'us-east-1';
const BASE_CREATED_MS = Date.UTC(2025, 0, 1);

/** Image i's name: zero-padded so that name order is numeric order. */
export const imageName = (i: number) => `bench-image-${String(i).padStart(7, '0')}`;

/** A private image as one made from a builder would be stored: a realistic doc of ~1 KB. */
function docTemplate(): string {
  return JSON.stringify({
    DisplayName: 'Bench image __I__',
    Description: 'An image seeded by npm run bench, made from a Windows Server 2022 base image with one application.',
    BaseImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-06-17-2025',
    ImageBuilderName: 'bench-builder',
    ImageBuilderSupported: true,
    Platform: 'WINDOWS_SERVER_2022',
    ImageType: 'NATIVE',
    AppstreamAgentVersion: '1.1.1522',
    SupportedInstanceFamilies: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED', 'COMPUTE_OPTIMIZED', 'GRAPHICS_G4'],
    DynamicAppProvidersEnabled: 'DISABLED',
    Applications: [
      {
        Name: 'notepad',
        DisplayName: 'Notepad',
        LaunchPath: 'C:\\Windows\\System32\\notepad.exe',
        Enabled: true,
        Platforms: ['WINDOWS_SERVER_2022'],
        InstanceFamilies: ['GENERAL_PURPOSE'],
        Metadata: {},
      },
    ],
  });
}

function schedule(createdMs: number): string {
  return JSON.stringify([
    { state: 'PENDING', atMs: createdMs },
    { state: 'AVAILABLE', atMs: createdMs + 900_000 },
  ]);
}

/** Creates (or reuses) the SQLite store in `dataDir` and adds images 0..count-1 of the bench account. */
export async function seedSqlite(dataDir: string, count: number): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const store = new SqliteDb({ filename: file });
  await migrate(store);
  await store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const insert = db.prepare(
    `INSERT INTO images (account_id, region, name, platform, image_type, created_ms, schedule, gone_ms, doc) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const template = docTemplate();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdMs = BASE_CREATED_MS + i * 1000;
      insert.run(BENCH_ACCOUNT, BENCH_REGION, imageName(i), 'WINDOWS_SERVER_2022', 'NATIVE', createdMs, schedule(createdMs), template.replace('__I__', String(i).padStart(7, '0')));
    }
  });
  const BATCH = 50_000;
  for (let from = 0; from < count; from += BATCH) batch(from, Math.min(count, from + BATCH));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = (db.prepare(`SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()`).get() as { b: number }).b;
  db.close();
  return { ms: performance.now() - started, bytes };
}

/** Same rows into a PostgreSQL database (schema from the server's migrations), built server-side. */
export async function seedPostgres(url: string, count: number): Promise<{ ms: number }> {
  const started = performance.now();
  const { PostgresDb } = await import('../src/store/postgres-db.js');
  const store = new PostgresDb({ connectionString: url });
  await migrate(store);
  await store.close();
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const template = docTemplate();
    const [head, tail] = template.split('__I__') as [string, string];
    const scheduleSql = `'[{"state":"PENDING","atMs":' || c || '},{"state":"AVAILABLE","atMs":' || (c + 900000) || '}]'`;
    const BATCH = 200_000;
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH) - 1;
      await client.query(
        `INSERT INTO images (account_id, region, name, platform, image_type, created_ms, schedule, gone_ms, doc)
         SELECT $1, $2, 'bench-image-' || lpad(i::text, 7, '0'), 'WINDOWS_SERVER_2022', 'NATIVE', c, ${scheduleSql}, NULL,
                $3 || lpad(i::text, 7, '0') || $4
         FROM (SELECT i, $5::bigint + i * 1000 AS c FROM generate_series($6::int, $7::int) AS i) s`,
        [BENCH_ACCOUNT, BENCH_REGION, head, tail, BASE_CREATED_MS, from, to],
      );
    }
    await client.query('VACUUM ANALYZE images');
  } finally {
    await client.end();
  }
  return { ms: performance.now() - started };
}
