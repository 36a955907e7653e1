// Assembles a running emulator: store -> service -> pipeline and control API -> HTTP server.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { resolveConfig, type ServerConfig, type ConfigOverrides } from './config.js';
import { AwsError } from './errors/aws-error.js';
import { protocolErrors } from './errors/catalog.js';
import { createControlRouter } from './control/control-router.js';
import { consoleRoutes } from './console/console-routes.js';
import type { ControlDeps } from './control/control-types.js';
import { createLogger, type Logger } from './log.js';
import type { Credential } from './pipeline/identity.js';
import { createHandlers } from './service/handlers.js';
import { createClock } from './service/lifecycle/clock.js';
import { seedStoreFromFile } from './service/seed/seed.js';
import type { ServiceDeps } from './service/service-deps.js';
import { createHttpServer, listen } from './server.js';
import { tokenSecret } from './store/meta-repo.js';
import { openStore, type StoreKind } from './store/open-store.js';
import { VERSION } from './version.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:4599 */
  url: string;
  port: number;
  config: ServerConfig;
  storeKind: StoreKind;
  storeLocation: string;
  service: ServiceDeps;
  /** Stops accepting, finishes in-flight requests, closes the store. */
  close(): Promise<void>;
}

export type StartOptions = ConfigOverrides & { logger?: Logger };

function loadCredentials(file: string | undefined): Map<string, Credential> {
  const map = new Map<string, Credential>();
  if (!file) return map;
  const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${file}: expected a JSON array of {accessKeyId, secretAccessKey, accountId}`);
  for (const [i, e] of entries.entries()) {
    const c = e as Partial<Credential>;
    if (typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || !/^\d{12}$/.test(String(c.accountId))) {
      throw new Error(`${file}: entry ${i} needs accessKeyId, secretAccessKey and a 12-digit accountId`);
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

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { logger: givenLogger, ...overrides } = options;
  const config = resolveConfig(overrides);
  const logger = givenLogger ?? createLogger(config.logLevel);
  if (config.auth === 'verify' && !config.credentialsFile) throw new Error('--auth verify needs --credentials FILE');
  const credentials = loadCredentials(config.credentialsFile);
  const store = await openStore(config);
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
      throw error;
    });
    logger.log('info', 'seeded', { file: seedFile, ...counts });
  }
  const classifyUnexpected = classifier(logger);
  let baseUrl = '';
  service.baseUrl = () => baseUrl;
  const handlers = createHandlers(service);
  const controlDeps: ControlDeps = { service, handlers, config, storeKind: store.kind, version: VERSION, logger, baseUrl: () => baseUrl };
  const server: http.Server = createHttpServer({
    config,
    logger,
    pipeline: { auth: { mode: config.auth, credentials }, handlers, classifyUnexpected },
    control: createControlRouter(controlDeps, classifyUnexpected, consoleRoutes(controlDeps)),
  });
  let address;
  try {
    address = await listen(server, config.port, config.host);
  } catch (error) {
    await db.close();
    throw error;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
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
