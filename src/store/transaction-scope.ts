// Makes "the outer handle inside a transaction" harmless. On SQLite the connection is one and
// transactions are exclusive: a query on the outer handle from inside a transaction waited for
// that very transaction to end, forever. Here every call made within a transaction's async
// context (the handler, the clock, a helper that was handed the outer handle) runs on that
// transaction instead, on every backend: the trap cannot be written any more.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlDb } from './sql-db.js';

/**
 * `db`, with calls made inside one of its transactions routed to that transaction.
 * A nested `transaction()` runs inline in the enclosing one (one commit, one rollback).
 */
export function withTransactionScope(db: SqlDb): SqlDb {
  const current = new AsyncLocalStorage<SqlDb>();
  const handle = (): SqlDb => current.getStore() ?? db;
  return {
    dialect: db.dialect,
    all: (sql, params) => handle().all(sql, params),
    get: (sql, params) => handle().get(sql, params),
    run: (sql, params) => handle().run(sql, params),
    transaction(fn) {
      const open = current.getStore();
      if (open) return fn(open);
      return db.transaction((tx) => current.run(tx, () => fn(tx)));
    },
    lockPartition: (accountId, region) => handle().lockPartition(accountId, region),
    isUniqueViolation: (error) => db.isUniqueViolation(error),
    close: () => db.close(),
  };
}
