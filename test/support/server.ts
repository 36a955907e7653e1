// Test servers: a fresh in-process emulator per test file (or per test), on a free port.
import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';

/** In memory unless the options choose a store (inMemory with databaseUrl or dataDir is refused). */
export async function startTestServer(options: StartOptions = {}): Promise<RunningServer> {
  const inMemory = options.databaseUrl === undefined && options.dataDir === undefined;
  return startServer({ inMemory, port: 0, logLevel: 'silent', transitionSeconds: 0, ...options });
}
