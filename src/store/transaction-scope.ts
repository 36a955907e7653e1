// Makes "the outer handle inside a transaction" harmless. On SQLite the connection is one and
// transactions are exclusive: a query on the outer handle from inside a transaction waited for
// that very transaction to end, forever. Here every call made within a transaction's async
// context (the handler, the clock, a helper that was handed the outer handle) runs on that
// transaction instead, on every backend: the trap cannot be written any more.
//
// The context is an AsyncLocalStorage, enabled only while a transaction is open. On Node 20 an
// enabled AsyncLocalStorage installs promise hooks that every promise of the process pays for
// (measured: an async call 3-4x slower), so reads served while no transaction is open, the
// common case, must not find it enabled: it is disabled again when the last open one ends.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlDb } from './sql-db.js';

/**
 * `db`, with calls made inside one of its transactions routed to that transaction.
 * A nested `transaction()` runs inline in the enclosing one (one commit, one rollback).
 */
export function withTransactionScope(db: SqlDb): SqlDb {
  const current = new AsyncLocalStorage<SqlDb>();
  /** Transactions begun (or waiting to begin) and not yet ended. */
  let open = 0;
  const handle = (): SqlDb => (open === 0 ? db : (current.getStore() ?? db));
  return {
    dialect: db.dialect,
    all: (sql, params) => handle().all(sql, params),
    rows: (sql, params) => handle().rows(sql, params),
    column: (sql, params) => handle().column(sql, params),
    snapshotValue: (sql) => handle().snapshotValue(sql),
    get: (sql, params) => handle().get(sql, params),
    run: (sql, params) => handle().run(sql, params),
    async transaction(fn) {
      const enclosing = open === 0 ? undefined : current.getStore();
      if (enclosing) return fn(enclosing);
      open++;
      try {
        return await db.transaction((tx) => current.run(tx, () => fn(tx)));
      } finally {
        if (--open === 0) current.disable();
      }
    },
    lockPartition: (accountId, region) => handle().lockPartition(accountId, region),
    isUniqueViolation: (error) => db.isUniqueViolation(error),
    close: () => db.close(),
  };
}
