// Tags of images and image builders, keyed by resource ARN (which names account and region).
import type { SqlDb } from './sql-db.js';

export async function listTags(db: SqlDb, resourceArn: string): Promise<Record<string, string>> {
  const rows = await db.all<{ tag_key: string; tag_value: string }>(
    `SELECT tag_key, tag_value FROM tags WHERE resource_arn = ? ORDER BY tag_key`,
    [resourceArn],
  );
  const tags: Record<string, string> = {};
  // defineProperty: an assignment to the key "__proto__" (a valid tag key) would set nothing.
  for (const row of rows) Object.defineProperty(tags, row.tag_key, { value: row.tag_value, enumerable: true, writable: true, configurable: true });
  return tags;
}

/** Adds or overwrites tags. Call inside a transaction when a quota is checked first. */
export async function putTags(db: SqlDb, resourceArn: string, tags: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(tags)) {
    await db.run(
      `INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
      [resourceArn, key, value],
    );
  }
}

export async function removeTags(db: SqlDb, resourceArn: string, keys: readonly string[]): Promise<void> {
  for (const key of keys) await db.run(`DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?`, [resourceArn, key]);
}

/** Removes every tag of a resource (when the resource is deleted). */
export async function removeAllTags(db: SqlDb, resourceArn: string): Promise<void> {
  await db.run(`DELETE FROM tags WHERE resource_arn = ?`, [resourceArn]);
}
