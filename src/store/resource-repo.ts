// The one repository of AppStream resources: rows partitioned by (account_id, region), keyed by
// name (under an optional parent, e.g. an entitlement's stack), paged by keyset in byte order.
// A family declares its table; this file holds all of the SQL. Families with a special index
// plan (image permissions, DescribeImages' union with the catalogue) keep their own repo.
//
// Row layout (see resourceTableSql): account_id, region, [parent], name, created_ms,
// schedule (JSON [{state, atMs}]), gone_ms (NULL while it exists), doc (JSON, wire spelling),
// the family's reference columns (text, indexed: what other resources are found by), and
// version: a random number every write sets anew, so that a reader that keeps something per
// row (service/resources/view-memo.ts) can tell from a covering index alone, without reading
// the row and its doc, whether the row changed.
import type { ScheduledState } from '../core/schedule.js';
import { EMULATED_NOW_SQL, emulatedNow, type ClockReading } from './meta-repo.js';
import { jsonArraySql, jsonRows, limitSql, SqlTexts, type SqlDb, type SqlValue } from './sql-db.js';

/** What a family declares about its table. */
export interface ResourceTableSpec {
  /** Table name, snake_case plural (`fleets`). */
  readonly table: string;
  /** Column of the parent's name, between (account_id, region) and name (`stack_name`); absent: top-level. */
  readonly parentColumn?: string;
  /** Extra text columns (indexed) that other families look resources up by (`image_name`). */
  readonly refColumns?: readonly string[];
  /**
   * Integer columns (default 0) that the store keeps from other tables by triggers, e.g. an
   * image's count of shares (images-repo.ts). Read by get, page and rowsOf into
   * `record.maintained`; never written by this repository. A trigger that changes one sets the
   * row a new version, so keys pages need not read them.
   */
  readonly maintained?: readonly string[];
}

/** Where a resource lives: the caller's partition. */
export interface Partition {
  readonly accountId: string;
  readonly region: string;
}

/** A stored resource. `doc` holds the wire members in the model's spelling. Times are emulated epoch ms. */
export interface ResourceRecord<Doc> extends Partition {
  /** The parent's name (absent or '' for top-level families). */
  parent?: string;
  name: string;
  createdMs: number;
  schedule: ScheduledState[];
  /** When a deleted resource stops existing; null while it exists. */
  goneMs: number | null;
  doc: Doc;
  /** Values of the declared reference columns (absent on insert: NULL; absent on update: unchanged). */
  refs?: Record<string, string | null>;
  /** The declared maintained columns' values (reads only). */
  maintained?: Record<string, number>;
}

/** Options of a keyset page: after `after` (exclusive, by name) at most `limit` rows. */
export interface PageQuery {
  parent?: string;
  after: string | null;
  /**
   * Listing across parents (no `parent`), rows are in (parent, name) order: the keyset
   * position is (afterParent, after), e.g. an association's stack and fleet.
   */
  afterParent?: string;
  limit: number;
  /** Equality filters on reference columns. */
  where?: Record<string, string>;
  /**
   * IN filters on reference columns: rows whose column holds one of the values (e.g. the
   * sessions of a page of fleets in one query). An empty list matches nothing.
   */
  whereIn?: Record<string, readonly string[]>;
  /** Only these names (an IN list). */
  names?: readonly string[];
}


const IDENT = /^[a-z][a-z0-9_]*$/;

/**
 * A row's new version: random, so that writers of every instance sharing the store need no
 * counter between them; two versions of one row agree by chance once in 2^48 writes.
 */
function newVersion(): number {
  return 1 + Math.floor(Math.random() * 2 ** 48);
}

/** The CREATE statements of a family's table and its indexes, for a new family's migration. */
export function resourceTableSql(dialect: SqlDb['dialect'], spec: ResourceTableSpec): string[] {
  return [...resourceTableSqlV1(dialect, spec), ...rowVersionSql(dialect, spec)];
}

/**
 * The row version (see the file's header) and the index that covers a keyset page of it: the
 * key, gone_ms (the page's existence filter) and version. Migration 18 adds them to the tables
 * created before it; rows written before it keep version 0 until their next write.
 */
