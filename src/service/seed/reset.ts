// Reset: empties the store of everything the API and seeding wrote (not `meta`: the token
// secret and the clock offset survive, so tokens and the emulated time stay valid), or just
// one account's rows. The public catalogue is data, not rows, so it always remains.
import { deleteAccountRows, type AccountRows } from '../../store/reset-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { accountColumns } from '../resources/registry.js';

/** Every table of resources: the registry's families' tables, then tags and failure rules. */
export const RESET_TABLES: readonly AccountRows[] = (() => {
  const byTable = new Map<string, string[]>();
  for (const { table, account } of accountColumns()) byTable.set(table, [...(byTable.get(table) ?? []), account]);
  return [
    ...[...byTable].map(([table, columns]) => ({ table, accountColumns: columns })),
    { table: 'tags', arnColumn: 'resource_arn' },
    { table: 'failure_rules', accountColumns: ['account_id'] },
  ];
})();

export interface ResetResult {
  /** Rows removed, by table. */
  deleted: Record<string, number>;
}

/** Empties every resource table, or only `accountId`'s rows, in one transaction. */
export async function resetStore(db: SqlDb, accountId?: string): Promise<ResetResult> {
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new Error(`AccountId '${accountId}' is not a 12-digit account id`);
  return db.transaction(async (tx) => {
    const deleted: Record<string, number> = {};
    for (const rows of RESET_TABLES) deleted[rows.table] = await deleteAccountRows(tx, rows, accountId);
    return { deleted };
  });
}
