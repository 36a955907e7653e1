// Seeds catalogues of resources (images, image builders, ...) straight into the store (not through the API): the
// schema comes from the server's own migrations, the rows from one prepared INSERT in large
// transactions (SQLite) or one INSERT ... SELECT over generate_series (PostgreSQL).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../src/store/migrations.js';
import { SqliteDb } from '../src/store/sqlite-db.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';
import { newStackDoc } from '../src/service/stacks/stack-settings.js';

export const BENCH_ACCOUNT = '111111111111';
export const BENCH_REGION = 'us-east-1';
const BASE_CREATED_MS = Date.UTC(2025, 0, 1);

/** Image i's name: zero-padded so that name order is numeric order. */
export const imageName = (i: number) => `bench-image-${String(i).padStart(7, '0')}`;

/** What the generic seeder writes: rows of one resource table, all in the bench account. */
export interface RowSeed {
  table: string;
  /** Row i is named `${prefix}-${i zero-padded to 7 digits}${suffix}` (name order is numeric order). */
  prefix: string;
  /** After the index (users are named by e-mail address); none by default. */
  suffix?: string;
  /** The stored doc (JSON text); its one `__I__` stands for the zero-padded index. */
  doc: string;
  /**
   * The stored schedule: each state and when it began, in ms after the row's creation (long
   * settled: rows are created in 2025). Empty for a resource without states.
   */
  schedule: readonly { state: string; afterMs: number }[];
  /** Further columns of the table and their (constant) values. */
  columns?: Readonly<Record<string, string>>;
}

const pad7 = (i: number) => String(i).padStart(7, '0');

/** Row i's name. */
export const rowName = (rows: RowSeed, i: number) => `${rows.prefix}-${pad7(i)}${rows.suffix ?? ''}`;

/** A private image as one made from a builder would be stored: a realistic doc of ~1 KB. */
export const IMAGE_ROWS: RowSeed = {
  table: 'images',
  prefix: 'bench-image',
  schedule: [
    { state: 'PENDING', afterMs: 0 },
    { state: 'AVAILABLE', afterMs: 900_000 },
  ],
  columns: { platform: 'WINDOWS_SERVER_2022', image_type: 'NATIVE' },
  doc: JSON.stringify({
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
  }),
};

/** A running image builder in a VPC, as CreateImageBuilder stores one (~0.7 KB of doc). */
export const IMAGE_BUILDER_ROWS: RowSeed = {
  table: 'image_builders',
  prefix: 'bench-builder',
  schedule: [
    { state: 'PENDING', afterMs: 0 },
    { state: 'RUNNING', afterMs: 900_000 },
  ],
  doc: JSON.stringify({
    ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-06-17-2025',
    Description: 'A builder seeded by npm run bench, for packaging one application on Windows Server 2022.',
    DisplayName: 'Bench builder __I__',
    VpcConfig: { SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
    InstanceType: 'stream.standard.medium',
    Platform: 'WINDOWS_SERVER_2022',
    IamRoleArn: 'arn:aws:iam::111111111111:role/bench-builder-role',
    EnableDefaultInternetAccess: false,
    AppstreamAgentVersion: '1.1.1522',
    AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: 'vpce-0123456789abcdef0' }],
    RootVolumeConfig: { VolumeSizeInGb: 200 },
    DisableIMDSV1: true,
    Source: { PublicBaseImageReleasedDate: 1750118400000, SupportedInstanceFamilies: ['GENERAL_PURPOSE', 'MEMORY_OPTIMIZED'], DynamicAppProvidersEnabled: 'DISABLED' },
  }),
};

/**
 * A running Always-On fleet in a VPC, as CreateFleet stores one (src/service/fleets/fleet-handlers.ts)
 * and StartFleet then moves it: STOPPED at creation, STARTING a minute later, RUNNING a step
 * after that. RUNNING is the costlier page: DescribeFleets reads the sessions of the page's
 * running fleets for ComputeCapacityStatus (none are seeded: one query that finds nothing).
 */
export const FLEET_ROWS: RowSeed = {
  table: 'fleets',
  prefix: 'bench-fleet',
  schedule: [
    { state: 'STOPPED', afterMs: 0 },
    { state: 'STARTING', afterMs: 60_000 },
    { state: 'RUNNING', afterMs: 960_000 },
  ],
  columns: { image_name: 'AppStream-WinServer2022-11-10-2025' },
  doc: JSON.stringify({
    DisplayName: 'Bench fleet __I__',
    Description: 'A fleet seeded by npm run bench, streaming one application from a Windows Server 2022 image.',
    ImageName: 'AppStream-WinServer2022-11-10-2025',
    ImageArn: 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-11-10-2025',
    InstanceType: 'stream.standard.medium',
    FleetType: 'ALWAYS_ON',
    ComputeCapacity: { DesiredInstances: 2 },
    MaxUserDurationInSeconds: 57600,
    DisconnectTimeoutInSeconds: 900,
    VpcConfig: { SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
    EnableDefaultInternetAccess: false,
    IdleDisconnectTimeoutInSeconds: 600,
    IamRoleArn: 'arn:aws:iam::111111111111:role/bench-fleet-role',
    StreamView: 'APP',
    Platform: 'WINDOWS_SERVER_2022',
  }),
};

/**
 * A stack with home folders, two user settings turned off and application settings
 * persistence, its doc made by CreateStack's own newStackDoc (every user setting present, as
 * AWS answers them).
 */
export const STACK_ROWS: RowSeed = {
  table: 'stacks',
  prefix: 'bench-stack',
  schedule: [],
  doc: JSON.stringify(
    newStackDoc(
      {
        DisplayName: 'Bench stack __I__',
        Description: 'A stack seeded by npm run bench, with home folders and application settings persistence.',
        StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }],
        UserSettings: [
          { Action: 'FILE_DOWNLOAD', Permission: 'DISABLED' },
          { Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' },
        ],
        ApplicationSettings: { Enabled: true, SettingsGroup: 'bench-settings' },
      },
      'bench-stack',
      { accountId: BENCH_ACCOUNT, region: BENCH_REGION },
      (message) => new Error(message),
    ),
  ),
};

