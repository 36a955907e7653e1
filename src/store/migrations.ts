// Schema migrations, in order, for every backend. A migration is SQL per dialect; the runner
// records applied versions in schema_migrations. Never edit an applied migration: add one.
//
// Schema ideas shared by both backends:
// - rows are keyed by (account_id, region, name); uniqueness is a primary key, so two writers
//   racing for a name cannot both win;
// - wire members that are only echoed back live in a JSON `doc` column in their wire spelling;
//   columns exist for what is filtered, ordered, counted or drives a state machine;
// - times are integer milliseconds of the emulated clock;
// - states are not stored as "the current state" but as a schedule (JSON [{state, atMs}], the
//   whole history and the planned future): the state at time t is the last entry at or before
//   t, so any instance and any restart computes the same answer from the same rows. gone_ms is
//   when a deleted resource stops existing (NULL while it exists);
// - text that orders results is compared byte-wise (SQLite's BINARY, PostgreSQL's "C").
import { resourceTableSql, resourceTableSqlV1, rowVersionSql } from './resource-repo.js';
import type { SqlDb } from './sql-db.js';
import * as T from './tables.js';

export interface Migration {
  version: number;
  name: string;
  sql: (dialect: SqlDb['dialect']) => string[];
}

const text = (dialect: SqlDb['dialect']) => (dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT');
const int = (dialect: SqlDb['dialect']) => (dialect === 'postgres' ? 'BIGINT' : 'INTEGER');

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: (d) => [
      `CREATE TABLE meta (key ${text(d)} PRIMARY KEY, value TEXT NOT NULL)`,
      // Private images (public ones are catalogue data, not rows).
      `CREATE TABLE images (
        account_id ${text(d)} NOT NULL,
        region ${text(d)} NOT NULL,
        name ${text(d)} NOT NULL,
        platform ${text(d)},
        image_type ${text(d)},
        created_ms ${int(d)} NOT NULL,
        schedule TEXT NOT NULL,
        gone_ms ${int(d)},
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, region, name)
      )`,
      `CREATE TABLE image_builders (
        account_id ${text(d)} NOT NULL,
        region ${text(d)} NOT NULL,
        name ${text(d)} NOT NULL,
        created_ms ${int(d)} NOT NULL,
        schedule TEXT NOT NULL,
        gone_ms ${int(d)},
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, region, name)
      )`,
      `CREATE TABLE image_permissions (
        owner_account_id ${text(d)} NOT NULL,
        region ${text(d)} NOT NULL,
        image_name ${text(d)} NOT NULL,
        shared_account_id ${text(d)} NOT NULL,
        allow_fleet ${int(d)} NOT NULL,
        allow_image_builder ${int(d)} NOT NULL,
        created_ms ${int(d)} NOT NULL,
        PRIMARY KEY (owner_account_id, region, image_name, shared_account_id)
      )`,
      // Listing what is shared with an account, in (name, owner) = (Name, Arn) order.
      `CREATE INDEX image_permissions_by_grantee ON image_permissions (shared_account_id, region, image_name, owner_account_id)`,
      `CREATE TABLE tags (
        resource_arn ${text(d)} NOT NULL,
        tag_key ${text(d)} NOT NULL,
        tag_value TEXT NOT NULL,
        PRIMARY KEY (resource_arn, tag_key)
      )`,
      `CREATE TABLE failure_rules (
        id ${d === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
        operation ${text(d)} NOT NULL,
        account_id ${text(d)},
        remaining ${int(d)} NOT NULL
      )`,
      `CREATE TABLE software_associations (
        account_id ${text(d)} NOT NULL,
        region ${text(d)} NOT NULL,
        builder_name ${text(d)} NOT NULL,
        software_name ${text(d)} NOT NULL,
        status ${text(d)} NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, region, builder_name, software_name)
      )`,
    ],
  },
  {
    version: 2,
    name: 'index of deleted rows, for purging them',
    // Deleted images and builders keep their row until it is purged; listings skip them, so
    // without a purge an account that deletes a lot would make pages scan past its dead rows.
    sql: () => [
      `CREATE INDEX images_gone ON images (account_id, region, gone_ms) WHERE gone_ms IS NOT NULL`,
      `CREATE INDEX image_builders_gone ON image_builders (account_id, region, gone_ms) WHERE gone_ms IS NOT NULL`,
    ],
  },
  {
    version: 3,
    name: 'data version counter',
    // Moved by every committed write (store/data-version.ts); readers cache answers against it.
    sql: () => [`INSERT INTO meta (key, value) VALUES ('data_version', '0') ON CONFLICT (key) DO NOTHING`],
  },
  // From here on, one migration per family, each creating generic-repository tables (tables.ts).
  { version: 4, name: 'fleets', sql: (d) => resourceTableSqlV1(d, T.FLEETS) },
  { version: 5, name: 'stacks and fleet-stack associations', sql: (d) => [...resourceTableSqlV1(d, T.STACKS), ...resourceTableSqlV1(d, T.FLEET_STACK_ASSOCIATIONS)] },
  { version: 6, name: 'directory configs', sql: (d) => resourceTableSqlV1(d, T.DIRECTORY_CONFIGS) },
  {
    version: 7,
    name: 'applications and application-fleet associations',
    sql: (d) => [...resourceTableSqlV1(d, T.APPLICATIONS), ...resourceTableSqlV1(d, T.APPLICATION_FLEET_ASSOCIATIONS)],
  },
  { version: 8, name: 'streaming sessions', sql: (d) => resourceTableSqlV1(d, T.SESSIONS) },
  {
    version: 9,
    name: 'failure rules may name an error code',
    // A fleet that fails to start on purpose reports this FleetErrorCode (NULL: the default).
    sql: (d) => [`ALTER TABLE failure_rules ADD COLUMN error_code ${text(d)}`],
  },
  { version: 10, name: 'stack themes', sql: (d) => resourceTableSqlV1(d, T.STACK_THEMES) },
  { version: 12, name: 'users and user-stack associations', sql: (d) => [...resourceTableSqlV1(d, T.USERS), ...resourceTableSqlV1(d, T.USER_STACK_ASSOCIATIONS)] },
  { version: 13, name: 'entitlements', sql: (d) => resourceTableSqlV1(d, T.ENTITLEMENTS) },
  {
    version: 14,
    name: 'usage report subscriptions and app license usage',
    sql: (d) => [...resourceTableSqlV1(d, T.USAGE_REPORT_SUBSCRIPTIONS), ...resourceTableSqlV1(d, T.APP_LICENSE_USAGES)],
  },
  {
    version: 15,
    name: 'image builders: the directory config they join',
    // A directory config in use by a builder cannot be deleted (SPEC-rest §8.1): found by this
    // column. Builders written before it get it from their stored DomainJoinInfo.
    sql: (d) => [
      `ALTER TABLE image_builders ADD COLUMN directory_name ${text(d)}`,
      `CREATE INDEX image_builders_by_directory_name ON image_builders (account_id, region, directory_name)`,
      d === 'postgres'
        ? `UPDATE image_builders SET directory_name = (doc::json -> 'DomainJoinInfo' ->> 'DirectoryName')`
        : `UPDATE image_builders SET directory_name = json_extract(doc, '$.DomainJoinInfo.DirectoryName')`,
    ],
  },
  {
    version: 16,
    name: 'app blocks, app block builders and their associations',
    sql: (d) => [...resourceTableSqlV1(d, T.APP_BLOCKS), ...resourceTableSqlV1(d, T.APP_BLOCK_BUILDERS), ...resourceTableSqlV1(d, T.APP_BLOCK_BUILDER_APP_BLOCKS)],
  },
  {
    version: 17,
    name: 'export image tasks',
    // Listed newest first (ListExportImageTasks): an index in that order.
    sql: (d) => [
      ...resourceTableSqlV1(d, T.EXPORT_IMAGE_TASKS),
      `CREATE INDEX export_image_tasks_by_created ON export_image_tasks (account_id, region, created_ms, name)`,
    ],
  },
  {
    version: 18,
    name: 'row versions and the index that covers a page of them',
    // The tables as of migration 17, named here so that this migration never changes; tables
    // created later get both from resourceTableSql.
    sql: (d) =>
      [
        { table: 'images' },
        T.IMAGE_BUILDERS,
        T.FLEETS,
        T.SESSIONS,
        T.STACKS,
        T.FLEET_STACK_ASSOCIATIONS,
        T.STACK_THEMES,
        T.DIRECTORY_CONFIGS,
        T.APPLICATIONS,
        T.APPLICATION_FLEET_ASSOCIATIONS,
        T.APP_BLOCKS,
        T.APP_BLOCK_BUILDERS,
        T.APP_BLOCK_BUILDER_APP_BLOCKS,
        T.EXPORT_IMAGE_TASKS,
        T.USERS,
        T.USER_STACK_ASSOCIATIONS,
        T.ENTITLEMENTS,
        T.USAGE_REPORT_SUBSCRIPTIONS,
        T.APP_LICENSE_USAGES,
      ].flatMap((spec) => rowVersionSql(d, spec)),
  },
  {
    version: 19,
    name: 'images: their count of shares, kept by triggers',
    // Whether an image is shared (ImageSharedWithOthers) was an EXISTS over image_permissions in
    // every read, keys pages included: 0.028 of the 0.17 ms a DescribeImages page cost
    // PostgreSQL's backend (bench/analysis.md). Now a column that every insert and delete of a
    // share moves, whatever writes it (the API, a seed, a reset of the grantee's account), and
    // sets the image a new version, so keys pages (store/resource-repo.ts) see the change in
    // the version alone. A count, not a flag: concurrent shares of one image each add their
    // one under the row's lock, where a flag's "no other share left" could read a stale set.
    sql: (d) => {
      const version = d === 'postgres' ? `1 + floor(random() * 281474976710656)::bigint` : `1 + (random() & 281474976710655)`;
      const move = (row: 'NEW' | 'OLD', by: '+' | '-') =>
        `UPDATE images SET shares = shares ${by} 1, version = ${version}
         WHERE account_id = ${row}.owner_account_id AND region = ${row}.region AND name = ${row}.image_name`;
      return [
        `ALTER TABLE images ADD COLUMN shares ${int(d)} NOT NULL DEFAULT 0`,
        `UPDATE images SET shares = c.n FROM (SELECT owner_account_id, region, image_name, COUNT(*) AS n FROM image_permissions GROUP BY owner_account_id, region, image_name) AS c
         WHERE images.account_id = c.owner_account_id AND images.region = c.region AND images.name = c.image_name`,
        ...(d === 'postgres'
          ? [
              `CREATE FUNCTION image_permissions_count_shares() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 IF TG_OP = 'INSERT' THEN ${move('NEW', '+')}; ELSE ${move('OLD', '-')}; END IF;
                 RETURN NULL;
               END $$`,
              `CREATE TRIGGER image_permissions_count_shares AFTER INSERT OR DELETE ON image_permissions FOR EACH ROW EXECUTE FUNCTION image_permissions_count_shares()`,
            ]
          : [
              `CREATE TRIGGER image_permissions_share_added AFTER INSERT ON image_permissions BEGIN ${move('NEW', '+')}; END`,
              `CREATE TRIGGER image_permissions_share_removed AFTER DELETE ON image_permissions BEGIN ${move('OLD', '-')}; END`,
            ]),
      ];
    },
  },
  {
    version: 20,
    name: 'streaming days',
    // The days sessions streamed, which outlive the sessions' rows (purged a step after they
    // end): DescribeUsageReportSubscriptions' LastGeneratedReportDate reads its newest past day.
    // Sessions stored before it record no days (no backfill: a session lasts at most 5 days).
    sql: (d) => resourceTableSql(d, T.STREAMING_DAYS),
  },
];

