// Image builders in the store. As for images, wire members that are only echoed back live in
// `doc` in their wire spelling; columns hold the key, the creation time and the schedule.
import type { ScheduledState } from '../core/schedule.js';
import type { SqlDb } from './sql-db.js';

/** An application added to a builder's catalogue through the Image Assistant. */
export interface AssistantApplication {
  Name: string;
  DisplayName?: string;
  AbsoluteAppPath: string;
  LaunchParameters?: string;
  WorkingDirectory?: string;
}

/**
 * The stored members of an image builder, in wire spelling. Derived members are not stored:
 * Name and Arn (the key), State (from the schedule), CreatedTime (a column),
 * LatestAppstreamAgentVersion (from AppstreamAgentVersion). Times are epoch ms.
 */
export interface ImageBuilderDoc {
  ImageArn?: string;
  Description?: string;
  DisplayName?: string;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  InstanceType?: string;
  Platform?: string;
  IamRoleArn?: string;
  EnableDefaultInternetAccess?: boolean;
  DomainJoinInfo?: { DirectoryName?: string; OrganizationalUnitDistinguishedName?: string };
  AppstreamAgentVersion?: string;
  AccessEndpoints?: { EndpointType: string; VpceId?: string }[];
  RootVolumeConfig?: { VolumeSizeInGb?: number };
  DisableIMDSV1?: boolean;
  /** Shown as is (seeded builders); planned failures use PlannedFailure. */
  StateChangeReason?: { Code?: string; Message?: string };
  ImageBuilderErrors?: { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number }[];
  /** Applied when the schedule reaches FAILED (a failure rule was consumed). */
  PlannedFailure?: {
    StateChangeReason: { Code: string; Message: string };
    ImageBuilderErrors: { ErrorCode: string; ErrorMessage: string }[];
  };
  /** What images made from this builder inherit from its source image (not a wire member). */
  Source?: {
    /** The source image's BaseImageArn, when it has one (a private source). */
    BaseImageArn?: string;
    PublicBaseImageReleasedDate?: number;
    SupportedInstanceFamilies?: string[];
    DynamicAppProvidersEnabled?: string;
  };
  /** The Image Assistant's application catalogue (not a wire member). */
  Applications?: AssistantApplication[];
}

export interface ImageBuilderRecord {
  accountId: string;
  region: string;
  name: string;
  createdMs: number;
  schedule: ScheduledState[];
  /** When a deleted builder stops existing; null while it exists. */
  goneMs: number | null;
  doc: ImageBuilderDoc;
}

interface BuilderRow {
  account_id: string;
  region: string;
  name: string;
  created_ms: number | string;
  schedule: string;
  gone_ms: number | string | null;
  doc: string;
}

export function rowToImageBuilder(row: BuilderRow): ImageBuilderRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    createdMs: Number(row.created_ms),
    schedule: JSON.parse(row.schedule) as ScheduledState[],
    goneMs: row.gone_ms === null ? null : Number(row.gone_ms),
    doc: JSON.parse(row.doc) as ImageBuilderDoc,
  };
}

const COLUMNS = `b.account_id, b.region, b.name, b.created_ms, b.schedule, b.gone_ms, b.doc`;
/** "This builder still exists at ?" for builders aliased `b`. */
const EXISTS = `(b.gone_ms IS NULL OR b.gone_ms > ?)`;

/**
 * Inserts a new image builder. A deleted builder whose name is free again is purged first.
 * Throws the store's unique violation (see SqlDb.isUniqueViolation) when the name is taken.
 * Stable signature: seeding calls it.
 */