export function rowVersionSql(dialect: SqlDb['dialect'], spec: ResourceTableSpec): string[] {
  checkSpec(spec);
  const key = ['account_id', 'region', ...(spec.parentColumn ? [spec.parentColumn] : []), 'name'].join(', ');
  return [
    `ALTER TABLE ${spec.table} ADD COLUMN version ${dialect === 'postgres' ? 'BIGINT' : 'INTEGER'} NOT NULL DEFAULT 0`,
    dialect === 'postgres'
      ? `CREATE INDEX ${spec.table}_keys ON ${spec.table} (${key}) INCLUDE (gone_ms, version)`
      : `CREATE INDEX ${spec.table}_keys ON ${spec.table} (${key}, gone_ms, version)`,
  ];
}

/** The table as migrations 4 to 17 created it (without the row version): never to change. */
export function resourceTableSqlV1(dialect: SqlDb['dialect'], spec: ResourceTableSpec): string[] {
  checkSpec(spec);
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const int = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const key = ['account_id', 'region', ...(spec.parentColumn ? [spec.parentColumn] : []), 'name'];
  const refs = spec.refColumns ?? [];
  return [
    `CREATE TABLE ${spec.table} (
      account_id ${text} NOT NULL,
      region ${text} NOT NULL,
      ${spec.parentColumn ? `${spec.parentColumn} ${text} NOT NULL,` : ''}
      name ${text} NOT NULL,
      created_ms ${int} NOT NULL,
      schedule TEXT NOT NULL,
      gone_ms ${int},
      doc TEXT NOT NULL,
      ${refs.map((c) => `${c} ${text},`).join('\n      ')}
      ${(spec.maintained ?? []).map((c) => `${c} ${int} NOT NULL DEFAULT 0,`).join('\n      ')}
      PRIMARY KEY (${key.join(', ')})
    )`,
    `CREATE INDEX ${spec.table}_gone ON ${spec.table} (account_id, region, gone_ms) WHERE gone_ms IS NOT NULL`,
    ...refs.map((c) => `CREATE INDEX ${spec.table}_by_${c} ON ${spec.table} (account_id, region, ${c})`),
  ];
}

function checkSpec(spec: ResourceTableSpec): void {
  for (const id of [spec.table, spec.parentColumn ?? 'name', ...(spec.refColumns ?? []), ...(spec.maintained ?? [])]) {
    if (!IDENT.test(id)) throw new Error(`resource table: '${id}' is not a plain snake_case identifier`);
  }
}

/**
 * Which columns a read selects, in order: [parent], name, created_ms, schedule, gone_ms, doc,
 * version, then the reference columns (`full` reads only), then the maintained columns.
 * account_id and region are not read: every read is of one partition, which the caller names.
 */
interface ReadLayout {
  readonly select: string;
  /** Whether the reference columns are read (after version). */
  readonly refs: boolean;
  /** The page statements over this layout, by shape (statement()). */
  readonly texts: SqlTexts;
}

/**
 * The generic repository of one family. Every method takes the handle to run on (a
 * transaction's `tx` for writes) and, for reads, the emulated now (rows gone by then are
 * invisible).
 */
export class ResourceRepo<Doc> {
  readonly spec: ResourceTableSpec;
  private readonly parent: string | undefined;
  private readonly refs: readonly string[];
  private readonly columns: string;
  /** get, page: everything a record holds. */
  private readonly full: ReadLayout;
  /** rowsOf: what a view is built from (no reference columns: the doc holds what they index). */
  private readonly lean: ReadLayout;
  /** pageKeys: [parent], name, version (the covering index's columns). */
  private readonly keys: ReadLayout;
  /** pageKeys on SQLite: the same as one text per row (see packedKeys). */
  private readonly packed: ReadLayout;
  /** aggregatedKeys' statements, by the page statement they wrap. */
  private readonly aggregatedTexts = new SqlTexts();
  private readonly maintained: readonly string[];
  private readonly exists = `(gone_ms IS NULL OR gone_ms > ?)`;