/** A user-pool user who has signed in (CONFIRMED), named by e-mail address, as CreateUser stores one (src/service/users). */
export const USER_ROWS: RowSeed = {
  table: 'users',
  prefix: 'bench-user',
  suffix: '@example.com',
  schedule: [],
  doc: JSON.stringify({ Id: '5f0c2b8e-3d41-4a7c-9e26-00000__I__', Enabled: true, Status: 'CONFIRMED', FirstName: 'Bench', LastName: 'User' }),
};

function schedule(rows: RowSeed, createdMs: number): string {
  return JSON.stringify(rows.schedule.map((e) => ({ state: e.state, atMs: createdMs + e.afterMs })));
}

/** Creates (or reuses) the SQLite store in `dataDir` and adds images 0..count-1 of the bench account. */
export function seedSqlite(dataDir: string, count: number): Promise<{ ms: number; bytes: number }> {
  return seedRowsSqlite(dataDir, count, IMAGE_ROWS);
}

/** Creates (or reuses) the SQLite store in `dataDir` and adds rows 0..count-1 of `rows` to the bench account. */
export async function seedRowsSqlite(dataDir: string, count: number, rows: RowSeed): Promise<{ ms: number; bytes: number }> {
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
  const extra = Object.entries(rows.columns ?? {});
  const insert = db.prepare(
    `INSERT INTO ${rows.table} (account_id, region, name, ${extra.map(([c]) => `${c}, `).join('')}created_ms, schedule, gone_ms, doc) VALUES (?, ?, ?, ${extra.map(() => '?, ').join('')}?, ?, NULL, ?)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdMs = BASE_CREATED_MS + i * 1000;
      insert.run(BENCH_ACCOUNT, BENCH_REGION, rowName(rows, i), ...extra.map(([, v]) => v), createdMs, schedule(rows, createdMs), rows.doc.replace('__I__', pad7(i)));
    }
  });
  const BATCH = 50_000;
  for (let from = 0; from < count; from += BATCH) batch(from, Math.min(count, from + BATCH));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = (db.prepare(`SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()`).get() as { b: number }).b;
  db.close();
  return { ms: performance.now() - started, bytes };
}

/** Same images into a PostgreSQL database (schema from the server's migrations), built server-side. */
export function seedPostgres(url: string, count: number): Promise<{ ms: number }> {
  return seedRowsPostgres(url, count, IMAGE_ROWS);
}

/** Rows 0..count-1 of `rows` into a PostgreSQL database (schema from the server's migrations), built server-side. */
export async function seedRowsPostgres(url: string, count: number, rows: RowSeed): Promise<{ ms: number }> {
  const started = performance.now();
  const { PostgresDb } = await import('../src/store/postgres-db.js');
  const store = new PostgresDb({ connectionString: url });
  await migrate(store);
  await store.close();
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [head, tail] = rows.doc.split('__I__') as [string, string];
    // The schedule's JSON text built from the row's creation time c (the states are constants).
    const scheduleSql = rows.schedule.length
      ? `'[' || ${rows.schedule.map((e) => `'{"state":"${e.state}","atMs":' || (c + ${e.afterMs}) || '}'`).join(` || ',' || `)} || ']'`
      : `'[]'`;
    const extra = Object.entries(rows.columns ?? {});
    const BATCH = 200_000;
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH) - 1;
      await client.query(
        `INSERT INTO ${rows.table} (account_id, region, name, ${extra.map(([c]) => `${c}, `).join('')}created_ms, schedule, gone_ms, doc)
         SELECT $1, $2, $8 || lpad(i::text, 7, '0') || $9, ${extra.map((_, k) => `$${10 + k}, `).join('')}c, ${scheduleSql}, NULL,
                $3 || lpad(i::text, 7, '0') || $4
         FROM (SELECT i, $5::bigint + i * 1000 AS c FROM generate_series($6::int, $7::int) AS i) s`,
        [BENCH_ACCOUNT, BENCH_REGION, head ?? rows.doc, tail ?? '', BASE_CREATED_MS, from, to, `${rows.prefix}-`, rows.suffix ?? '', ...extra.map(([, v]) => v)],
      );
    }
    await client.query(`VACUUM ANALYZE ${rows.table}`);
  } finally {
    await client.end();
  }
  return { ms: performance.now() - started };
}
