// Small named values the whole deployment shares (the token secret, the clock offset).
import { randomBytes } from 'node:crypto';
import type { SqlDb } from './sql-db.js';

/** The emulated clock's offset from wall time (ms, a decimal string), kept in meta (service/lifecycle/clock.ts). */
export const CLOCK_OFFSET_KEY = 'clock_offset_ms';

/**
 * A query that reads the emulated now itself: wall time (ms) given by the caller, plus the
 * stored clock offset, read in the same statement as the rows it qualifies (one statement
 * instead of two per request).
 */
export interface ClockReading {
  readonly wallMs: number;
}

/** The emulated now of a ClockReading as a scalar SQL expression; one parameter: the wall time (ms). */
export const EMULATED_NOW_SQL = `(? + COALESCE((SELECT CAST(value AS BIGINT) FROM meta WHERE key = '${CLOCK_OFFSET_KEY}'), 0))`;

/**
 * The emulated now (ms) of a ClockReading, its offset read apart from the page (clockOffset). On
 * SQLite, where a statement is no round trip and a turn's reads share one read transaction, this
 * costs less than the same expression in every row of a page (bench: about 1 us against 5 us for
 * a page of 26 keys), and nothing for the turn's other requests; PostgreSQL keeps it in the
 * page's statement.
 */
export async function emulatedNow(db: SqlDb, reading: ClockReading): Promise<number> {
  return reading.wallMs + (await clockOffset(db));
}

const CLOCK_OFFSET_SQL = `SELECT CAST(value AS BIGINT) FROM meta WHERE key = '${CLOCK_OFFSET_KEY}'`;

/**
 * The stored clock offset (ms; 0 when none is stored), as EMULATED_NOW_SQL reads it. Read once
 * per read snapshot on SQLite (SqlDb.snapshotValue); through a transaction's handle, every time.
 */
export async function clockOffset(db: SqlDb): Promise<number> {
  const value = await db.snapshotValue(CLOCK_OFFSET_SQL);
  return value === undefined || value === null ? 0 : Number(value);
}

export async function getMeta(db: SqlDb, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, [key]))?.value;
}

export async function setMeta(db: SqlDb, key: string, value: string): Promise<void> {
  await db.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
}

/** Returns the stored value of `key`, storing `make()` first if there is none (race-safe). */
export async function getOrCreateMeta(db: SqlDb, key: string, make: () => string): Promise<string> {
  await db.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [key, make()]);
  const value = await getMeta(db, key);
  if (value === undefined) throw new Error(`meta ${key} vanished`);
  return value;
}

/** The HMAC secret of paging tokens: made once per database, so tokens survive restarts and cross instances. */
export function tokenSecret(db: SqlDb): Promise<string> {
  return getOrCreateMeta(db, 'token_secret', () => randomBytes(32).toString('base64'));
}
