// Assembles a running emulator: store -> service -> pipeline and control API -> HTTP server.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type http from 'node:http';
import { resolveConfig, StartupError, type ServerConfig, type ConfigOverrides } from './config.js';
import { AwsError } from './errors/aws-error.js';
import { protocolErrors } from './errors/catalog.js';
import { createControlRouter } from './control/control-router.js';
import { consoleRoutes } from './console/console-routes.js';
import type { ControlDeps } from './control/control-types.js';
import { createLogger, type Logger } from './log.js';
import type { Credential } from './pipeline/identity.js';
import { createHandlers } from './service/handlers.js';
import { createClock } from './service/lifecycle/clock.js';
import { SeedError, seedStoreFromFile } from './service/seed/seed.js';
import type { ServiceDeps } from './service/service-deps.js';
import { createHttpServer, listen } from './server.js';
import { tokenSecret } from './store/meta-repo.js';
import { StoreTooNewError } from './store/migrations.js';
import { openStore, SQLITE_FILE_NAME, type StoreKind } from './store/open-store.js';
import { VERSION } from './version.js';

export interface RunningServer {
  /** Where this process listens, e.g. http://127.0.0.1:4599 (0.0.0.0 shows as 127.0.0.1). */
  url: string;
  /** The base of the URLs the service hands out: `publicUrl` if given, else `url`. */
  publicUrl: string;
  port: number;
  config: ServerConfig;
  storeKind: StoreKind;
  storeLocation: string;
  service: ServiceDeps;
  /** Stops accepting, finishes in-flight requests, closes the store. */
  close(): Promise<void>;
}

/** Every ServerConfig option (checked: unknown names and bad values throw StartupError), and a logger. */
export type StartOptions = ConfigOverrides & { logger?: Logger };

const CREDENTIALS_SHAPE = '[{"accessKeyId": "...", "secretAccessKey": "...", "accountId": "123456789012"}]';

function loadCredentials(file: string | undefined): Map<string, Credential> {
  const map = new Map<string, Credential>();
  if (!file) return map;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(`--credentials ${file}: cannot read it (${(error as Error).message}); give a JSON file ${CREDENTIALS_SHAPE}`);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    throw new StartupError(`--credentials ${file}: not valid JSON (${(error as Error).message}); expected ${CREDENTIALS_SHAPE}`);
  }
  if (!Array.isArray(entries)) throw new StartupError(`--credentials ${file}: expected a JSON array ${CREDENTIALS_SHAPE}`);
  // A verifying server with no key would refuse every request: a mistake to say at start.
  if (entries.length === 0) throw new StartupError(`--credentials ${file}: holds no credentials; expected ${CREDENTIALS_SHAPE}`);
  for (const [i, e] of entries.entries()) {
    const c = (e ?? {}) as Partial<Credential>;
    if (typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || !/^\d{12}$/.test(String(c.accountId))) {
      throw new StartupError(`--credentials ${file}: entry ${i} needs accessKeyId, secretAccessKey and a 12-digit accountId`);
    }
    map.set(c.accessKeyId, { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, accountId: String(c.accountId) });
  }
  return map;
}

/** Errors that are not AWS errors: a store that cannot be reached is a 503; anything else a bug (500). */
function classifier(logger: Logger) {
  return (error: unknown): AwsError => {
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P0[1-3]|08\d{3}|SQLITE_BUSY)$/.test(code) || /Connection terminated|connect ECONNREFUSED/.test(String((error as Error)?.message))) {
      return protocolErrors.serviceUnavailable('The emulator cannot reach its database right now; try again.');
    }
    logger.log('error', 'internal error', { error: String((error as Error)?.stack ?? error) });
    return protocolErrors.internal();
  };
}

/** Node's errors of opening a file or directory, and SQLite's (`SqliteError: unable to open database file` has no path). */
const FILE_ERROR = /^(EACCES|EPERM|ENOENT|ENOTDIR|EEXIST|EISDIR|EROFS|ENOSPC|ELOOP|ENAMETOOLONG|SQLITE_(CANTOPEN|READONLY|PERM|IOERR|NOTADB|CORRUPT|FULL)\w*)$/;
const CONNECT_ERROR = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|28P01|28000|3D000|42501)$/;

