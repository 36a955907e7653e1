// Child processes the bench measures: our server (the real CLI), moto's server, the bare
// node:http ceiling. Each runs in its own process so the load generator never shares its
// event loop; their resident memory is read from /proc/<pid>/status.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';

export interface Child {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Wall ms from spawn to the ready line (or first answer, for servers without one). */
  readyMs: number;
  startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

/** Resident set size of a process in MB (VmRSS), or NaN if it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Peak resident set size (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Every child still running, so that an interrupted bench leaves nothing behind. */
const running = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Spawns a command and resolves when a line of its output matches `ready` (group 1 = URL). */
export function spawnUntilReady(command: string, args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<Child> {
  const startedAt = performance.now();
  const child = track(spawn(command, args, { cwd: options.cwd ?? PACKAGE_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  const onData = (d: Buffer) => {
    if (out.length < 200_000) out += d.toString('utf8');
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: not ready within ${options.timeoutMs ?? 60_000} ms\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      resolve({ url: m[1]!, pid: child.pid!, process: child, readyMs: performance.now() - startedAt, startedAt, output: () => out, stop: stopper(child) });
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

/** Where the server under test is run from (see snapshotServer). */
export let OUR_CLI = join(PACKAGE_ROOT, 'bin', 'appstream-local.js');

/**
 * Copies the built server (dist/src, dist/bundle, bin, package.json, its data files) to `dir`,
 * with node_modules linked; timestamps kept, since bin/entry.js picks the bundle by them.
 */
export function copyServer(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const copy = (from: string) => cpSync(join(PACKAGE_ROOT, from), join(dir, from), { recursive: true, preserveTimestamps: true });
  copy(join('dist', 'src'));
  if (existsSync(join(PACKAGE_ROOT, 'dist', 'bundle'))) copy(join('dist', 'bundle'));
  copy('bin');
  copy('package.json');
  copy(join('src', 'catalog', 'public-base-images.json'));
  if (existsSync(join(PACKAGE_ROOT, 'src', 'console', 'assets'))) copy(join('src', 'console', 'assets'));
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/**
 * Copies the built server to a private directory (copyServer) and runs it from there: on a
 * tree that others rebuild while the bench runs, a half-built dist/ must not change the server
 * halfway through the measurements.
 */
export function snapshotServer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asl-bench-server-'));
  copyServer(dir);
  OUR_CLI = join(dir, 'bin', 'appstream-local.js');
  return dir;
}

/** Our server, as a user starts it: the CLI, a data directory (or a PostgreSQL URL), no public images. */
/** Extra flags for every server the bench starts (npm run bench -- --server-flags=--no-read-cache). */
export const SERVER_FLAGS: string[] = [];

/**
 * `computed: true` starts it with --no-read-cache: every answer is computed (the read cache of
 * src/service/read-cache.ts answers a repeated DescribeImages request from kept bytes).
 */
export function startOurs(options: { dataDir?: string; databaseUrl?: string; port?: number; extraNodeArgs?: string[]; serverArgs?: string[]; computed?: boolean }): Promise<Child> {
  const args = [...(options.extraNodeArgs ?? []), OUR_CLI, 'start', '--port', String(options.port ?? 0), '--log-level', 'warn', '--no-public-images', ...SERVER_FLAGS, ...(options.serverArgs ?? [])];
  if (options.computed && !args.includes('--no-read-cache')) args.push('--no-read-cache');
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  else args.push('--data-dir', options.dataDir!);
  return spawnUntilReady(process.execPath, args, /ready at (http:\/\/\S+)/);
}

/** The bare node:http server answering captured bytes (bench/ceiling-server.ts); `batched`: its answers written as ours are. */
export function startCeiling(responsesFile: string, options: { batched?: boolean } = {}): Promise<Child> {
  return spawnUntilReady(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'ceiling-server.js'), responsesFile, ...(options.batched ? ['--batched'] : [])], /ready at (http:\/\/\S+)/);
}
