// The server's settings: defaults, and the one place that says what each one means.
import type { AuthMode } from './pipeline/identity.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Quotas {
  /** Private images per account and region (AWS default 10). */
  images: number;
  /** Image builders per account and region (AWS default 10). */
  imageBuilders: number;
  /** Accounts one image may be shared with (AWS: 100). */
  sharedAccountsPerImage: number;
  /** Fleets per account and region (AWS default 10, SPEC-rest §12). */
  fleets: number;
  /** Stacks per account and region (AWS default 10). */
  stacks: number;
  /** Users in the user pool per account and region (AWS default 50). */
  users: number;
  /** Directory configs per account and region (DECISION, SPEC-rest §15.24: 50). */
  directoryConfigs: number;
  /** Entitlements per stack (DECISION, SPEC-rest §15.15: 50). */
  entitlements: number;
  /** Applications per account and region (DECISION, SPEC-rest §12: 50). */
  applications: number;
  /** App blocks per account and region (DECISION, SPEC-rest §12: 50). */
  appBlocks: number;
  /** App block builders per account and region (AWS default 10). */
  appBlockBuilders: number;
  /** Export image tasks in progress (EXPORTING) per account and region (DECISION, SPEC-rest §15.23: 5). */
  exportImageTasks: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** SQLite file lives here unless inMemory or databaseUrl says otherwise. */
  dataDir: string;
  inMemory: boolean;
  /** postgres://... selects PostgreSQL. */
  databaseUrl?: string;
  auth: AuthMode;
  /** verify mode: JSON [{accessKeyId, secretAccessKey, accountId}]. */
  credentialsFile?: string;
  logLevel: LogLevel;
  /** Serve AWS's public base images in every region. */
  publicImages: boolean;
  /**
   * Reuse DescribeImages answers while the store's data version is unchanged (src/service/read-cache.ts).
   * Off only to measure or debug the uncached path.
   */
  readCache: boolean;
  /** A seed document loaded at start. */
  seedFile?: string;
  /** How long each state transition takes, in emulated seconds (0: done by the next read). */
  transitionSeconds: number;
  quotas: Quotas;
  /** When set, /_appstream/* requires `Authorization: Bearer <token>`. */
  controlToken?: string;
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: number;
  /** Largest request head accepted (431 beyond). */
  maxHeaderBytes: number;
  /** A request must arrive whole within this time (408 beyond). */
  requestTimeoutMs: number;
  /** On shutdown, requests in flight get this long to finish; then every connection is closed. */
  shutdownGraceMs: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 4599,
  dataDir: './.appstream-local',
  inMemory: false,
  auth: 'parse',
  logLevel: 'info',
  publicImages: true,
  readCache: true,
  transitionSeconds: 5,
  quotas: {
    images: 10,
    imageBuilders: 10,
    sharedAccountsPerImage: 100,
    fleets: 10,
    stacks: 10,
    users: 50,
    directoryConfigs: 50,
    entitlements: 50,
    applications: 50,
    appBlocks: 50,
    appBlockBuilders: 10,
    exportImageTasks: 5,
  },
  maxBodyBytes: 4 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
  shutdownGraceMs: 10_000,
};

/** Settings given by a caller (CLI flags, startServer options): any subset, quotas too. */
export type ConfigOverrides = Omit<Partial<ServerConfig>, 'quotas'> & { quotas?: Partial<Quotas> };

export function resolveConfig(overrides: ConfigOverrides = {}): ServerConfig {
  return {
    ...DEFAULT_CONFIG,
    databaseUrl: process.env['APPSTREAM_LOCAL_DATABASE_URL'] || undefined,
    ...overrides,
    quotas: { ...DEFAULT_CONFIG.quotas, ...overrides.quotas },
  };
}
