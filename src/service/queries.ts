// Read-only queries for the emulator's own pages (the console): what they need beyond the
// AWS operations, answered through the registry, never by the console reading the store.
import { accountsWithRows, type AccountRegions } from '../store/accounts-repo.js';
import type { SqlDb } from '../store/sql-db.js';
import { accountColumns } from './resources/registry.js';

export type { AccountRegions };

/** Accounts with resources of any registered family (or shares), each with its regions, in account order. */
export function accountsWithResources(db: SqlDb): Promise<AccountRegions[]> {
  return accountsWithRows(db, accountColumns());
}
