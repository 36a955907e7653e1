// Picks the store backend from the configuration and brings its schema up to date.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ServerConfig } from '../config.js';
import { withDataVersion } from './data-version.js';
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
    opened = { db: new PostgresDb({ connectionString: config.databaseUrl }), kind: 'postgres', location: config.databaseUrl.replace(/:[^:@/]*@/, ':***@') };
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
