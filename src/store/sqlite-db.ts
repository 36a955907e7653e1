// SQLite behind SqlDb: better-sqlite3 (synchronous), WAL, one connection per process.
// Because the calls are synchronous but the interface is async, a transaction's awaits could
// let another request's queries run on the same connection mid-transaction; a queue makes
// transactions exclusive and makes plain reads wait for the one in progress.
//
// Plain reads share one read transaction per turn of the event loop: the first read opens it
// (BEGIN, deferred), the reads of every request served in that turn run in it, and it ends at
// the turn's end (setImmediate) or before any write, whichever comes first. A statement in
// autocommit mode takes and drops WAL read locks on its own, two fcntl() calls (measured: 2.0 us
// of system time per statement); in one read transaction they are taken once. Reads of one turn
// see one snapshot: what was committed when the turn's first read ran (this process's writes
// always end the read transaction first, so they are seen at once).
// So a value read with snapshotValue (the clock offset, the data version) is kept for as long as
// the read transaction lasts: every request of the turn would read the same.
import Database from 'better-sqlite3';
import type { RunResult, SqlDb, SqlValue } from './sql-db.js';

type Statement = Database.Statement<unknown[]>;

export interface SqliteOptions {
  /** A file path, or ':memory:' for nothing on disk. */
  filename: string;
}

export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();
  /** The same statements in raw mode (rows as arrays): better-sqlite3 sets the mode per statement. */
  private readonly rawStatements = new Map<string, Statement>();
  /** And in pluck mode (each row's first column). */
  private readonly columnStatements = new Map<string, Statement>();
  /** snapshotValue's values read in the open read transaction; emptied when it ends. */
  private readonly snapshotValues = new Map<string, unknown>();
  /** Resolves when the transaction in progress (if any) ends. */
  private current: Promise<void> | null = null;
  /** Whether the turn's shared read transaction is open (see the top of this file). */
  private reading = false;
  private readonly endReadSoon = (): void => this.endRead();

  constructor(options: SqliteOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is in the OS's hands before we answer, so kill -9 of this
    // process loses nothing acknowledged (only a power cut could drop the last commits).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  /** `sql` prepared once per mode: rows as objects, as arrays (raw) or as their first column (pluck). */
  private prepare(sql: string, mode?: 'raw' | 'pluck'): Statement {
    const cache = mode === 'raw' ? this.rawStatements : mode === 'pluck' ? this.columnStatements : this.statements;
    let statement = cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (mode === 'raw') statement.raw(true);
      else if (mode === 'pluck') statement.pluck(true);
      cache.set(sql, statement);
    }
    return statement;
  }

  /** Opens the turn's read transaction unless one (or a write transaction) is open. */
  private beginRead(): void {
    if (this.reading || this.db.inTransaction) return;
    this.db.exec('BEGIN');
    this.reading = true;
    setImmediate(this.endReadSoon);
  }

  /** Ends the turn's read transaction, if open: before a write, at the turn's end, on close. */
  private endRead(): void {
    if (!this.reading) return;
    this.reading = false;
    this.snapshotValues.clear();
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  // The *Now methods run immediately on the connection; the public ones wait for a
  // transaction in progress first, so they never see (or join) uncommitted work.
  private allNow<T>(sql: string, params: readonly SqlValue[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }
  private rowsNow(sql: string, params: readonly SqlValue[]): unknown[][] {
    return this.prepare(sql, 'raw').all(...params) as unknown[][];
  }
  private columnNow(sql: string, params: readonly SqlValue[]): unknown[] {
    return this.prepare(sql, 'pluck').all(...params);
  }
  private getNow<T>(sql: string, params: readonly SqlValue[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }
  private runNow(sql: string, params: readonly SqlValue[]): RunResult {
    const statement = this.prepare(sql);
    if (!statement.reader) return { changes: statement.run(...params).changes };
    statement.all(...params);
    return { changes: 0 };
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    while (this.current) await this.current;
    this.beginRead();
    return this.allNow<T>(sql, params);
  }
  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    while (this.current) await this.current;
    this.beginRead();
    return this.rowsNow(sql, params);
  }
  async column(sql: string, params: readonly SqlValue[] = []): Promise<unknown[]> {
    while (this.current) await this.current;
    this.beginRead();
    return this.columnNow(sql, params);
  }
  async snapshotValue(sql: string): Promise<unknown> {
    while (this.current) await this.current;
    this.beginRead();
    if (this.snapshotValues.has(sql)) return this.snapshotValues.get(sql);
    const value = this.columnNow(sql, [])[0];
    if (this.reading) this.snapshotValues.set(sql, value);
    return value;
  }
  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    while (this.current) await this.current;
    this.beginRead();
    return this.getNow<T>(sql, params);
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    while (this.current) await this.current;
    // A lone write commits on its own, now: not inside the turn's read transaction.
    this.endRead();
    return this.runNow(sql, params);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    while (this.current) await this.current;
    let release!: () => void;
    this.current = new Promise<void>((resolve) => (release = resolve));
    const tx: SqlDb = {
      dialect: 'sqlite',
      all: async <R>(sql: string, params: readonly SqlValue[] = []) => this.allNow<R>(sql, params),
      rows: async (sql: string, params: readonly SqlValue[] = []) => this.rowsNow(sql, params),
      column: async (sql: string, params: readonly SqlValue[] = []) => this.columnNow(sql, params),
      snapshotValue: async (sql: string) => this.columnNow(sql, [])[0],
      get: async <R>(sql: string, params: readonly SqlValue[] = []) => this.getNow<R>(sql, params),
      run: async (sql: string, params: readonly SqlValue[] = []) => this.runNow(sql, params),
      transaction: (inner) => inner(tx),
      lockPartition: async () => {
        // BEGIN IMMEDIATE already holds SQLite's single write lock.
      },
      isUniqueViolation: (error) => this.isUniqueViolation(error),
      close: async () => {},
    };
    try {
      this.endRead();
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.current = null;
      release();
    }
  }

  async lockPartition(): Promise<void> {
    // Outside a transaction there is nothing to hold; inside, see the tx handle above.
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    while (this.current) await this.current;
    if (this.db.open) {
      this.endRead();
      this.db.close();
    }
  }
}
