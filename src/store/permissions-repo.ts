// Image permissions: which accounts an owner shares an image with, and what each may do.
import type { SqlDb } from './sql-db.js';

export interface ImagePermissionRecord {
  ownerAccountId: string;
  region: string;
  imageName: string;
  sharedAccountId: string;
  allowFleet: boolean;
  allowImageBuilder: boolean;
  createdMs: number;
}

interface PermissionRow {
  owner_account_id: string;
  region: string;
  image_name: string;
  shared_account_id: string;
  allow_fleet: number | string;
  allow_image_builder: number | string;
  created_ms: number | string;
}

export function rowToPermission(row: PermissionRow): ImagePermissionRecord {
  return {
    ownerAccountId: row.owner_account_id,
    region: row.region,
    imageName: row.image_name,
    sharedAccountId: row.shared_account_id,
    allowFleet: Number(row.allow_fleet) === 1,
    allowImageBuilder: Number(row.allow_image_builder) === 1,
    createdMs: Number(row.created_ms),
  };
}

/** What `sharedAccountId` was granted on an owner's image, if anything. */
export async function getImagePermission(
  db: SqlDb,
  ownerAccountId: string,
  region: string,
  imageName: string,
  sharedAccountId: string,
): Promise<ImagePermissionRecord | undefined> {
  const row = await db.get<PermissionRow>(
    `SELECT * FROM image_permissions WHERE owner_account_id = ? AND region = ? AND image_name = ? AND shared_account_id = ?`,
    [ownerAccountId, region, imageName, sharedAccountId],
  );
  return row && rowToPermission(row);
}

/** Creates or replaces a share. */
export async function putImagePermission(db: SqlDb, p: ImagePermissionRecord): Promise<void> {
  await db.run(
    `INSERT INTO image_permissions (owner_account_id, region, image_name, shared_account_id, allow_fleet, allow_image_builder, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (owner_account_id, region, image_name, shared_account_id)
     DO UPDATE SET allow_fleet = excluded.allow_fleet, allow_image_builder = excluded.allow_image_builder`,
    [p.ownerAccountId, p.region, p.imageName, p.sharedAccountId, p.allowFleet ? 1 : 0, p.allowImageBuilder ? 1 : 0, p.createdMs],
  );
}

export async function deleteImagePermission(
  db: SqlDb,
  ownerAccountId: string,
  region: string,
  imageName: string,
  sharedAccountId: string,
): Promise<boolean> {
  const r = await db.run(
    `DELETE FROM image_permissions WHERE owner_account_id = ? AND region = ? AND image_name = ? AND shared_account_id = ?`,
    [ownerAccountId, region, imageName, sharedAccountId],
  );
  return r.changes > 0;
}

export async function countImagePermissions(db: SqlDb, ownerAccountId: string, region: string, imageName: string): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM image_permissions WHERE owner_account_id = ? AND region = ? AND image_name = ?`,
    [ownerAccountId, region, imageName],
  );
  return Number(row?.n ?? 0);
}