  constructor(spec: ResourceTableSpec) {
    checkSpec(spec);
    this.spec = spec;
    this.parent = spec.parentColumn;
    this.refs = spec.refColumns ?? [];
    const head = [...(this.parent ? [this.parent] : []), 'name', 'created_ms', 'schedule', 'gone_ms', 'doc', 'version'];
    this.columns = ['account_id', 'region', ...head, ...this.refs].join(', ');
    this.maintained = spec.maintained ?? [];
    this.full = { select: [...head, ...this.refs, ...this.maintained].join(', '), refs: true, texts: new SqlTexts() };
    this.lean = { select: [...head, ...this.maintained].join(', '), refs: false, texts: new SqlTexts() };
    this.keys = { select: [...(this.parent ? [this.parent] : []), 'name', 'version'].join(', '), refs: false, texts: new SqlTexts() };
    const packedFields = ['CAST(version AS TEXT)', ...(this.parent ? [this.parent] : []), 'name'];
    this.packed = { select: packedFields.join(` || char(0) || `), refs: false, texts: new SqlTexts() };
  }

  get table(): string {
    return this.spec.table;
  }

  /**
   * A row of `rowsOf` as a record of the partition `part`: a new object on every call. Its
   * `refs` are empty (rowsOf does not read the reference columns).
   */
  recordOf(part: Partition, row: readonly unknown[]): ResourceRecord<Doc> {
    return this.toRecord(part, row, this.lean);
  }

  private toRecord(part: Partition, row: readonly unknown[], layout: ReadLayout): ResourceRecord<Doc> {
    const at = this.parent ? 1 : 0;
    let i = 6 + at;
    const refs: Record<string, string | null> = {};
    if (layout.refs) for (const c of this.refs) refs[c] = (row[i++] as string | null) ?? null;
    const gone = row[3 + at];
    const record: ResourceRecord<Doc> = {
      accountId: part.accountId,
      region: part.region,
      parent: this.parent ? (row[0] as string) : '',
      name: row[at] as string,
      createdMs: Number(row[1 + at]),
      schedule: JSON.parse(row[2 + at] as string) as ScheduledState[],
      goneMs: gone === null || gone === undefined ? null : Number(gone),
      doc: JSON.parse(row[4 + at] as string) as Doc,
      refs,
    };
    if (this.maintained.length > 0) {
      const maintained: Record<string, number> = {};
      for (const k of this.maintained) maintained[k] = Number(row[i++]);
      record.maintained = maintained;
    }
    return record;
  }

  /** "account_id = ? AND region = ? [AND parent = ?]" and its parameters. */
  private scope(part: Partition, parent: string | undefined): [string, SqlValue[]] {
    if (this.parent && parent !== undefined) return [`account_id = ? AND region = ? AND ${this.parent} = ?`, [part.accountId, part.region, parent]];
    return [`account_id = ? AND region = ?`, [part.accountId, part.region]];
  }

  /** A resource that exists at `nowMs`, or undefined. */
  async get(db: SqlDb, part: Partition, name: string, nowMs: number, parent = ''): Promise<ResourceRecord<Doc> | undefined> {
    const [where, params] = this.scope(part, this.parent ? parent : undefined);
    const [row] = await db.rows(`SELECT ${this.full.select} FROM ${this.table} WHERE ${where} AND name = ? AND ${this.exists}`, [...params, name, nowMs]);
    return row && this.toRecord(part, row, this.full);
  }

  /**
   * Which resource of a partition a row of `pageKeys` or `rowsOf` is: its name, or its parent
   * and name joined by a NUL.
   */
  rowIdentity(row: readonly unknown[]): string {
    return this.parent ? `${row[0]}\0${row[1]}` : (row[0] as string);
  }

  /**
   * What tells a row of `rowsOf` apart from the same resource at another write: its version
   * (which the maintained columns' triggers set anew too: an image shared or no longer).
   */
  rowVersion(row: readonly unknown[]): number {
    return Number(row[this.parent ? 6 : 5]);
  }

