// HTTP for the reliability tests: requests with a deadline (a hang is a failure, not a stuck
// run), raw sockets for what no HTTP client will send, and the checks every answer must pass.
import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert/strict';
import { Decoder } from 'cbor-x';
import { signedHeaders } from '../../support/raw.js';
import { modeledErrorsOf, modeledStatus, type Protocol } from '../../support/fuzz.js';
import { OBSERVED_UNMODELED } from '../../../src/service/resources/op-errors.js';

/** The unmodeled codes AWS was observed to send (SPEC-rest §0), by operation: sent in the service's namespace with `message`, status 400 (src/errors/catalog.ts unmodeledError). */
const OBSERVED: Record<string, readonly string[]> = OBSERVED_UNMODELED;
const OBSERVED_CODES = new Set(Object.values(OBSERVED).flat());

const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: true } as ConstructorParameters<typeof Decoder>[0]);

export interface WireResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((k) => k.toLowerCase() === name);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP request with a deadline; rejects with `timeout` when no full answer came in time. */
export async function send(
  url: string,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
  timeoutMs = 15_000,
): Promise<WireResponse> {
  try {
    return await sendOnce(url, init, timeoutMs);
  } catch (error) {
    // A kept-alive socket that the server closed as idle just as it was reused: send again
    // on a new one (what node's documentation advises for `req.reusedSocket`).
    if ((error as { reusedSocket?: boolean }).reusedSocket) return sendOnce(url, init, timeoutMs);
    throw error;
  }
}

function sendOnce(
  url: string,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
  timeoutMs: number,
): Promise<WireResponse> {
  const u = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: init.method ?? 'POST',
        path: init.path ?? '/',
        // node sends a DELETE/GET body without a length unless told: say it, or it is read as the next request.
        headers: init.body !== undefined && !hasHeader(init.headers, 'content-length') ? { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) } : init.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timeout: no answer within ${timeoutMs} ms for ${init.method ?? 'POST'} ${init.path ?? '/'}`));
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (req.reusedSocket && (e.code === 'ECONNRESET' || e.message === 'socket hang up')) Object.assign(e, { reusedSocket: true });
      reject(e);
    });
    req.end(init.body);
  });
}

export const CBOR_PREFIX = '/service/PhotonAdminProxyService/operation/';

/** The path and headers of an API call of `op` in a protocol (before signing). */
export function apiRequest(protocol: Protocol, op: string, contentType?: string): { path: string; headers: Record<string, string> } {
  if (protocol === 'json') {
    return {
      path: '/',
      headers: { 'content-type': contentType ?? 'application/x-amz-json-1.1', 'x-amz-target': `PhotonAdminProxyService.${op}` },
    };
  }
  return {
    path: CBOR_PREFIX + op,
    headers: { 'content-type': contentType ?? 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
  };
}

/** A signed API call with exactly these body bytes. */
export async function signedCall(
  url: string,
  protocol: Protocol,
  op: string,
  body: Buffer,
  options: { accessKeyId?: string; secretAccessKey?: string; contentType?: string; timeoutMs?: number; path?: string } = {},
): Promise<WireResponse> {
  const base = apiRequest(protocol, op, options.contentType);
  const path = options.path ?? base.path;
  const headers = await signedHeaders(url, {
    path,
    headers: base.headers,
    body,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
  });
  return send(url, { path, headers, body }, options.timeoutMs);
}

export interface ErrorEnvelope {
  code: string;
  message: string;
}

/**
 * Decodes an error body by its content type and checks the envelope's form: in JSON the bare
 * code, `message` (and `Message`) and the X-Amzn-ErrorType header; in CBOR (SPEC §1, the Smithy
 * spec) `__type` an absolute shape ID (`com.amazonaws.appstream#` for modeled errors, a coral
 * namespace for protocol-level ones), the message in `Message` (modeled) or `message`, the
 * smithy-protocol header, and no X-Amzn-ErrorType. Answers the bare code and the message.
 */
export function errorEnvelope(res: WireResponse): ErrorEnvelope {
  const type = String(res.headers['content-type'] ?? '');
  assert.ok(res.headers['x-amzn-requestid'], 'x-amzn-RequestId is present');
  let doc: any;
  if (/cbor/.test(type)) {
    doc = cborDecoder.decode(res.body);
    assert.equal(typeof doc, 'object', 'the error body is a map');
    assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor', 'a CBOR answer carries smithy-protocol');
    assert.equal(res.headers['x-amzn-errortype'], undefined, 'a CBOR answer carries X-Amzn-ErrorType');
    const m = /^(com\.amazonaws\.appstream|com\.amazon\.coral\.service|com\.amazon\.coral\.validate)#(\w+)$/.exec(String(doc.__type));
    assert.ok(m, `the CBOR error's __type is not an absolute shape ID: ${res.body.subarray(0, 200).toString()}`);
    const code = m[2]!;
    const modeled = modeledStatus(code) !== undefined;
    assert.equal(m[1] === 'com.amazonaws.appstream', modeled || OBSERVED_CODES.has(code), `${doc.__type}: the namespace does not fit the code`);
    const member = modeled ? 'Message' : 'message';
    assert.deepEqual(Object.keys(doc).sort(), ['__type', member].sort(), `the CBOR error's members: ${Object.keys(doc).join(', ')}`);
    assert.equal(typeof doc[member], 'string', `the CBOR error has ${member}`);
    return { code, message: doc[member] };
  }
  assert.match(type, /json/, `an error with content-type '${type}'`);
  doc = JSON.parse(res.body.toString('utf8'));
  assert.equal(typeof doc, 'object', 'the error body is a map');
  assert.equal(typeof doc.__type, 'string', `the error body has __type: ${res.body.subarray(0, 200).toString()}`);
  assert.equal(typeof doc.message, 'string', 'the error body has message');
  assert.equal(doc.Message, doc.message, 'the error body has Message too');
  assert.equal(res.headers['x-amzn-errortype'], doc.__type, 'x-amzn-ErrorType matches __type');
  return { code: doc.__type, message: doc.message };
}

