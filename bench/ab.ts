// A/B of two builds of the server on one machine, in one run: DescribeImages (first page of
// 25 of 1,000 private images, awsJson1_1 and CBOR) against each build in alternating slices,
// so both see the same machine load. Usage:
//   npm run build && node dist/bench/ab.js --a /path/to/old/checkout --b . [--seconds 3] [--rounds 3] [--server-flags=--no-read-cache]
// Each checkout must be built (its dist/). Answers req/s per build and protocol, median of rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { load as loadRun } from './load.js';
import { describeImagesRequest } from './sign.js';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'server-flags': { type: 'string', default: '' },
    images: { type: 'string', default: '1000' },
  },
});
const ACCOUNT = '123456789012';

async function startServer(checkout: string): Promise<{ url: string; proc: ChildProcess }> {
  const flags = ['start', '--port', '0', '--in-memory', '--log-level', 'warn', '--no-public-images', ...(values['server-flags'] ? values['server-flags'].split(' ') : [])];
  const proc = spawn(process.execPath, [resolve(checkout, 'bin/appstream-local.js'), ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready at (http:\/\/[^\s]+)/.exec(out);
      if (m) ok(m[1]!);
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  const images = Array.from({ length: Number(values.images) }, (_, i) => ({
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    Name: `img-${String(i).padStart(6, '0')}`,
    BaseImageName: 'AppStream-WinServer2022-11-10-2025',
    Applications: [{ Name: 'notepad', DisplayName: 'Notepad', LaunchPath: 'C:\\Windows\\notepad.exe', Enabled: true }],
  }));
  const seeded = await fetch(`${url}/_appstream/seed`, { method: 'POST', body: JSON.stringify({ images }) });
  if (!seeded.ok) throw new Error(`seed: ${seeded.status} ${await seeded.text()}`);
  return { url, proc };
}

/** One slice of load; answers req/s and the server's CPU ms per request (from /proc). */
async function load(server: { url: string; proc: ChildProcess }, protocol: 'awsJson1_1' | 'rpcv2Cbor', seconds: number): Promise<{ rps: number; cpu: number }> {
  const req = await describeImagesRequest(server.url, protocol === 'awsJson1_1' ? 'json' : 'cbor', { Type: 'PRIVATE', MaxResults: 25 }, ACCOUNT);
  const r = await loadRun(server.url, req, { connections: 32, seconds, serverPid: server.proc.pid });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${protocol}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.rps, cpu: r.serverCpuMsPerRequest ?? NaN };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

const builds = { A: resolve(values.a!), B: resolve(values.b!) };
const servers = { A: await startServer(builds.A), B: await startServer(builds.B) };
type Sample = { rps: number; cpu: number };
const out: Record<string, Record<string, Sample[]>> = { A: { awsJson1_1: [], rpcv2Cbor: [] }, B: { awsJson1_1: [], rpcv2Cbor: [] } };
try {
  for (const protocol of ['awsJson1_1', 'rpcv2Cbor'] as const) {
    await load(servers.A, protocol, 1);
    await load(servers.B, protocol, 1);
    for (let r = 0; r < Number(values.rounds); r++) {
      for (const side of r % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
        out[side]![protocol]!.push(await load(servers[side], protocol, Number(values.seconds)));
      }
    }
  }
} finally {
  servers.A.proc.kill();
  servers.B.proc.kill();
}
const show = (xs: Sample[]) =>
  `median ${Math.round(median(xs.map((x) => x.rps)))} req/s [${xs.map((x) => Math.round(x.rps)).join(', ')}], server CPU ${median(xs.map((x) => x.cpu))} ms/request`;
for (const side of ['A', 'B'] as const) {
  console.log(`${side} ${builds[side]}: awsJson1_1 ${show(out[side]!['awsJson1_1']!)}; rpcv2Cbor ${show(out[side]!['rpcv2Cbor']!)}`);
}
