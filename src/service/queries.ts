// Read-only queries for the emulator's own pages (the console): what they need beyond the
// AWS operations, answered through the registry, never by the console reading the store.
import { accountsWithRows, type AccountRegions } from '../store/accounts-repo.js';
import type { Partition, ResourceRecord } from '../store/resource-repo.js';
import type { SqlDb } from '../store/sql-db.js';
import { accountColumns, familyByArnType, transitionalStateNames } from './resources/registry.js';

export { transitionalStateNames };

export type { AccountRegions };

/** Accounts with resources of any registered family (or shares), each with its regions, in account order. */
export function accountsWithResources(db: SqlDb): Promise<AccountRegions[]> {
  return accountsWithRows(db, accountColumns());
}

/**
 * The stored record of a resource of a registered family, by its ARN resource type (`fleet`)
 * and name (under `parent` for child families), existing at `nowMs`; undefined when there is
 * none or the family has no generic repository. The console shows its schedule as a history.
 */
export async function resourceRecord(db: SqlDb, arnType: string, part: Partition, name: string, nowMs: number, parent = ''): Promise<ResourceRecord<unknown> | undefined> {
  return familyByArnType(arnType)?.repo?.get(db, part, name, nowMs, parent);
}
