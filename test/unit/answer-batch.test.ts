// src/answer-batch.ts over real sockets: answers queued in one loop turn reach their own
// requests, none is written before the turn ends, and a client that leaves, or an answer that
// was sent meanwhile, stops nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerBatch } from '../../src/answer-batch.js';

async function withServer(handler: http.RequestListener, fn: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** One request on its own connection: its status and body. */
function get(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${path}`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

test('each answer reaches its own request, written after the turn that queued it', async () => {
  const errors: unknown[] = [];
  const answer = answerBatch((e) => errors.push(e)).write;
  let writtenInTurn = 0;
  await withServer(
    (req, res) => {
      const body = Buffer.from(`answer to ${req.url}`);
      answer(res, 200, { 'content-length': body.length }, body);
      // Still in the turn that queued it: nothing written yet.
      if (res.headersSent) writtenInTurn++;
    },
    async (url) => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => get(url, `/r${i}`)));
      answers.forEach((a, i) => assert.deepEqual(a, { status: 200, body: `answer to /r${i}` }));
    },
  );
  assert.equal(writtenInTurn, 0);
  assert.deepEqual(errors, []);
});

test('an answer already sent, or whose client left, is dropped; the others are written', async () => {
  const errors: unknown[] = [];
  const answer = answerBatch((e) => errors.push(e)).write;
  await withServer(
    (req, res) => {
      const body = Buffer.from(`queued ${req.url}`);
      answer(res, 200, { 'content-length': body.length }, body);
      if (req.url === '/sent') res.end('sent at once'); // an error answered meanwhile
      if (req.url === '/gone') req.socket.destroy(); // the client leaves before the turn ends
    },
    async (url) => {
      const [sent, gone, ok] = await Promise.allSettled([get(url, '/sent'), get(url, '/gone'), get(url, '/ok')]);
      assert.deepEqual(sent.status === 'fulfilled' && sent.value, { status: 200, body: 'sent at once' });
      assert.equal(gone.status, 'rejected');
      assert.deepEqual(ok.status === 'fulfilled' && ok.value, { status: 200, body: 'queued /ok' });
    },
  );
  assert.deepEqual(errors, []);
});

test('an answer node refuses to write destroys its own socket and tells onError; the rest are written', async () => {
  const errors: unknown[] = [];
  const answer = answerBatch((e) => errors.push(e)).write;
  await withServer(
    (req, res) => {
      const body = Buffer.from('fine');
      // A header value with a newline: writeHead throws ERR_INVALID_CHAR.
      answer(res, 200, req.url === '/bad' ? { 'x-bad': 'a\nb' } : { 'content-length': body.length }, body);
    },
    async (url) => {
      const [bad, ok] = await Promise.allSettled([get(url, '/bad'), get(url, '/ok')]);
      assert.equal(bad.status, 'rejected');
      assert.deepEqual(ok.status === 'fulfilled' && ok.value, { status: 200, body: 'fine' });
    },
  );
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as NodeJS.ErrnoException).code, 'ERR_INVALID_CHAR');
});

/** A response that records when it was written (a stand-in for http.ServerResponse). */
function fakeResponse(log: string[], name: string): http.ServerResponse {
  const res = { headersSent: false, destroyed: false, writeHead: () => void (res.headersSent = true), end: () => void log.push(name), destroy: () => void 0 };
  return res as unknown as http.ServerResponse;
}

test("a turn's answers wait for its end, but none waits much past maxWaitMs while the turn goes on", async () => {
  const log: string[] = [];
  const answer = answerBatch(() => {}, 2).write;
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  answer(fakeResponse(log, 'a'), 200, {}, Buffer.alloc(0));
  answer(fakeResponse(log, 'b'), 200, {}, Buffer.alloc(0));
  assert.deepEqual(log, [], 'quick answers of one turn wait for its end');
  spin(3); // a slow handler: 'a' has now waited longer than maxWaitMs
  answer(fakeResponse(log, 'c'), 200, {}, Buffer.alloc(0));
  assert.deepEqual(log, ['a', 'b', 'c'], 'written at once when the oldest had waited maxWaitMs');
  answer(fakeResponse(log, 'd'), 200, {}, Buffer.alloc(0));
  assert.deepEqual(log, ['a', 'b', 'c'], 'a new burst starts');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(log, ['a', 'b', 'c', 'd']);
});

test('flush() writes the queued answers at once', () => {
  const log: string[] = [];
  const batch = answerBatch(() => {});
  batch.write(fakeResponse(log, 'a'), 200, {}, Buffer.alloc(0));
  batch.write(fakeResponse(log, 'b'), 200, {}, Buffer.alloc(0));
  assert.deepEqual(log, []);
  batch.flush();
  assert.deepEqual(log, ['a', 'b']);
});
