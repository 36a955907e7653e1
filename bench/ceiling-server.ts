// The ceiling: a bare node:http server that answers every POST with bytes captured from a real
// answer of ours (status, headers, body), chosen by the request's path and X-Amz-Target
// (ceilingKey): what node itself costs for the same exchange, with nothing of ours in the way.
// It reads the request body before answering, as any server must. With --batched it writes its
// answers as our server does (src/answer-batch.ts: together, after the loop's poll phase): what
// that technique alone is worth, with nothing else of ours.
// Usage: node dist/bench/ceiling-server.js <responses.json> [--batched]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerBatch } from '../src/answer-batch.js';
import { tuneHeap } from '../src/heap-tuning.js';

/** Which captured answer a request gets: its path, and the JSON protocol's X-Amz-Target. */
export function ceilingKey(path: string, target: string | undefined): string {
  return `${path} ${target ?? ''}`;
}

interface Captured {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

function serve(file: string, batched: boolean): void {
  const write = batched
    ? answerBatch((error) => process.stderr.write(`answer not written: ${String(error)}\n`)).write
    : (res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer) => {
        res.writeHead(status, headers);
        res.end(body);
      };
  const answers = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  for (const [key, r] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Captured>)) {
    const body = Buffer.from(r.bodyBase64, 'base64');
    answers.set(key, { status: r.status, headers: { ...r.headers, 'content-length': String(body.length) }, body });
  }
  const server = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const target = req.headers['x-amz-target'];
    const answer = answers.get(ceilingKey(req.url ?? '/', Array.isArray(target) ? target[0] : target));
    req.on('data', () => {});
    req.on('end', () => {
      if (!answer) {
        res.writeHead(404, { 'content-length': '0' });
        res.end();
        return;
      }
      write(res, answer.status, answer.headers, answer.body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`ceiling ready at http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The heap settings our CLI runs with: the ceiling differs from ours only in what it does.
  tuneHeap();
  const file = process.argv[2];
  if (!file || file.startsWith('--')) {
    process.stderr.write('usage: ceiling-server <responses.json> [--batched]\n');
    process.exit(2);
  }
  serve(file, process.argv.slice(3).includes('--batched'));
}
