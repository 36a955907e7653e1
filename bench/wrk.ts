// wrk (Debian's, C, one thread) as a cross-check of the load generator: if autocannon (JavaScript,
// sharing this 2-core machine) were the bottleneck, wrk would show a higher rate on the same request.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { cpuMs } from './load.js';
import type { PreparedRequest } from './sign.js';

let available: boolean | undefined;
export function wrkAvailable(): boolean {
  available ??= spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
  return available;
}

/** A Lua string literal holding arbitrary bytes (decimal escapes). */
const luaBytes = (b: Buffer) => '"' + [...b].map((c) => `\\${c}`).join('') + '"';

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  threads: number;
  serverCpuMsPerRequest?: number;
  serverCpuShare?: number;
  loadAvg1: number;
  tool: 'wrk';
}

export async function runWrk(baseUrl: string, request: PreparedRequest, options: { connections: number; seconds: number; serverPid?: number }): Promise<WrkResult | { skipped: string }> {
  if (!wrkAvailable()) return { skipped: 'wrk is not installed (apt-get install wrk)' };
  const script = join(mkdtempSync(join(tmpdir(), 'asl-wrk-')), 'request.lua');
  const headers = Object.entries(request.headers)
    .filter(([k]) => k !== 'content-length')
    .map(([k, v]) => `wrk.headers[${luaBytes(Buffer.from(k))}] = ${luaBytes(Buffer.from(v))}`)
    .join('\n');
  writeFileSync(
    script,
    `wrk.method = "POST"
wrk.body = ${luaBytes(request.body)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"p50":%.3f,"p99":%.3f,"non2xx":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
`,
  );
  const threads = 1;
  const cpuBefore = options.serverPid ? cpuMs(options.serverPid) : NaN;
  const r = spawnSync('wrk', ['-t', String(threads), '-c', String(options.connections), '-d', `${options.seconds}s`, '--timeout', '30s', '-s', script, baseUrl + request.path], { encoding: 'utf8' });
  const line = /WRKJSON (\{.*\})/.exec(r.stdout);
  if (!line) return { skipped: `wrk failed: ${r.stderr || r.stdout}` };
  const cpuUsed = options.serverPid ? cpuMs(options.serverPid) - cpuBefore : NaN;
  const j = JSON.parse(line[1]!) as { requests: number; durationUs: number; p50: number; p99: number; non2xx: number; socketErrors: number };
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    rps: round(j.requests / (j.durationUs / 1e6)),
    p50: round(j.p50),
    p99: round(j.p99),
    requests: j.requests,
    non2xx: j.non2xx,
    socketErrors: j.socketErrors,
    threads,
    serverCpuMsPerRequest: Number.isFinite(cpuUsed) && j.requests > 0 ? round(cpuUsed / j.requests, 3) : undefined,
    serverCpuShare: Number.isFinite(cpuUsed) ? round(cpuUsed / (j.durationUs / 1000)) : undefined,
    loadAvg1: round(loadavg()[0]!),
    tool: 'wrk',
  };
}