/**
 * Applies the migrations a store lacks. Throws StoreTooNewError, changing nothing, when the
 * store holds a migration this build does not know: an older build writing to it would break
 * what the newer one relies on (since migration 18, that every write sets a new row version).
 */
export async function migrate(db: SqlDb): Promise<void> {
  // One transaction for the whole run. Several instances may start at once (PostgreSQL): the
  // lock serializes them, and the re-check inside makes the later ones skip what is applied.
  await db.transaction(async (tx) => {
    await tx.lockPartition('schema', 'migrations');
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
    const newest = await tx.get<{ version: number | string | null }>(`SELECT MAX(version) AS version FROM schema_migrations`);
    const known = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    if (newest?.version != null && Number(newest.version) > known) throw new StoreTooNewError(Number(newest.version), known);
    for (const migration of MIGRATIONS) {
      const done = await tx.get(`SELECT version FROM schema_migrations WHERE version = ?`, [migration.version]);
      if (done) continue;
      for (const statement of migration.sql(tx.dialect)) await tx.run(statement);
      await tx.run(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, [migration.version, migration.name]);
    }
  });
}

/** The store was migrated by a newer build (schema `storeVersion`; this build knows up to `knownVersion`). */
export class StoreTooNewError extends Error {
  constructor(
    readonly storeVersion: number,
    readonly knownVersion: number,
  ) {
    super(`the store's schema is version ${storeVersion}, newer than this build of appstream-local knows (${knownVersion}): use a newer build, or another store`);
    this.name = 'StoreTooNewError';
  }
}
