// PostgreSQL behind SqlDb: a pg.Pool for transactions and writes, and two pipelined connections
// for the reads that run alone (pg-pipeline.ts), shared by the requests of one process; several
// processes (instances) may share one database, so everything here must be safe across
// processes too.
//
// - `?` placeholders become `$1..$n` (converted once per SQL text, cached).
// - BIGINT (int8, also what COUNT(*) answers) is parsed to a JS number: our integers are
//   epoch milliseconds and counts, far below 2^53.
// - transaction(fn): BEGIN/COMMIT on one pooled client; a nested tx.transaction runs inline.
//   A serialization failure or deadlock (40001/40P01) re-runs fn from the start, a few times.
//   As in PostgreSQL generally, a statement that fails inside a transaction aborts it: code
//   that catches a unique violation must let the transaction end (our repos do).
// - DML runs as named (prepared) statements, parsed and planned once per connection: measured
//   (2 cores, 16 concurrent callers) at 2-3.5x less PostgreSQL CPU per query than unnamed ones
//   (a 25-image page: ~130-160 us instead of ~300-470 us; a get by key: ~80 instead of ~270).
// - lockPartition(account, region): pg_advisory_xact_lock on a 64-bit hash of both; held until
//   the transaction ends, across every instance on the database.
// - A database that goes away never crashes the process: every client has an 'error' listener,
//   broken clients are destroyed instead of returned to the pool, and errors that mean "cannot
//   reach the database" (isConnectionError) are rethrown as DatabaseUnavailableError, which the
//   app answers with 503 ServiceUnavailableException. The pool reconnects on the next request
//   once the server is back: no restart needed.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kept } from '../core/kept.js';
import { PipelinedClients } from './pg-pipeline.js';
import type { RunResult, SqlDb, SqlValue } from './sql-db.js';

export interface PostgresOptions {
  connectionString: string;
  /** Pool size per process (default 10). */
  max?: number;
  /** Give up connecting (or waiting for a free pooled connection) after this long (default 10 s). */
  connectionTimeoutMs?: number;
  /**
   * Server-side statement_timeout (lock waits included), and, 2 s later, the client-side limit
   * on waiting for an answer: a server that went silent (network cut without a reset) fails
   * the request instead of hanging it (default 15 s; our statements take milliseconds).
   */
  statementTimeoutMs?: number;
  /**
   * Named (server-side prepared) statements: parsed and planned once per connection. Default on;
   * turn off for poolers that do not support them (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
  /**
   * Connections that carry the reads run outside a transaction, several statements at a time
   * (pg's pipeline mode; see pg-pipeline.ts). Default 2; 0 runs them on the pool instead.
   */
  pipelinedConnections?: number;
  /** Called with errors of idle or broken connections (they never throw). */
  onConnectionError?: (error: Error) => void;
  /**
   * Called when a statement finds one of the store's tables missing (SQLSTATE 42P01): the
   * database was dropped and made again under the same name. The opener migrates it again
   * (open-store.ts); meanwhile such errors are DatabaseUnavailableError (503).
   */
  onSchemaLost?: () => void;
}