/** The HTTP status each protocol-level code may carry. */
const PROTOCOL_STATUS: Record<string, number[]> = {
  SerializationException: [400],
  ValidationException: [400],
  UnknownOperationException: [400, 404, 405],
  NotImplementedException: [501],
  RequestEntityTooLargeException: [413],
  UnsupportedMediaTypeException: [415],
  MissingAuthenticationTokenException: [403],
  IncompleteSignatureException: [403],
  InvalidSignatureException: [403],
  UnrecognizedClientException: [403],
};

/**
 * The check every fuzzed answer must pass: never a 5xx other than 501, a well-formed envelope
 * in the protocol the caller spoke, a code from `allowed` (protocol-level codes or the
 * operation's modeled errors), and a status that fits the code. Answers the code (or 'OK').
 */
export function checkAnswer(
  res: WireResponse,
  expect: { protocol?: Protocol; op?: string; codes?: string[]; allowOk?: boolean; what?: string },
): string {
  const what = expect.what ?? '';
  assert.notEqual(res.status, 500, `500 for ${what}: ${res.body.subarray(0, 500).toString()}`);
  assert.ok(res.status < 500 || res.status === 501, `status ${res.status} for ${what}`);
  if (res.status === 200) {
    assert.ok(expect.allowOk, `200 where an error was expected for ${what}`);
    if (expect.protocol === 'cbor') assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor', `a CBOR answer without smithy-protocol for ${what}`);
    return 'OK';
  }
  const env = errorEnvelope(res);
  if (expect.protocol === 'cbor') {
    assert.match(String(res.headers['content-type']), /cbor/, `a CBOR caller got ${res.headers['content-type']} for ${what} (${env.code})`);
  }
  const allowed = new Set(expect.codes ?? []);
  if (expect.op && allowed.has('*modeled')) for (const c of [...modeledErrorsOf(expect.op), ...(OBSERVED[expect.op] ?? [])]) allowed.add(c);
  assert.ok(allowed.has(env.code), `code ${env.code} (${res.status}: ${env.message.slice(0, 300)}) not in [${[...allowed].join(', ')}] for ${what}`);
  const statuses = PROTOCOL_STATUS[env.code];
  if (statuses) assert.ok(statuses.includes(res.status), `${env.code} with status ${res.status} for ${what}`);
  else assert.equal(res.status, modeledStatus(env.code) ?? (OBSERVED_CODES.has(env.code) ? 400 : undefined), `modeled error ${env.code} with status ${res.status} for ${what}`);
  return env.code;
}

export interface RawExchange {
  /** Everything the server sent before it closed the connection (or the deadline). */
  raw: Buffer;
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  /** The server closed the connection (rather than the deadline ending it). */
  closedByServer: boolean;
  ms: number;
}

/**
 * Writes `parts` to a fresh TCP connection (with `gapMs` between parts), then reads until the
 * server closes the connection or `timeoutMs` passes. For bytes no HTTP client would send.
 */
export function rawExchange(
  url: string,
  parts: (Buffer | string)[],
  options: { gapMs?: number; timeoutMs?: number; keepWriting?: boolean } = {},
): Promise<RawExchange> {
  const u = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf('\r\n\r\n');
      const head = headEnd >= 0 ? raw.subarray(0, headEnd).toString('latin1') : raw.toString('latin1');
      const lines = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({
        raw,
        status: m ? Number(m[1]) : null,
        headers,
        body: headEnd >= 0 ? raw.subarray(headEnd + 4) : Buffer.alloc(0),
        closedByServer,
        ms: performance.now() - started,
      });
      socket.destroy();
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 10_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A reset after the server answered and closed is a close.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') {
        closedByServer = true;
        finish();
      } else if (!finished) {
        finished = true;
        clearTimeout(timer);
        reject(e);
      }
    });
    socket.on('connect', async () => {
      for (const [i, part] of parts.entries()) {
        if (finished || socket.destroyed) return;
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (finished || socket.destroyed) return;
        socket.write(part);
      }
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}
