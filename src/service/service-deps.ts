// What the service layer is built from. Handlers receive these at construction; none of them
// is HTTP.
import type { Quotas } from '../config.js';
import type { SqlDb } from '../store/sql-db.js';
import type { Clock } from './lifecycle/clock.js';

export interface ServiceSettings {
  publicImages: boolean;
  /** Reuse answers of reads while the store's data version is unchanged. */
  readCache: boolean;
  transitionSeconds: number;
  quotas: Quotas;
}

export interface ServiceDeps {
  db: SqlDb;
  clock: Clock;
  settings: ServiceSettings;
  /** HMAC secret for paging tokens (from the store). */
  tokenSecret: string;
  /** The base of URLs handed out (streaming URLs): --public-url, else the listening address once listening. */
  baseUrl?: () => string;
}
