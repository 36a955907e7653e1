// Seeding is idempotent: an entry replaces the resource of the same key (row and tags), inside
// the seed's transaction. One helper for every family's seed section.
import type { ResourceRecord, ResourceRepo } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { putTags, removeAllTags } from '../../store/tags-repo.js';

/**
 * Replaces the row of `record`'s key (account, region, parent, name) with `record`; when `arn`
 * is given, the resource's tags become `tags` (none when absent). The insert sets a new row version.
 */
export async function replaceRow<Doc>(tx: SqlDb, repo: ResourceRepo<Doc>, record: ResourceRecord<Doc>, nowMs: number, arn?: string, tags?: Record<string, string>): Promise<void> {
  await repo.remove(tx, record, record.name, record.parent ?? '');
  await repo.insert(tx, record, nowMs);
  if (arn !== undefined) {
    await removeAllTags(tx, arn);
    if (tags) await putTags(tx, arn, tags);
  }
}
