// The quota check of the resource families (SPEC-rest §12): count inside the write (the
// partition is locked), LimitExceededException past the limit, one text for every family.
import { quotaReachedText } from '../../errors/messages.js';
import type { Quotas } from '../../config.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { Partition, ResourceRepo } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { ServiceDeps } from '../service-deps.js';

/**
 * Inside a write (the partition is locked): throws `exceeded(text)` when the partition (or
 * `parent`, for per-stack quotas) already holds `quotas[key]` resources of `repo`.
 * The text: quotaReachedText (errors/messages.ts).
 */
export async function checkQuota(
  tx: SqlDb,
  deps: Pick<ServiceDeps, 'settings'>,
  repo: ResourceRepo<unknown>,
  key: keyof Quotas,
  where: { part: Partition; nowMs: number; parent?: string; what: string },
  exceeded: (message: string) => AwsError,
): Promise<void> {
  const limit = deps.settings.quotas[key];
  if ((await repo.count(tx, where.part, where.nowMs, where.parent)) >= limit) {
    const scope = where.parent !== undefined ? `stack ${where.parent}` : `account ${where.part.accountId} in ${where.part.region}`;
    throw exceeded(quotaReachedText(where.what, limit, scope));
  }
}