  /** Whether a row of `pageKeys` has the version `version` (rowVersion of a row of rowsOf). */
  hasVersion(keys: readonly unknown[], version: number): boolean {
    return Number(keys[this.parent ? 2 : 1]) === version;
  }

  /** One keyset page in name order (byte order on every store). */
  async page(db: SqlDb, part: Partition, nowMs: number, query: PageQuery): Promise<ResourceRecord<Doc>[]> {
    return (await this.select(db, part, nowMs, query, this.full)).map((r) => this.toRecord(part, r, this.full));
  }

  /**
   * Every record `query` selects, in page order, read a keyset page of `batch` at a time (the
   * whole set is never held by this): for checks that must see all of a partition's (or one
   * parent's) matching rows. Across parents (a child family without `parent`) the keyset is
   * (parent, name).
   */
  async *each(db: SqlDb, part: Partition, nowMs: number, query: Omit<PageQuery, 'after' | 'limit' | 'afterParent'> = {}, batch = 500): AsyncGenerator<ResourceRecord<Doc>> {
    const acrossParents = this.parent !== undefined && query.parent === undefined;
    let after: string | null = null;
    let afterParent: string | undefined;
    for (;;) {
      const records = await this.page(db, part, nowMs, { ...query, after, afterParent, limit: batch });
      yield* records;
      if (records.length < batch) return;
      const last = records[records.length - 1]!;
      after = last.name;
      if (acrossParents) afterParent = last.parent;
    }
  }

  /**
   * One keyset page as keys: each row is [parent], name, version (see rowIdentity and
   * rowVersion), read from the covering index without the rows' docs, for
   * readers that keep something per row version (service/resources/view-memo.ts) and read the
   * rows they miss with `rowsOf`. `at` is the emulated now, or a ClockReading: then the query
   * reads the clock offset itself (one statement, one round trip, instead of two) and answers
   * the now it used (undefined for a query that can select nothing: no statement is run). On
   * SQLite the now comes first instead, from the clock offset read once per read snapshot
   * (meta-repo.ts emulatedNow).
   */
  async pageKeys(db: SqlDb, part: Partition, at: number | ClockReading, query: PageQuery): Promise<{ rows: unknown[][]; nowMs: number | undefined }> {
    if (db.dialect === 'sqlite') {
      const nowMs = typeof at === 'number' ? at : await emulatedNow(db, at);
      return { rows: await this.packedKeys(db, part, nowMs, query), nowMs };
    }
    return this.aggregatedKeys(db, part, at, query);
  }

  /**
   * pageKeys on PostgreSQL: the page as one JSON value (an array per row, in the page's order)
   * and, read with a ClockReading, the now in the same statement, in one row. node-pg describes
   * every column of every statement and parses every value of every row in JavaScript: one row of
   * two values costs it less than 26 rows of four. The array is built with ARRAY(subquery), which
   * keeps the subquery's order, rather than json_agg(... ORDER BY), which sorts its input again
   * (the backend's CPU per DescribeUsers page: see jsonArraySql).
   */
  private async aggregatedKeys(db: SqlDb, part: Partition, at: number | ClockReading, query: PageQuery): Promise<{ rows: unknown[][]; nowMs: number | undefined }> {
    const statement = this.statement(part, at, query, this.keys);
    if (!statement) return { rows: [], nowMs: typeof at === 'number' ? at : undefined };
    const columns = [...(this.parent ? [this.parent] : []), 'name', 'version'].map((c) => `k.${c}`);
    const order = this.parent && query.parent === undefined ? `k.${this.parent}, k.name` : 'k.name';
    const reading = typeof at !== 'number';
    // Keyed by the page's text: a kept text itself, found by identity.
    const sql = this.aggregatedTexts.get(statement.sql, () => `SELECT ${jsonArraySql(columns, `(${statement.sql}) AS k`, order)}${reading ? `, ${EMULATED_NOW_SQL}` : ''}`);
    const [row] = await db.rows(
      sql,
      reading ? [...statement.values, at.wallMs] : statement.values,
    );
    const rows = jsonRows(row?.[0]);
    if (!reading) return { rows, nowMs: at };
    return { rows, nowMs: Number(row![1]) };
  }