export async function insertImageBuilder(db: SqlDb, builder: ImageBuilderRecord, nowMs: number): Promise<void> {
  await db.run(`DELETE FROM image_builders WHERE account_id = ? AND region = ? AND name = ? AND gone_ms <= ?`, [
    builder.accountId,
    builder.region,
    builder.name,
    nowMs,
  ]);
  await db.run(
    `INSERT INTO image_builders (account_id, region, name, created_ms, schedule, gone_ms, doc) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      builder.accountId,
      builder.region,
      builder.name,
      builder.createdMs,
      JSON.stringify(builder.schedule),
      builder.goneMs,
      JSON.stringify(builder.doc),
    ],
  );
}

/** Writes back what may change after creation: the schedule, gone time and doc. */
export async function updateImageBuilder(db: SqlDb, builder: ImageBuilderRecord): Promise<void> {
  await db.run(`UPDATE image_builders SET schedule = ?, gone_ms = ?, doc = ? WHERE account_id = ? AND region = ? AND name = ?`, [
    JSON.stringify(builder.schedule),
    builder.goneMs,
    JSON.stringify(builder.doc),
    builder.accountId,
    builder.region,
    builder.name,
  ]);
}

/** An existing (not gone) builder of an account, or undefined. */
export async function getImageBuilder(
  db: SqlDb,
  accountId: string,
  region: string,
  name: string,
  nowMs: number,
): Promise<ImageBuilderRecord | undefined> {
  const row = await db.get<BuilderRow>(
    `SELECT ${COLUMNS} FROM image_builders b WHERE b.account_id = ? AND b.region = ? AND b.name = ? AND ${EXISTS}`,
    [accountId, region, name, nowMs],
  );
  return row && rowToImageBuilder(row);
}

/** Existing builders of an account with these names, in name order, after `afterName` if given, at most `limit`. */
export async function getImageBuildersByNames(
  db: SqlDb,
  accountId: string,
  region: string,
  names: readonly string[],
  nowMs: number,
  afterName: string | null = null,
  limit = 1000,
): Promise<ImageBuilderRecord[]> {
  if (names.length === 0) return [];
  const rows = await db.all<BuilderRow>(
    `SELECT ${COLUMNS} FROM image_builders b WHERE b.account_id = ? AND b.region = ? AND b.name IN (${names.map(() => '?').join(', ')})
       AND ${EXISTS}${afterName === null ? '' : ' AND b.name > ?'} ORDER BY b.name LIMIT ?`,
    [accountId, region, ...names, nowMs, ...(afterName === null ? [] : [afterName]), limit],
  );
  return rows.map(rowToImageBuilder);
}

/** How many builders the account has in the region now (the quota's count). */
export async function countImageBuilders(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM image_builders b WHERE b.account_id = ? AND b.region = ? AND ${EXISTS}`,
    [accountId, region, nowMs],
  );
  return Number(row?.n ?? 0);
}

/** One keyset page of an account's builders in name order, after `afterName` (exclusive). */
export async function pageImageBuilders(
  db: SqlDb,
  accountId: string,
  region: string,
  afterName: string | null,
  limit: number,
  nowMs: number,
): Promise<ImageBuilderRecord[]> {
  const rows =
    afterName === null
      ? await db.all<BuilderRow>(
          `SELECT ${COLUMNS} FROM image_builders b WHERE b.account_id = ? AND b.region = ? AND ${EXISTS} ORDER BY b.name LIMIT ?`,
          [accountId, region, nowMs, limit],
        )
      : await db.all<BuilderRow>(
          `SELECT ${COLUMNS} FROM image_builders b WHERE b.account_id = ? AND b.region = ? AND b.name > ? AND ${EXISTS} ORDER BY b.name LIMIT ?`,
          [accountId, region, afterName, nowMs, limit],
        );
  return rows.map(rowToImageBuilder);
}

/** Removes every builder row of an account (or all accounts) — the control API's reset. */
export async function deleteAllImageBuilders(db: SqlDb, accountId?: string): Promise<number> {
  return accountId === undefined
    ? (await db.run(`DELETE FROM image_builders`)).changes
    : (await db.run(`DELETE FROM image_builders WHERE account_id = ?`, [accountId])).changes;
}

/** Drops the rows of the partition's builders that stopped existing at or before `nowMs`. */
export async function purgeGoneImageBuilders(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  return (
    await db.run(`DELETE FROM image_builders WHERE account_id = ? AND region = ? AND gone_ms IS NOT NULL AND gone_ms <= ?`, [accountId, region, nowMs])
  ).changes;
}
