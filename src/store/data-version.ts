// The store's data version: a counter in `meta` that every committed write moves. A reader
// that remembers an answer with the version it read first can reuse the answer for as long as
// the store still shows that version — on any instance, since the counter lives in the store.
import type { SqlDb } from './sql-db.js';

export const DATA_VERSION_KEY = 'data_version';
const BUMP = `UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = '${DATA_VERSION_KEY}'`;
const READ = `SELECT value FROM meta WHERE key = '${DATA_VERSION_KEY}'`;
const READS_ONLY = /^\s*(SELECT|WITH|EXPLAIN|PRAGMA)\b/i;

/** The same database, with every write (a transaction, or a lone writing statement) moving the version. */
export function withDataVersion(db: SqlDb): SqlDb {
  return {
    dialect: db.dialect,
    all: (sql, params) => db.all(sql, params),
    rows: (sql, params) => db.rows(sql, params),
    column: (sql, params) => db.column(sql, params),
    snapshotValue: (sql) => db.snapshotValue(sql),
    get: (sql, params) => db.get(sql, params),
    async run(sql, params) {
      const result = await db.run(sql, params);
      // After the write: a reader that saw the new data under the old version can only have
      // stored it under a version that is already stale.
      if (!READS_ONLY.test(sql)) await db.run(BUMP);
      return result;
    },
    // Inside the transaction, so the data and its version commit (or roll back) together.
    transaction: (fn) =>
      db.transaction(async (tx) => {
        const result = await fn(tx);
        await tx.run(BUMP);
        return result;
      }),
    lockPartition: (accountId, region) => db.lockPartition(accountId, region),
    isUniqueViolation: (error) => db.isUniqueViolation(error),
    close: () => db.close(),
  };
}

/** The current data version ('0' before any write). */
export async function readDataVersion(db: SqlDb): Promise<string> {
  const value = await db.snapshotValue(READ);
  return value === undefined || value === null ? '0' : String(value);
}
