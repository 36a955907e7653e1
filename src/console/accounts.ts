// The console's account picker: which (account, region) pairs hold anything (images, image
// builders, shares given or received). Reads only; the console never writes SQL.
import type { SqlDb } from '../store/sql-db.js';

export interface AccountRegions {
  AccountId: string;
  Regions: string[];
}

/** Accounts with resources now, each with the regions they are in, in account order. */
export async function accountsWithResources(db: SqlDb, nowMs: number): Promise<AccountRegions[]> {
  const rows = await db.all<{ account_id: string; region: string }>(
    `SELECT account_id, region FROM images WHERE gone_ms IS NULL OR gone_ms > ?
     UNION SELECT account_id, region FROM image_builders WHERE gone_ms IS NULL OR gone_ms > ?
     UNION SELECT owner_account_id AS account_id, region FROM image_permissions
     UNION SELECT shared_account_id AS account_id, region FROM image_permissions
     ORDER BY account_id, region`,
    [nowMs, nowMs],
  );
  const byAccount = new Map<string, string[]>();
  for (const row of rows) {
    const regions = byAccount.get(row.account_id) ?? [];
    if (!regions.includes(row.region)) regions.push(row.region);
    byAccount.set(row.account_id, regions);
  }
  return [...byAccount].map(([AccountId, Regions]) => ({ AccountId, Regions }));
}
