// Private images in the store. Wire members that are only echoed back are kept in `doc` in
// their wire spelling; columns hold what is ordered, counted or filtered.
import type { ScheduledState } from '../core/schedule.js';
import type { SqlDb } from './sql-db.js';

/**
 * The stored members of an image, in wire spelling. Derived members are not stored: Name and
 * Arn (the key), State (from the schedule), Visibility, ImagePermissions and
 * ImageSharedWithOthers (from the permissions), CreatedTime (a column). Times are epoch ms.
 */
export interface ImageDoc {
  DisplayName?: string;
  Description?: string;
  BaseImageArn?: string;
  ImageBuilderName?: string;
  ImageBuilderSupported?: boolean;
  Platform?: string;
  ImageType?: string;
  Applications?: unknown[];
  PublicBaseImageReleasedDate?: number;
  AppstreamAgentVersion?: string;
  SupportedInstanceFamilies?: string[];
  DynamicAppProvidersEnabled?: string;
  ManagedSoftwareIncluded?: boolean;
  /** Shown once the image is FAILED (seeded images may also carry them for other states). */
  StateChangeReason?: { Code?: string; Message?: string };
  ImageErrors?: { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number }[];
  /** Planned failure: applied when the schedule reaches FAILED (a failure rule was consumed). */
  PlannedFailure?: { StateChangeReason: { Code: string; Message: string }; ImageErrors: { ErrorCode: string; ErrorMessage: string }[] };
}

export interface ImageRecord {
  accountId: string;
  region: string;
  name: string;
  createdMs: number;
  schedule: ScheduledState[];
  /** When a deleted image stops existing; null while it exists. */
  goneMs: number | null;
  doc: ImageDoc;
  /** Read-only: whether any permission row shares it (filled by reads). */
  sharedWithOthers?: boolean;
}

interface ImageRow {
  account_id: string;
  region: string;
  name: string;
  created_ms: number | string;
  schedule: string;
  gone_ms: number | string | null;
  doc: string;
  shared?: number | string | boolean | null;
}

export function rowToImage(row: ImageRow): ImageRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    createdMs: Number(row.created_ms),
    schedule: JSON.parse(row.schedule) as ScheduledState[],
    goneMs: row.gone_ms === null ? null : Number(row.gone_ms),
    doc: JSON.parse(row.doc) as ImageDoc,
    sharedWithOthers: row.shared === undefined ? undefined : Boolean(Number(row.shared)),
  };
}

/** SELECT list for images aliased `i`, with whether the image is shared out. */
export const IMAGE_COLUMNS = `i.account_id, i.region, i.name, i.created_ms, i.schedule, i.gone_ms, i.doc,
  CASE WHEN EXISTS (SELECT 1 FROM image_permissions p WHERE p.owner_account_id = i.account_id AND p.region = i.region AND p.image_name = i.name) THEN 1 ELSE 0 END AS shared`;

/** The condition "this image still exists at ?" for images aliased `i`. */
export const IMAGE_EXISTS = `(i.gone_ms IS NULL OR i.gone_ms > ?)`;

/**
 * Inserts a new image. A deleted image whose name is free again is purged first. Throws the
 * store's unique violation (see SqlDb.isUniqueViolation) when the name is taken.
 */
export async function insertImage(db: SqlDb, image: ImageRecord, nowMs: number): Promise<void> {
  await db.run(`DELETE FROM images WHERE account_id = ? AND region = ? AND name = ? AND gone_ms <= ?`, [
    image.accountId,
    image.region,
    image.name,
    nowMs,
  ]);
  await db.run(
    `INSERT INTO images (account_id, region, name, platform, image_type, created_ms, schedule, gone_ms, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      image.accountId,
      image.region,
      image.name,
      image.doc.Platform ?? null,
      image.doc.ImageType ?? null,
      image.createdMs,
      JSON.stringify(image.schedule),
      image.goneMs,
      JSON.stringify(image.doc),
    ],
  );
}

/** Writes back what may change after creation: the schedule, gone time and doc. */
export async function updateImage(db: SqlDb, image: ImageRecord): Promise<void> {
  await db.run(`UPDATE images SET schedule = ?, gone_ms = ?, doc = ? WHERE account_id = ? AND region = ? AND name = ?`, [
    JSON.stringify(image.schedule),
    image.goneMs,
    JSON.stringify(image.doc),
    image.accountId,
    image.region,
    image.name,
  ]);
}

/** An existing (not gone) image of an account, or undefined. */
export async function getImage(db: SqlDb, accountId: string, region: string, name: string, nowMs: number): Promise<ImageRecord | undefined> {
  const row = await db.get<ImageRow>(
    `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.account_id = ? AND i.region = ? AND i.name = ? AND ${IMAGE_EXISTS}`,
    [accountId, region, name, nowMs],
  );
  return row && rowToImage(row);
}

/** Existing images of an account with these names, in name order. */
export async function getImagesByNames(db: SqlDb, accountId: string, region: string, names: readonly string[], nowMs: number): Promise<ImageRecord[]> {
  if (names.length === 0) return [];
  const rows = await db.all<ImageRow>(
    `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.account_id = ? AND i.region = ? AND i.name IN (${names.map(() => '?').join(', ')}) AND ${IMAGE_EXISTS} ORDER BY i.name`,
    [accountId, region, ...names, nowMs],
  );
  return rows.map(rowToImage);
}

/** How many images the account has in the region now (the quota's count). */
export async function countImages(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM images i WHERE i.account_id = ? AND i.region = ? AND ${IMAGE_EXISTS}`,
    [accountId, region, nowMs],
  );
  return Number(row?.n ?? 0);
}

/**
 * One keyset page of an account's images in name order, after `afterName` (exclusive).
 * Reads at most `limit` rows through the primary key index, whatever the account holds.
 */
export async function pageImages(
  db: SqlDb,
  accountId: string,
  region: string,
  afterName: string | null,
  limit: number,
  nowMs: number,
): Promise<ImageRecord[]> {
  const rows =
    afterName === null
      ? await db.all<ImageRow>(
          `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.account_id = ? AND i.region = ? AND ${IMAGE_EXISTS} ORDER BY i.name LIMIT ?`,
          [accountId, region, nowMs, limit],
        )
      : await db.all<ImageRow>(
          `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.account_id = ? AND i.region = ? AND i.name > ? AND ${IMAGE_EXISTS} ORDER BY i.name LIMIT ?`,
          [accountId, region, afterName, nowMs, limit],
        );
  return rows.map(rowToImage);
}

/** Removes every image row of an account (or all accounts) — the control API's reset. */
export async function deleteAllImages(db: SqlDb, accountId?: string): Promise<number> {
  return accountId === undefined
    ? (await db.run(`DELETE FROM images`)).changes
    : (await db.run(`DELETE FROM images WHERE account_id = ?`, [accountId])).changes;
}

/** Drops the rows of the partition's images that stopped existing at or before `nowMs`. */
export async function purgeGoneImages(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  return (await db.run(`DELETE FROM images WHERE account_id = ? AND region = ? AND gone_ms IS NOT NULL AND gone_ms <= ?`, [accountId, region, nowMs]))
    .changes;
}
