// Reset: empties the store of everything the API and seeding wrote (not `meta`: the token
// secret and the clock offset survive, so tokens and the emulated time stay valid), or just
// one account's rows. The public catalogue is data, not rows, so it always remains.
import type { SqlDb } from '../../store/sql-db.js';

/** Every table of resources. A migration that adds one adds it here too. */
export const RESET_TABLES: readonly { table: string; byAccount: string }[] = [
  { table: 'images', byAccount: 'account_id = ?' },
  { table: 'image_builders', byAccount: 'account_id = ?' },
  // An account's shares and the shares granted to it.
  { table: 'image_permissions', byAccount: 'owner_account_id = ? OR shared_account_id = ?' },
  // Tags are keyed by ARN, which names the account: arn:<partition>:appstream:<region>:<account>:...
  { table: 'tags', byAccount: 'resource_arn LIKE ?' },
  { table: 'failure_rules', byAccount: 'account_id = ?' },
  { table: 'software_associations', byAccount: 'account_id = ?' },
];

export interface ResetResult {
  /** Rows removed, by table. */
  deleted: Record<string, number>;
}

/** Empties every resource table, or only `accountId`'s rows, in one transaction. */
export async function resetStore(db: SqlDb, accountId?: string): Promise<ResetResult> {
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new Error(`AccountId '${accountId}' is not a 12-digit account id`);
  return db.transaction(async (tx) => {
    const deleted: Record<string, number> = {};
    for (const { table, byAccount } of RESET_TABLES) {
      if (accountId === undefined) {
        deleted[table] = (await tx.run(`DELETE FROM ${table}`)).changes;
      } else {
        const params = table === 'tags' ? [`arn:%:appstream:%:${accountId}:%`] : byAccount.includes(' OR ') ? [accountId, accountId] : [accountId];
        deleted[table] = (await tx.run(`DELETE FROM ${table} WHERE ${byAccount}`, params)).changes;
      }
    }
    return { deleted };
  });
}