  /**
   * The statement of a keys page as PostgreSQL's pageKeys wraps it (null: it would answer
   * nothing), for a repository that reads such a page together with other rows in one statement
   * (each statement is a round trip on PostgreSQL: permissions-repo.ts pageOwnedAndShared). Its
   * columns: [parent], name, version, then (read with a ClockReading) the now.
   */
  keysStatement(part: Partition, at: number | ClockReading, query: PageQuery): { sql: string; values: SqlValue[] } | null {
    return this.statement(part, at, query, this.keys);
  }

  /**
   * pageKeys on SQLite: each row read as one text, version, [parent] and name joined by NULs (the name last, so that it may hold any character; parents hold none, as
   * rowIdentity assumes), and split here. better-sqlite3 makes a JavaScript array of each row
   * and a value of each column through V8's API, about 0.2 us each: for a page of 26 keys, more
   * than SQLite's own work. Measured (in process, DescribeUsers): 30 -> 26 us per request.
   */
  private async packedKeys(db: SqlDb, part: Partition, nowMs: number, query: PageQuery): Promise<unknown[][]> {
    const statement = this.statement(part, nowMs, query, this.packed);
    if (!statement) return [];
    const texts = (await db.column(statement.sql, statement.values)) as string[];
    const rows: unknown[][] = new Array(texts.length);
    for (let r = 0; r < texts.length; r++) {
      const text = texts[r]!;
      const v = text.indexOf('\0');
      const version = Number(text.slice(0, v));
      // As the keys layout orders them: [parent], name, version.
      if (!this.parent) rows[r] = [text.slice(v + 1), version];
      else {
        const p = text.indexOf('\0', v + 1);
        rows[r] = [text.slice(v + 1, p), text.slice(p + 1), version];
      }
    }
    return rows;
  }

  /**
   * The rows (see recordOf) of the resources that `keys` (rows of pageKeys) name and that exist
   * at `nowMs`, in any order: one statement, an IN list of their names. A resource changed since
   * its key was read comes back as it is now; one gone since, not at all.
   */
  async rowsOf(db: SqlDb, part: Partition, keys: readonly (readonly unknown[])[], nowMs: number): Promise<unknown[][]> {
    if (keys.length === 0) return [];
    const at = this.parent ? 1 : 0;
    const names = [...new Set(keys.map((k) => k[at] as string))];
    const values: SqlValue[] = [part.accountId, part.region, ...names, nowMs];
    let sql = `SELECT ${this.lean.select} FROM ${this.table} WHERE account_id = ? AND region = ? AND name IN (${names.map(() => '?').join(', ')}) AND ${this.exists}`;
    if (!this.parent) return db.rows(sql, values);
    // Under parents a name may repeat: the parents' IN list too, then only the pairs asked for.
    const parents = [...new Set(keys.map((k) => k[0] as string))];
    sql += ` AND ${this.parent} IN (${parents.map(() => '?').join(', ')})`;
    const wanted = new Set(keys.map((k) => this.rowIdentity(k)));
    return (await db.rows(sql, [...values, ...parents])).filter((row) => wanted.has(this.rowIdentity(row)));
  }

  private async select(db: SqlDb, part: Partition, at: number | ClockReading, query: PageQuery, layout: ReadLayout): Promise<unknown[][]> {
    const statement = this.statement(part, at, query, layout);
    return statement ? db.rows(statement.sql, statement.values) : [];
  }

