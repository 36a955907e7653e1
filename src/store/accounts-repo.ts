// The console's account picker: which (account, region) pairs hold anything, over the tables
// and account columns the service's registry names.
//
// A "loose index scan": one index seek per distinct (account, region) pair, through the
// primary keys (and the grantee index of image_permissions), so the cost follows the number
// of accounts, not the number of images (SELECT DISTINCT would read every row). Row-value
// comparisons are standard SQL, and both SQLite and PostgreSQL seek an index with them.
import type { SqlDb } from './sql-db.js';

export interface AccountRegions {
  AccountId: string;
  Regions: string[];
}

/** At most this many pairs per table: the picker is a convenience, any account can be typed in. */
const MAX_PAIRS = 500;

async function distinctPairs(db: SqlDb, table: string, account: string): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  let last: [string, string] | undefined;
  while (pairs.length < MAX_PAIRS) {
    const row = last
      ? await db.get<{ a: string; r: string }>(
          `SELECT ${account} AS a, region AS r FROM ${table} WHERE (${account}, region) > (?, ?) ORDER BY ${account}, region LIMIT 1`,
          last,
        )
      : await db.get<{ a: string; r: string }>(`SELECT ${account} AS a, region AS r FROM ${table} ORDER BY ${account}, region LIMIT 1`);
    if (!row) break;
    last = [row.a, row.r];
    pairs.push(last);
  }
  return pairs;
}

/**
 * Accounts with rows in `sources` (each a table and an account column that leads an index with
 * region), each with its regions, in account order.
 */
export async function accountsWithRows(db: SqlDb, sources: readonly { table: string; account: string }[]): Promise<AccountRegions[]> {
  const byAccount = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const [account, region] of await distinctPairs(db, source.table, source.account)) {
      const regions = byAccount.get(account) ?? new Set<string>();
      regions.add(region);
      byAccount.set(account, regions);
    }
  }
  return [...byAccount]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([AccountId, regions]) => ({ AccountId, Regions: [...regions].sort() }));
}
