// Private images in the store. Wire members that are only echoed back are kept in `doc` in
// their wire spelling; columns hold what is ordered, counted or filtered.
import type { ScheduledState } from '../core/schedule.js';
import { ResourceRepo, type ResourceRecord } from './resource-repo.js';
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

/**
 * A stored private image (times are emulated epoch ms; goneMs: when a deleted one stops
 * existing). `sharedWithOthers` is filled by reads: whether any permission row shares it (its
 * count of shares, `shares`, is kept by triggers: migration 19).
 */
export type ImageRecord = ResourceRecord<ImageDoc> & { sharedWithOthers?: boolean };

/**
 * The images table (migration 1), on the generic repository; Platform and ImageType are
 * columns too. DescribeImages' union with the catalogue and the shares (permissions-repo.ts)
 * queries it directly.
 */
export const imageTable = new ResourceRepo<ImageDoc>({
  table: 'images',
  refColumns: ['platform', 'image_type'],
  maintained: ['shares'],
});

/** A record of `imageTable` as an image: its count of shares becomes `sharedWithOthers`. */
export function withShared({ maintained, ...record }: ResourceRecord<ImageDoc>): ImageRecord {
  return { ...record, sharedWithOthers: (maintained?.['shares'] ?? 0) > 0 };
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

/** A row of a hand-written query over images aliased `i` (SELECT IMAGE_COLUMNS). */
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

/** SELECT list for images aliased `i`, with whether the image is shared out (its count of shares). */
export const IMAGE_COLUMNS = `i.account_id, i.region, i.name, i.created_ms, i.schedule, i.gone_ms, i.doc, i.shares AS shared`;

/** The condition "this image still exists at ?" for images aliased `i`. */
export const IMAGE_EXISTS = `(i.gone_ms IS NULL OR i.gone_ms > ?)`;

/**
 * Inserts a new image. A deleted image whose name is free again is purged first. Throws the
 * store's unique violation (see SqlDb.isUniqueViolation) when the name is taken. The shares of
 * its name are counted in: a seed may replace an image that is shared (the triggers count
 * shares written after the image).
 */
export async function insertImage(db: SqlDb, image: ImageRecord, nowMs: number): Promise<void> {
  const { sharedWithOthers: _, maintained: __, ...record } = image;
  await imageTable.insert(db, { ...record, refs: { platform: image.doc.Platform ?? null, image_type: image.doc.ImageType ?? null } }, nowMs);
  await db.run(
    `UPDATE images SET shares = (SELECT COUNT(*) FROM image_permissions p WHERE p.owner_account_id = ? AND p.region = ? AND p.image_name = ?)
     WHERE account_id = ? AND region = ? AND name = ?`,
    [image.accountId, image.region, image.name, image.accountId, image.region, image.name],
  );
}

/** Writes back what may change after creation: the schedule, gone time and doc. */
export function updateImage(db: SqlDb, image: ImageRecord): Promise<void> {
  const { refs: _, ...record } = image;
  return imageTable.update(db, record);
}

/** An existing (not gone) image of an account, or undefined. */
export async function getImage(db: SqlDb, accountId: string, region: string, name: string, nowMs: number): Promise<ImageRecord | undefined> {
  const record = await imageTable.get(db, { accountId, region }, name, nowMs);
  return record && withShared(record);
}

/** Existing images of an account with these names, in name order. */
export async function getImagesByNames(db: SqlDb, accountId: string, region: string, names: readonly string[], nowMs: number): Promise<ImageRecord[]> {
  return (await imageTable.page(db, { accountId, region }, nowMs, { names, after: null, limit: names.length })).map(withShared);
}

/** How many images the account has in the region now (the quota's count). */
export function countImages(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  return imageTable.count(db, { accountId, region }, nowMs);
}

/**
 * One keyset page of an account's images in name order, after `afterName` (exclusive).
 * Reads at most `limit` rows through the primary key index, whatever the account holds.
 */
export async function pageImages(db: SqlDb, accountId: string, region: string, afterName: string | null, limit: number, nowMs: number): Promise<ImageRecord[]> {
  return (await imageTable.page(db, { accountId, region }, nowMs, { after: afterName, limit })).map(withShared);
}
