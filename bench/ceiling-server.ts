// The ceiling: a bare node:http server that answers every POST with bytes captured from a real
// DescribeImages response (status, headers, body), chosen by path: what node itself costs for
// the same exchange, with nothing of ours in the way. It reads the request body before
// answering, as any server must. Usage: node dist/bench/ceiling-server.js <responses.json>
import http from 'node:http';
import { readFileSync } from 'node:fs';

interface Captured {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: ceiling-server <responses.json>\n');
  process.exit(2);
}
const byPath = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
for (const [path, r] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Captured>)) {
  const body = Buffer.from(r.bodyBase64, 'base64');
  byPath.set(path, { status: r.status, headers: { ...r.headers, 'content-length': String(body.length) }, body });
}

const server = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  const answer = byPath.get(req.url ?? '/');
  req.on('data', () => {});
  req.on('end', () => {
    if (!answer) {
      res.writeHead(404, { 'content-length': '0' });
      res.end();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
});
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`ceiling ready at http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
