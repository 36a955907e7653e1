// Test servers: a fresh in-process emulator per test file (or per test), on a free port.
import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';

export async function startTestServer(options: StartOptions = {}): Promise<RunningServer> {
  return startServer({ inMemory: true, port: 0, logLevel: 'silent', transitionSeconds: 0, ...options });
}
