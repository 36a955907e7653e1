// The real CLI as a child process: `node bin/appstream-local.js start --port 0 ...`, for tests
// that need what an in-process server cannot give (kill -9, signals, the CLI's flags, the
// ready line). The CLI runs from dist/ (built by `npm test`/`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-root.js';

export const CLI_BIN = join(PACKAGE_ROOT, 'bin', 'appstream-local.js');
const READY = /ready at (http:\/\/[^\s]+)/;

export interface ChildServer {
  /** e.g. http://127.0.0.1:40123, from the ready line. */
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (code, or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9: no cleanup, no flush, nothing. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ChildServerOptions {
  /** Extra environment for the child. */
  env?: Record<string, string>;
  /** How long to wait for the ready line (default 20 s). */
  readyTimeoutMs?: number;
  /** Add `--port 0` unless args say --port (default true). */
  freePort?: boolean;
  /** Add `--log-level warn` unless args say --log-level (default true): request lines are noise here. */
  quiet?: boolean;
}

/** A fresh temporary directory (for --data-dir, credentials files, ...). */
export function tempDir(prefix = 'asl-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts `appstream-local start <args>` and resolves once it printed its ready line.
 * Rejects (with the child's output) if it exits or stays silent first.
 */
export async function startChildServer(args: string[] = [], options: ChildServerOptions = {}): Promise<ChildServer> {
  const cli = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error(`startChildServer: ${cli} is missing; run \`npm run build\` first`);
  const full = ['start', ...args];
  if (options.freePort !== false && !args.includes('--port')) full.push('--port', '0');
  if (options.quiet !== false && !args.includes('--log-level')) full.push('--log-level', 'warn');
  const child = spawn(process.execPath, [CLI_BIN, ...full], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    // Keep the head (ready line) and a bounded tail: a long-running child must not grow the test's memory.
    out = out.length > 1_000_000 ? out.slice(0, 4096) + '\n...\n' + out.slice(-500_000) + d : out + d;
  });
  child.stderr!.on('data', (d: string) => {
    err = err.length > 1_000_000 ? err.slice(0, 4096) + '\n...\n' + err.slice(-500_000) + d : err + d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`appstream-local did not print its ready line within ${options.readyTimeoutMs ?? 20_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, options.readyTimeoutMs ?? 20_000);
    const onData = () => {
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`appstream-local exited (${code ?? signal}) before it was ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
