// Picks the store backend from the configuration and brings its schema up to date.
import { randomInt } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ServerConfig } from '../config.js';
import { DATA_VERSION_KEY, withDataVersion } from './data-version.js';
import { migrate } from './migrations.js';
import type { SqlDb } from './sql-db.js';
import { SqliteDb } from './sqlite-db.js';
import { withTransactionScope } from './transaction-scope.js';

export type StoreKind = 'sqlite' | 'memory' | 'postgres';

export interface OpenedStore {
  db: SqlDb;
  kind: StoreKind;
  /** Where the data lives, for the startup line. */
  location: string;
}

export const SQLITE_FILE_NAME = 'appstream-local.sqlite';

export async function openStore(config: Pick<ServerConfig, 'inMemory' | 'dataDir' | 'databaseUrl'>): Promise<OpenedStore> {
  let opened: OpenedStore;
  if (config.databaseUrl) {
    const { PostgresDb } = await import('./postgres-db.js');
    // A database dropped and made again under the same name has no tables: the first statement
    // that misses one migrates it again (once at a time; the answers meanwhile are 503s), so the
    // instance serves again without a restart, as after any outage.
    let healing: Promise<void> | undefined;
    const db: SqlDb = new PostgresDb({
      connectionString: config.databaseUrl,
      onSchemaLost: () => {
        healing ??= remigrate(db).finally(() => {
          healing = undefined;
        });
      },
    });
    opened = { db, kind: 'postgres', location: config.databaseUrl.replace(/:[^:@/]*@/, ':***@') };
  } else if (config.inMemory) {
    opened = { db: new SqliteDb({ filename: ':memory:' }), kind: 'memory', location: 'memory' };
  } else {
    const dir = resolve(config.dataDir);
    makeDirectories(dir);
    const filename = join(dir, SQLITE_FILE_NAME);
    opened = { db: new SqliteDb({ filename }), kind: 'sqlite', location: filename };
  }
  await migrate(opened.db);
  return { ...opened, db: withTransactionScope(withDataVersion(opened.db)) };
}

/**
 * Migrates a store whose schema went missing, then moves its data version to a random value:
 * the counter starts again from 0 in a new schema, and an answer a reader kept under an old
 * version must not match a new one. Failures are left to the next statement that misses a table.
 */
async function remigrate(db: SqlDb): Promise<void> {
  try {
    await migrate(db);
    await db.run(`UPDATE meta SET value = ? WHERE key = '${DATA_VERSION_KEY}'`, [String(randomInt(1, 2 ** 47))]);
  } catch {
    // The database is still not there (or not yet ours): tried again on the next miss.
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(dir, { recursive: true })` never returns
 * for a path under /proc (it spins at full CPU), where a data directory cannot be made: this
 * fails there with ENOENT, like anywhere a parent cannot be made. A path that exists and is not a
 * directory fails with EEXIST. Throws the first error of the level that failed.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      mkdirSync(d);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        if (d === dir && !statSync(d).isDirectory()) throw error;
        break;
      }
      if (code !== 'ENOENT' || dirname(d) === d) throw error;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