  private statement(part: Partition, at: number | ClockReading, query: PageQuery, layout: ReadLayout): { sql: string; values: SqlValue[] } | null {
    const [where, params] = this.scope(part, query.parent);
    const reading = typeof at !== 'number';
    const clauses = [where, reading ? `(gone_ms IS NULL OR gone_ms > ${EMULATED_NOW_SQL})` : this.exists];
    // Placeholders in text order: the now column of a reading's SELECT list, then the WHERE clauses.
    const values: SqlValue[] = reading ? [at.wallMs, ...params, at.wallMs] : [...params, at];
    for (const [column, value] of Object.entries(query.where ?? {})) {
      if (!this.refs.includes(column)) throw new Error(`${this.table}: '${column}' is not a reference column`);
      clauses.push(`${column} = ?`);
      values.push(value);
    }
    for (const [column, list] of Object.entries(query.whereIn ?? {})) {
      if (!this.refs.includes(column)) throw new Error(`${this.table}: '${column}' is not a reference column`);
      if (list.length === 0) return null;
      clauses.push(`${column} IN (${list.map(() => '?').join(', ')})`);
      values.push(...list);
    }
    if (query.names) {
      if (query.names.length === 0) return null;
      clauses.push(`name IN (${query.names.map(() => '?').join(', ')})`);
      values.push(...query.names);
    }
    if (query.after !== null && this.parent && query.parent === undefined && query.afterParent !== undefined) {
      clauses.push(`(${this.parent} > ? OR (${this.parent} = ? AND name > ?))`);
      values.push(query.afterParent, query.afterParent, query.after);
    } else if (query.after !== null) {
      clauses.push('name > ?');
      values.push(query.after);
    }
    const order = this.parent && query.parent === undefined ? `${this.parent}, name` : 'name';
    const conditions = clauses.join(' AND ');
    const sql = layout.texts.get(`${reading ? 1 : 0}\0${order}\0${query.limit}\0${conditions}`, () => {
      const select = reading ? `${layout.select}, ${EMULATED_NOW_SQL} AS now_ms` : layout.select;
      return `SELECT ${select} FROM ${this.table} WHERE ${conditions} ORDER BY ${order} ${limitSql(query.limit)}`;
    });
    return { sql, values };
  }

  /**
   * The first of `names` (in the order given) that names no resource existing at `nowMs` in the
   * partition (under `parent`, which a table with parents requires), or undefined: Describe
   * operations given names answer ResourceNotFound for it. Reads keys only (the covering index),
   * 500 names per statement.
   */
  async missingName(db: SqlDb, part: Partition, names: readonly string[], nowMs: number, parent?: string): Promise<string | undefined> {
    if (this.parent && parent === undefined) throw new Error(`${this.table}: missingName needs the parent`);
    const found = new Set<string>();
    for (let i = 0; i < names.length; i += 500) {
      const chunk = names.slice(i, i + 500);
      // Keys rows: [parent], name, version, ...
      for (const row of (await this.pageKeys(db, part, nowMs, { parent, after: null, limit: chunk.length, names: chunk })).rows) found.add(row[this.parent ? 1 : 0] as string);
    }
    return names.find((n) => !found.has(n));
  }

