// The one way a handler writes: lock the caller's partition(s), read the emulated now through
// the transaction (after the lock, so a transition never lands before one that committed
// first), purge the partition's deleted rows, then run the handler's work with only the
// transaction and that now in hand.
import type { SqlDb } from '../../store/sql-db.js';
import type { Partition } from '../../store/resource-repo.js';
import type { ServiceDeps } from '../service-deps.js';
import { FAMILIES } from './registry.js';

/** What a write sees: the transaction and the emulated now (epoch ms) read under its lock. */
export interface WriteScope {
  readonly tx: SqlDb;
  readonly now: number;
}

/**
 * Runs `work` in one transaction holding the partition locks of `part.accountId` in
 * `part.region` and `alsoRegions` (taken in one order, so two writers never wait crosswise).
 * All of it commits or none of it does.
 */
export function write<T>(deps: Pick<ServiceDeps, 'db' | 'clock'>, part: Partition, work: (scope: WriteScope) => Promise<T>, alsoRegions: readonly string[] = []): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const now = await lockPartitions(tx, deps, part.accountId, [part.region, ...alsoRegions]);
    return work({ tx, now });
  });
}

/**
 * Inside a transaction: locks `accountId`'s partitions in `regions`, reads now, and sweeps the
 * deleted rows of the families whose deletions linger. Answers now.
 */
async function lockPartitions(tx: SqlDb, deps: Pick<ServiceDeps, 'clock'>, accountId: string, regions: readonly string[]): Promise<number> {
  const sorted = [...new Set(regions)].sort();
  for (const region of sorted) await tx.lockPartition(accountId, region);
  const now = await deps.clock.nowIn(tx);
  // An index range per family: listings never scan past many deleted rows.
  for (const region of sorted) {
    for (const family of FAMILIES) if (family.deletesLater && family.repo) await family.repo.purgeGone(tx, { accountId, region }, now);
  }
  return now;
}