/** Opens the store; what the user can fix (a directory, a database URL) becomes one StartupError line. */
async function openStoreOrExplain(config: ServerConfig) {
  try {
    return await openStore(config);
  } catch (error) {
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    const reason = (error as Error)?.message ?? String(error);
    if (error instanceof StoreTooNewError) throw new StartupError(`cannot use ${config.databaseUrl ? 'that PostgreSQL database' : config.inMemory ? 'the store' : `the data directory ${resolve(config.dataDir)}`}: ${reason}`);
    if (config.databaseUrl) {
      if (CONNECT_ERROR.test(code) || /connect|password|does not exist|timeout/i.test(reason)) {
        throw new StartupError(
          `cannot use PostgreSQL at ${config.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (${reason}); check --database-url (or APPSTREAM_LOCAL_DATABASE_URL) and that the database is up`,
        );
      }
    } else if (!config.inMemory && FILE_ERROR.test(code)) {
      const dir = resolve(config.dataDir);
      throw new StartupError(
        `cannot use the data directory ${dir} for ${join(dir, SQLITE_FILE_NAME)} (${reason}); choose a writable --data-dir, or --in-memory`,
      );
    }
    throw error;
  }
}

/** Binds; a port in use or an address that is not this machine's becomes one StartupError line. */
async function listenOrExplain(server: http.Server, config: ServerConfig) {
  try {
    return await listen(server, config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${config.port} is in use on ${config.host} (another appstream-local?); stop that process, or choose another --port (0 picks a free one)`);
    if (code === 'EACCES') throw new StartupError(`not allowed to listen on ${where}; choose a --port above 1023`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new StartupError(`cannot listen on ${where}: --host ${config.host} is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for every interface`);
    }
    throw error;
  }
}

/**
 * Starts an emulator in this process. `options` are ServerConfig's members (the CLI's flags in
 * camelCase: `{ inMemory: true, port: 0, transitionSeconds: 0 }`), checked as the CLI checks its
 * flags. Rejects with StartupError (one line naming the thing and the fix) on bad options, a
 * port in use, a data directory that cannot be written, a bad credentials or seed file.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { logger: givenLogger, ...overrides } = (options ?? {}) as StartOptions;
  const config = resolveConfig(typeof options === 'object' ? overrides : options);
  const logger = givenLogger ?? createLogger(config.logLevel);
  const credentials = loadCredentials(config.credentialsFile);
  const store = await openStoreOrExplain(config);
  const db = store.db;
  const service: ServiceDeps = {
    db,
    clock: createClock(db),
    settings: { publicImages: config.publicImages, readCache: config.readCache, transitionSeconds: config.transitionSeconds, quotas: config.quotas },
    tokenSecret: await tokenSecret(db),
  };
  if (config.seedFile) {
    const seedFile = config.seedFile;
    const counts = await seedStoreFromFile(service, seedFile).catch(async (error: unknown) => {
      await db.close();
      throw error instanceof SeedError ? new StartupError(`--seed ${error.message}`) : error;
    });
    logger.log('info', 'seeded', { file: seedFile, ...counts });
  }
  const classifyUnexpected = classifier(logger);
  let baseUrl = '';
  // Every URL handed out (streaming URLs, console links) starts with the public URL: behind a
  // load balancer the listening address (or 127.0.0.1 for 0.0.0.0) is not where clients are.
  const publicUrl = () => config.publicUrl ?? baseUrl;
  service.baseUrl = publicUrl;
  const handlers = createHandlers(service);
  const controlDeps: ControlDeps = { service, handlers, config, storeKind: store.kind, version: VERSION, logger, baseUrl: publicUrl };
  const server: http.Server = createHttpServer({
    config,
    logger,
    pipeline: { auth: { mode: config.auth, credentials }, handlers, classifyUnexpected },
    control: createControlRouter(controlDeps, classifyUnexpected, consoleRoutes(controlDeps)),
  });
  let address;
  try {
    address = await listenOrExplain(server, config);
  } catch (error) {
    await db.close();
    throw error;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    publicUrl: publicUrl(),
    port: address.port,
    config,
    storeKind: store.kind,
    storeLocation: store.location,
    service,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // node stops checking request timeouts once closing, so a client that never finishes
        // its request would hold the shutdown forever: after the grace period, close them all.
        setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs).unref();
      }).then(() => db.close());
      return closing;
    },
  };
}