  /** How many resources exist at `nowMs` in the partition (under `parent` when given): a quota's count. */
  async count(db: SqlDb, part: Partition, nowMs: number, parent?: string): Promise<number> {
    const [where, params] = this.scope(part, parent);
    const row = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${this.table} WHERE ${where} AND ${this.exists}`, [...params, nowMs]);
    return Number(row?.n ?? 0);
  }

  /** The first resources (by name) whose reference column `column` is `value`. */
  async findByRef(db: SqlDb, part: Partition, nowMs: number, column: string, value: string, limit = 1): Promise<ResourceRecord<Doc>[]> {
    return this.page(db, part, nowMs, { after: null, limit, where: { [column]: value } });
  }

  /**
   * Inserts a new resource. A deleted row whose name is free again is purged first. Throws the
   * store's unique violation (SqlDb.isUniqueViolation) when the name is taken.
   */
  async insert(db: SqlDb, record: ResourceRecord<Doc>, nowMs: number): Promise<void> {
    const [where, params] = this.scope(record, this.parent ? (record.parent ?? '') : undefined);
    await db.run(`DELETE FROM ${this.table} WHERE ${where} AND name = ? AND gone_ms <= ?`, [...params, record.name, nowMs]);
    const values: SqlValue[] = [
      record.accountId,
      record.region,
      ...(this.parent ? [record.parent ?? ''] : []),
      record.name,
      record.createdMs,
      JSON.stringify(record.schedule),
      record.goneMs,
      JSON.stringify(record.doc),
      newVersion(),
      ...this.refs.map((c) => record.refs?.[c] ?? null),
    ];
    await db.run(`INSERT INTO ${this.table} (${this.columns}) VALUES (${values.map(() => '?').join(', ')})`, values);
  }

  /** Writes back what may change after creation: schedule, gone time, doc, and the references when given. */
  async update(db: SqlDb, record: ResourceRecord<Doc>): Promise<void> {
    const [where, params] = this.scope(record, this.parent ? (record.parent ?? '') : undefined);
    const refs = record.refs ? this.refs : [];
    const sets = ['schedule = ?', 'gone_ms = ?', 'doc = ?', 'version = ?', ...refs.map((c) => `${c} = ?`)];
    await db.run(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE ${where} AND name = ?`, [
      JSON.stringify(record.schedule),
      record.goneMs,
      JSON.stringify(record.doc),
      newVersion(),
      ...refs.map((c) => record.refs?.[c] ?? null),
      ...params,
      record.name,
    ]);
  }

  /** Deletes one row now (resources that vanish at once). Answers whether it existed. */
  async remove(db: SqlDb, part: Partition, name: string, parent = ''): Promise<boolean> {
    const [where, params] = this.scope(part, this.parent ? parent : undefined);
    return (await db.run(`DELETE FROM ${this.table} WHERE ${where} AND name = ?`, [...params, name])).changes > 0;
  }

  /** Deletes every row under `parent` (children of a deleted parent), or matching a reference. */
  async removeWhere(db: SqlDb, part: Partition, filter: { parent?: string; column?: string; value?: string }): Promise<number> {
    const [where, params] = this.scope(part, filter.parent);
    const extra: [string, SqlValue[]] =
      filter.column !== undefined ? [` AND ${this.refColumn(filter.column)} = ?`, [filter.value ?? null]] : ['', []];
    return (await db.run(`DELETE FROM ${this.table} WHERE ${where}${extra[0]}`, [...params, ...extra[1]])).changes;
  }

  private refColumn(column: string): string {
    if (column !== 'name' && !this.refs.includes(column)) throw new Error(`${this.table}: '${column}' is not a reference column`);
    return column;
  }

  /** Drops the partition's rows that stopped existing at or before `nowMs` (an index range). */
  async purgeGone(db: SqlDb, part: Partition, nowMs: number): Promise<number> {
    return (
      await db.run(`DELETE FROM ${this.table} WHERE account_id = ? AND region = ? AND gone_ms IS NOT NULL AND gone_ms <= ?`, [part.accountId, part.region, nowMs])
    ).changes;
  }

  /** Removes every row of an account, or of all accounts: the control API's reset. */
  async removeAll(db: SqlDb, accountId?: string): Promise<number> {
    return accountId === undefined
      ? (await db.run(`DELETE FROM ${this.table}`)).changes
      : (await db.run(`DELETE FROM ${this.table} WHERE account_id = ?`, [accountId])).changes;
  }

  /** The regions in which `accountId` has a resource named `name` (under `parent`) at `nowMs`. */
  async regionsOf(db: SqlDb, accountId: string, name: string, nowMs: number, parent = ''): Promise<string[]> {
    const byParent = this.parent ? ` AND ${this.parent} = ?` : '';
    const rows = await db.all<{ region: string }>(
      `SELECT DISTINCT region FROM ${this.table} WHERE account_id = ?${byParent} AND name = ? AND ${this.exists} ORDER BY region`,
      [accountId, ...(this.parent ? [parent] : []), name, nowMs],
    );
    return rows.map((r) => r.region);
  }

  /** The accounts that have rows (the console's account picker). */
  async accounts(db: SqlDb): Promise<string[]> {
    return (await db.all<{ account_id: string }>(`SELECT DISTINCT account_id FROM ${this.table}`)).map((r) => r.account_id);
  }
}