/** The database cannot be reached (refused, lost, timed out). Code 08006 marks it as such. */
export class DatabaseUnavailableError extends Error {
  readonly code = '08006';
  constructor(cause: unknown) {
    super(`PostgreSQL is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const NETWORK_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Query read timeout|connection error|Connection is closed|Client was closed|Cannot use a pool after calling end|connect ECONNREFUSED/i;

/** True when `error` means the database could not be reached, not that the SQL was refused. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (NETWORK_CODES.has(code)) return true;
  // 08: connection exception; 53: insufficient resources (too many connections, out of memory);
  // 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 57014: statement timeout.
  if (/^(08...|53...|57P0[1-3]|57014)$/.test(code)) return true;
  // Refusals at connect time, each of a database that is not there for us now (renamed, dropped,
  // closed to connections, its login changed), never of a request: 3D000 invalid catalog name,
  // 28xxx invalid authorization, and 55000 when the database is not accepting connections (55000
  // has other causes, so its English text decides: a server with other lc_messages gets a 500).
  if (/^(3D000|28...)$/.test(code)) return true;
  if (code === '55000' && error instanceof Error && /not currently accepting connections/.test(error.message)) return true;
  if (code === '' && error instanceof Error && NETWORK_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return false;
}

function normalizeError(error: unknown, onSchemaLost?: () => void): unknown {
  if (onSchemaLost && (error as { code?: unknown } | null)?.code === '42P01') {
    onSchemaLost();
    return new DatabaseUnavailableError(error);
  }
  return isConnectionError(error) && !(error instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(error) : error;
}

/**
 * `?` -> `$n`, leaving alone `?` inside '...' strings, "..." identifiers, E'..' strings, comments and
 * dollar-quoted bodies. (Our SQL has none of those with a `?`, but the conversion must not
 * depend on that.) PostgreSQL's own `?`-operators (jsonb `?|`) are not used by portable SQL.
 */
export function toNumberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // Quoted: up to the closing quote; a doubled quote is an escaped one. E'...' strings also
      // allow backslash escapes.
      const backslash = c === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !/[\w$]/.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (backslash && sql[j] === '\\') {
          j++;
          continue;
        }
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j++;
            continue;
          }
          break;
        }
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const j = end === -1 ? sql.length : end + tag[0].length;
        out += sql.slice(i, j);
        i = j;
      } else {
        out += c;
        i++;
      }
    } else if (c === '?') {
      out += `$${++n}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A signed 64-bit key for pg_advisory_xact_lock from (account, region), as a decimal string. */
export function partitionLockKey(accountId: string, region: string): string {
  const digest = createHash('sha256').update(accountId).update('\0').update(region).digest();
  return digest.readBigInt64BE(0).toString();
}

// 40001 serialization failure, 40P01 deadlock; 0A000 "cached plan must not change result type"
// (another instance changed the schema under a prepared statement: the client is dropped).
const RETRYABLE = new Set(['40001', '40P01']);
const isStalePlan = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === '0A000' && /cached plan/i.test(String((error as Error).message));
const MAX_ATTEMPTS = 5;

interface Converted {
  text: string;
  /** The prepared statement name, or undefined for statements not worth preparing (DDL). */
  name: string | undefined;
  /** A SELECT: outside a transaction it may go over a pipelined connection. */
  read: boolean;
}

function toParam(value: SqlValue): unknown {
  // pg sends a Uint8Array that is not a Buffer as JSON; bytea wants a Buffer.
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

const parseInt8 = (value: string) => Number(value);

export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly converted = new Kept<Converted>(2000);
  private readonly prepared: boolean;
  private readonly pipelined: PipelinedClients | undefined;
  private closed = false;
  private readonly onSchemaLost: (() => void) | undefined;

  private normalize(error: unknown): unknown {
    return normalizeError(error, this.onSchemaLost);
  }

  constructor(options: PostgresOptions) {
    const statementTimeout = options.statementTimeoutMs ?? 15_000;
    this.onSchemaLost = options.onSchemaLost;
    this.prepared = options.preparedStatements ?? true;
    // What every connection is made with, pooled (transactions, writes) or pipelined (reads alone).
    const connection: pg.ClientConfig = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      // Server side: no statement runs forever, and a client that vanished mid-transaction
      // does not hold its locks for long.
      statement_timeout: statementTimeout,
      idle_in_transaction_session_timeout: 60_000,
      // Client side: a server that stops answering (network cut without a reset) fails fast.
      query_timeout: statementTimeout + 2_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'appstream-local',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === pg.types.builtins.INT8 && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    };
    this.pool = new pg.Pool({ ...connection, max: options.max ?? 10, idleTimeoutMillis: 30_000 });
    const report = options.onConnectionError ?? (() => {});
    // Idle clients that lose their connection: the pool removes them; without this listener
    // the pool would re-emit the error and crash the process.
    this.pool.on('error', (error) => report(error));
    // Checked-out clients (inside a transaction) emit 'error' too: the query in flight is
    // rejected anyway; the listener only keeps the event from being unhandled.
    this.pool.on('connect', (client) => client.on('error', (error) => report(error)));
    this.pipelined = (options.pipelinedConnections ?? 2) > 0 ? new PipelinedClients(connection, options.pipelinedConnections ?? 2, report) : undefined;
  }

  private convert(sql: string): Converted {
    return this.converted.get(sql, () => {
      const text = toNumberedPlaceholders(sql);
      // Only DML is prepared: a prepared DDL statement gains nothing, and migrations change
      // the schema under plans.
      const dml = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text);
      const name = this.prepared && dml ? `asl_${createHash('sha1').update(text).digest('hex').slice(0, 24)}` : undefined;
      return { text, name, read: /^\s*SELECT\b/i.test(text) };
    });
  }

  /** What pg is given for `sql` with `params` (rows as arrays when `arrays`), and whether it is a read. */
  private statement(sql: string, params: readonly SqlValue[], arrays: boolean): { config: pg.QueryConfig; read: boolean } {
    const { text, name, read } = this.convert(sql);
    return { config: { text, values: params.map(toParam), name, ...(arrays ? { rowMode: 'array' } : {}) }, read };
  }

  private async query<T>(client: pg.PoolClient, sql: string, params: readonly SqlValue[], arrays = false): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    return client.query<T & pg.QueryResultRow>(this.statement(sql, params, arrays).config);
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.closed) throw new DatabaseUnavailableError(new Error('the store is closed'));
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.normalize(error);
    }
  }

  /**
   * One statement outside a transaction: a read on a pipelined connection, unless they are all
   * full; anything else (a write may wait on a row lock) on a pooled client.
   */
  private async once<T>(sql: string, params: readonly SqlValue[], arrays = false): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    const pipelined = this.pipelined;
    const { config, read } = this.statement(sql, params, arrays);
    if (!pipelined || !read || pipelined.full()) return this.onceOnPool<T>(config);
    if (this.closed) throw new DatabaseUnavailableError(new Error('the store is closed'));
    for (let attempt = 1; ; attempt++) {
      let ranOn: pg.Client | undefined;
      try {
        return await pipelined.query<T & pg.QueryResultRow>(config, (client) => (ranOn = client));
      } catch (error) {
        // Stale prepared statements: a schema change made every connection opened before it
        // stale, so none of them takes another statement, and this one runs again on a fresh
        // connection (a few schema changes in a row may need a few tries).
        if (!isStalePlan(error)) throw this.normalize(error);
        if (ranOn) pipelined.retire(ranOn, true);
        if (attempt === 3) throw this.normalize(error);
      }
    }
  }

  /** One statement outside a transaction on a pooled client: a write, a read when the pipelines are full, or any statement with pipelinedConnections: 0. */
  private async onceOnPool<T>(config: pg.QueryConfig): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      try {
        const result = await client.query<T & pg.QueryResultRow>(config);
        client.release();
        return result;
      } catch (error) {
        // A refused statement (unique violation, syntax) leaves the connection fine; a lost one
        // is destroyed, and so is one whose prepared statements went stale (then retried once).
        const drop = isConnectionError(error) || isStalePlan(error);
        client.release(drop ? (error as Error) : undefined);
        if (isStalePlan(error) && attempt === 1) continue;
        throw this.normalize(error);
      }
    }
  }

  async all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.once<T>(sql, params)).rows;
  }
  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return (await this.once(sql, params, true)).rows as unknown as unknown[][];
  }
  async column(sql: string, params: readonly SqlValue[] = []): Promise<unknown[]> {
    return (await this.rows(sql, params)).map((row) => row[0]);
  }
  async snapshotValue(sql: string): Promise<unknown> {
    return (await this.rows(sql))[0]?.[0];
  }
  async get<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.once<T>(sql, params)).rows[0];
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return { changes: (await this.once(sql, params)).rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionOnce(fn);
      } catch (error) {
        const code = (error as { code?: string } | null)?.code;
        if (!(RETRYABLE.has(code ?? '') || isStalePlan(error)) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
      }
    }
  }

  private async transactionOnce<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: unknown;
    /** The first statement that failed: PostgreSQL aborts the transaction there. */
    let failed: unknown;
    const query = async <R>(sql: string, params: readonly SqlValue[] = [], arrays = false) => {
      try {
        return await this.query<R>(client, sql, params, arrays);
      } catch (error) {
        failed ??= error;
        throw this.normalize(error);
      }
    };
    const tx: SqlDb = {
      dialect: 'postgres',
      all: async <R>(sql: string, params?: readonly SqlValue[]) => (await query<R>(sql, params)).rows,
      rows: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params, true)).rows as unknown as unknown[][],
      column: async (sql: string, params?: readonly SqlValue[]) => ((await query(sql, params, true)).rows as unknown as unknown[][]).map((row) => row[0]),
      snapshotValue: async (sql: string) => ((await query(sql, [], true)).rows as unknown as unknown[][])[0]?.[0],
      get: async <R>(sql: string, params?: readonly SqlValue[]) => (await query<R>(sql, params)).rows[0],
      run: async (sql: string, params?: readonly SqlValue[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
      transaction: (inner) => inner(tx),
      lockPartition: async (accountId: string, region: string) => {
        await query(`SELECT pg_advisory_xact_lock(?::bigint)`, [partitionLockKey(accountId, region)]);
      },
      isUniqueViolation: (error) => this.isUniqueViolation(error),
      close: async () => {},
    };
    try {
      await query('BEGIN');
      const result = await fn(tx);
      // fn caught a failed statement and went on: PostgreSQL has aborted the transaction, and
      // COMMIT would quietly roll back. Fail loudly with the statement's error instead.
      if (failed !== undefined) throw failed;
      const commit = await query('COMMIT');
      if (commit.command === 'ROLLBACK') throw new Error('PostgreSQL rolled the transaction back at COMMIT');
      return result;
    } catch (error) {
      if (isConnectionError(error) || isStalePlan(error)) broken = error;
      else {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError;
        }
      }
      throw this.normalize(error);
    } finally {
      client.release(broken === undefined ? undefined : (broken as Error));
    }
  }

  async lockPartition(): Promise<void> {
    // Outside a transaction there is nothing to hold until; inside, see the tx handle.
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === '23505';
  }

  /** Counts of the pool, for diagnostics. */
  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.pipelined?.close()]);
  }
}
