// Small named values the whole deployment shares (the token secret, the clock offset).
import { randomBytes } from 'node:crypto';
import type { SqlDb } from './sql-db.js';

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
