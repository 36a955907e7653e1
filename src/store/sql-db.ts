// The one database interface every store backend implements: SQL with `?` placeholders,
// async so that SQLite (synchronous underneath) and PostgreSQL (a pool) fit the same code.
// Repositories write portable SQL against it; dialect differences live in the backends.

import { Kept } from '../core/kept.js';

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
}

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /**
   * Like `all`, each row as an array of its column values in SELECT order: no object with named
   * properties per row (measured on a 26-row page of ~1 KB rows: ~40 instead of ~60 us on SQLite).
   */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /**
   * The first column of each row, in order: no array per row (SQLite: better-sqlite3 makes each
   * row and each value a JavaScript value through V8's API, about 0.2 us each; see
   * ResourceRepo.pageKeys).
   */
  column(sql: string, params?: readonly SqlValue[]): Promise<unknown[]>;
  /**
   * The first column of the first row of `sql`, a statement without parameters (undefined for
   * no row). On SQLite, a value read in the turn's read transaction is kept until that
   * transaction ends (see sqlite-db.ts): the snapshot cannot change within it, so every request
   * of the turn gets what the store would answer, with one read (the clock offset, the data
   * version). PostgreSQL and transactions read it every time.
   */
  snapshotValue(sql: string): Promise<unknown>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `fn` atomically: all of it commits or none of it does. Inside, use only the `tx`
   * handle. Every write goes through here.
   */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: serializes writers of one (account, region) partition until commit,
   * so a count-then-insert (quotas) cannot be raced by another transaction or instance.
   */
  lockPartition(accountId: string, region: string): Promise<void>;
  /** True for a primary-key or unique violation (a name taken by a concurrent writer). */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}

/**
 * The rows of a page that PostgreSQL read as one JSON value (jsonArraySql): node-pg hands json
 * values over parsed, text as a string; NULL is no rows.
 */
export function jsonRows(value: unknown): unknown[][] {
  if (value === null || value === undefined) return [];
  return (typeof value === 'string' ? JSON.parse(value) : value) as unknown[][];
}

/**
 * PostgreSQL: the rows of `from` as one JSON value, an array of `columns` per row, in `order`
 * (SQL: an ORDER BY list over `from`'s columns; a subquery already in that order is not sorted
 * again). ARRAY(subquery) keeps the subquery's order; json_agg(... ORDER BY) sorts its input
 * once more, and without ORDER BY its order is not promised. Measured: DescribeImages' page
 * statement under pgbench (one client, median of 7) 0.218 -> 0.176 ms; side by side on the
 * computed path (32 connections, 2 cores), DescribeImages JSON 3,901 -> 4,571 req/s, p99 29 ->
 * 23.2 ms, DescribeUsers CBOR 4,664 -> 5,534 req/s, p99 22.8 -> 18 ms.
 */
export function jsonArraySql(columns: readonly string[], from: string, order: string): string {
  return `array_to_json(ARRAY(SELECT json_build_array(${columns.join(', ')}) FROM ${from} ORDER BY ${order}))`;
}

/**
 * Statement texts kept by a short key of their shape. A page's SQL is rebuilt for every request
 * as a new string, and each store finds its prepared statement (or converted text) by that text:
 * V8 flattens and hashes a new string in full on every lookup, a kilobyte or two for a page. A
 * kept text is hashed once. At most `max` texts (default 1000); then it starts again.
 */
export class SqlTexts extends Kept<string> {
  constructor(max = 1000) {
    super(max);
  }
}

/**
 * `LIMIT n` with n written into the SQL: SQLite's planner reads a bound LIMIT's value, so a
 * statement with `LIMIT ?` is prepared again on every run (measured on the bench's pages: an
 * empty 13-column join 21 us instead of 2.7 us, a 26-row page of images 47 instead of 34 us).
 * Page sizes are few, so the statements (and PostgreSQL's named ones) stay few.
 * Throws for anything but a non-negative safe integer.
 */
export function limitSql(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`LIMIT must be a non-negative integer, got ${n}`);
  return `LIMIT ${n}`;
}
