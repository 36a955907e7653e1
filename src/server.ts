// The HTTP layer: node:http with no framework (the request path is hot), body caps and
// timeouts, and dispatch to the AWS API pipeline or the control API.
import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ServerConfig } from './config.js';
import { AwsError } from './errors/aws-error.js';
import { protocolErrors } from './errors/catalog.js';
import type { Logger } from './log.js';
import { answerProtocolForPath, protocolForPath, runPipeline, type PipelineDeps } from './pipeline/pipeline.js';
import { awsJson11 } from './protocol/aws-json-1-1.js';
import type { WireProtocol } from './protocol/wire-protocol.js';
import { encodeJson } from './protocol/aws-json-1-1.js';
import { randomUUID } from 'node:crypto';
import { CONTROL_PREFIX } from './control/control-router.js';
import type { ControlRequest, ControlResponse } from './control/control-types.js';
import { controlError } from './control/control-router.js';
import { answerBatch } from './answer-batch.js';
import { jsonHoldsLoneSurrogate } from './core/unicode.js';

const LONE_SURROGATE_TEXT = 'The request body holds a string with an unpaired surrogate escape, which is not valid Unicode.';

export interface HttpDeps {
  config: ServerConfig;
  logger: Logger;
  pipeline: PipelineDeps;
  control(request: ControlRequest): Promise<ControlResponse>;
}

type BodyResult = { ok: true; body: Buffer } | { ok: false; error: AwsError };

function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve({ ok: false, error: protocolErrors.requestTooLarge(limit) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, error: protocolErrors.requestTooLarge(limit) });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, error: protocolErrors.serialization('The request body could not be read.') });
    });
  });
}

/** Marks a socket that lingerBeforeClose closes: the parser's errors on what it drops are no one's. */
const LINGERING = Symbol('lingering');
type Lingering = { [LINGERING]?: true };

/** How long a closing connection keeps reading what its client still sends (lingerBeforeClose). */
const LINGER_QUIET_MS = 1_000;
const LINGER_MAX_MS = 10_000;
const LINGER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Closes `socket` after an answer sent before its request was read (413), without resetting it:
 * the answer goes out, the write side is closed (FIN), and what the client still sends is read
 * and dropped until it ends, stops for LINGER_QUIET_MS, or passes LINGER_MAX_MS or
 * LINGER_MAX_BYTES. Closed with bytes unread, the kernel resets the connection, and a client
 * still writing its body loses the answer (fetch against a server process, 4 MB bodies: 5 to 15
 * of 20 tries).
 * node's server ends a `Connection: close` answer's socket with destroySoon(), so that is
 * what this socket's destroySoon does instead. The timers hold the process; a closing server
 * (`closing()`) cuts the socket at the client's next bytes, or LINGER_QUIET_MS after its last.
 * Bytes past the request's declared length reach node's parser and fail it: clientError leaves
 * a lingering socket alone (it would otherwise be reset there).
 */
function lingerBeforeClose(socket: Socket, closing: () => boolean): void {
  (socket as Lingering)[LINGERING] = true;
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    let read = 0;
    const close = () => {
      clearTimeout(quiet);
      clearTimeout(longest);
      this.destroy();
    };
    const quiet = setTimeout(close, LINGER_QUIET_MS);
    const longest = setTimeout(close, LINGER_MAX_MS);
    this.on('data', (chunk: Buffer) => {
      read += chunk.length;
      // A server shutting down waits for nobody's upload.
      if (read > LINGER_MAX_BYTES || closing()) close();
      else quiet.refresh();
    });
    this.once('end', close);
    this.once('close', close);
  };
}

/** An error's answer in `protocol`: its body, and the headers of any answer (SPEC §1: a request id on each). */
function errorAnswer(error: AwsError, protocol: WireProtocol, closeAfter: boolean): { body: Buffer; headers: Record<string, string | number> } {
  const body = protocol.encodeError(error);
  const headers = {
    ...protocol.responseHeaders,
    'content-type': protocol.contentType,
    'content-length': body.length,
    'x-amzn-requestid': randomUUID(),
    ...protocol.errorHeaders(error),
    ...(closeAfter ? { connection: 'close' } : {}),
  };
  return { body, headers };
}

function sendError(res: http.ServerResponse, error: AwsError, closeAfter = false, protocol: WireProtocol = awsJson11, closing: () => boolean = () => false): void {
  // In the caller's protocol when the path names one: a CBOR client cannot read a JSON error.
  const { body, headers } = errorAnswer(error, protocol, closeAfter);
  res.writeHead(error.status, headers);
  if (closeAfter && res.socket) lingerBeforeClose(res.socket, closing);
  res.end(body);
}

/**
 * The target of the last request line in the bytes node's parser failed on, up to where it
 * failed (several pipelined requests may share the packet; the failing one is the last begun).
 */
function lastRequestLine(packet: Buffer | undefined, failedAt: number | undefined): string | undefined {
  if (!packet) return undefined;
  const text = packet.subarray(0, Math.min(packet.length, (failedAt ?? packet.length) + 1, 64 * 1024)).toString('latin1');
  let target: string | undefined;
  // A pipelined request line follows the body before it directly ('{}POST /...').
  for (const m of text.matchAll(/(?:^|[^A-Z])[A-Z]{3,7} (\/\S*) HTTP\/1\.[01]\r?\n/g)) target = m[1];
  return target;
}

/** The path of the last request whose head was read on a socket, for an error about its body (clientError). */
const LAST_PATH = Symbol('lastPath');
type PathNoted = { [LAST_PATH]?: string };

/** A request body above this many bytes has the answers queued before it written first (answer-batch.ts). */
const LARGE_BODY_BYTES = 64 * 1024;

/** The query of a request without one (the SDKs' requests): read-only, shared. */
const NO_QUERY: Record<string, string> = Object.freeze({});

function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

export function createHttpServer(deps: HttpDeps): http.Server {
  const { config, logger } = deps;
  const logRequests = logger.enabled('info');
  /** Whether the server is shutting down (it stops listening first). */
  const closing = () => !server.listening;
  const answers = answerBatch((error) => logger.log('error', 'answer not written', { error: String((error as Error)?.stack ?? error) }));

  async function onApiRequest(req: http.IncomingMessage, res: http.ServerResponse, path: string, search: string) {
    const protocol = protocolForPath(path);
    if (!protocol) return sendError(res, protocolErrors.notFound(path), false, answerProtocolForPath(path));
    if (req.method !== 'POST') return sendError(res, protocolErrors.methodNotAllowed(req.method ?? ''), false, protocol);
    const started = logRequests ? performance.now() : 0;
    const read = await readBody(req, config.maxBodyBytes);
    if (!read.ok) return sendError(res, read.error, true, protocol, closing);
    // Decoding and checking a large body takes long enough that the answers queued meanwhile
    // should not wait for it (SDK requests are a few KB).
    if (read.body.length > LARGE_BODY_BYTES) answers.flush();
    const result = await runPipeline(
      { protocol, method: 'POST', path, query: search === '' ? NO_QUERY : Object.fromEntries(new URLSearchParams(search)), headers: req.headers, body: read.body },
      deps.pipeline,
    );
    result.headers['content-length'] = String(result.body.length);
    // Once the server is closing, no connection is kept for another request: node would leave
    // it open until the keep-alive timeout, and the shutdown would wait for it.
    if (!server.listening) result.headers['connection'] = 'close';
    answers.write(res, result.status, result.headers, result.body);
    if (logRequests) {
      logger.log('info', 'request', {
        operation: result.operation,
        account: result.accountId,
        region: result.region,
        status: result.status,
        error: result.errorCode,
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  }

  async function onControlRequest(req: http.IncomingMessage, res: http.ServerResponse, path: string, search: string) {
    const read = await readBody(req, config.maxBodyBytes);
    if (!read.ok) return sendError(res, read.error, true, awsJson11, closing);
    const body = read.body;
    const response = await deps.control({
      method: req.method ?? 'GET',
      path,
      query: new URLSearchParams(search),
      headers: req.headers,
      body,
      json() {
        if (body.length === 0) return {};
        if (!isUtf8(body)) throw controlError('The request body is not valid UTF-8.');
        const text = body.toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw controlError('The request body is not valid JSON.');
        }
        if (jsonHoldsLoneSurrogate(text, parsed)) throw controlError(LONE_SURROGATE_TEXT);
        return parsed;
      },
    });
    const status = response.status ?? 200;
    const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID(), 'cache-control': 'no-store', ...response.headers };
    let data: Buffer | string;
    if (response.raw) {
      headers['content-type'] = response.raw.contentType;
      data = response.raw.data;
    } else {
      headers['content-type'] = 'application/json';
      data = response.body === undefined ? Buffer.alloc(0) : encodeJson(response.body);
    }
    res.writeHead(status, headers);
    res.end(data);
    if (logRequests) logger.log('info', 'control', { method: req.method, path, status });
  }

  const server = http.createServer(
    {
      maxHeaderSize: config.maxHeaderBytes,
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(config.requestTimeoutMs, 20_000),
      // node checks both timeouts only this often (default 30 s, which let a slowloris client
      // hold a connection for up to a minute): check at a quarter of the timeout, at most 1 s.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      const { path, search } = splitUrl(req.url ?? '/');
      (req.socket as PathNoted)[LAST_PATH] = path;
      const onControl = path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/');
      const handled = onControl
        ? onControlRequest(req, res, path, search)
        : onApiRequest(req, res, path, search);
      handled.catch((error: unknown) => {
        // Only a bug reaches here; answer if we still can and keep serving.
        logger.log('error', 'unhandled request failure', { error: String((error as Error)?.stack ?? error) });
        if (!res.headersSent) sendError(res, protocolErrors.internal(), true, onControl ? awsJson11 : answerProtocolForPath(path));
        else res.destroy();
      });
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number }, socket) => {
    // Bytes dropped after a 413 that node's parser could not take: the linger closes the socket.
    if ((socket as Lingering)[LINGERING]) return;
    // Answers queued for requests read before the bad bytes go out before the socket ends.
    answers.flush();
    if (!socket.writable) return socket.destroy();
    const refusal =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? { error: protocolErrors.headersTooLarge(config.maxHeaderBytes), reason: 'Request Header Fields Too Large' }
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? { error: protocolErrors.requestTimeout(config.requestTimeoutMs), reason: 'Request Timeout' }
          : { error: protocolErrors.malformedHttp(error.code ?? 'unparsable bytes'), reason: 'Bad Request' };
    // An error body like any other (SPEC §1: a request id on every answer, CBOR on CBOR paths),
    // in the protocol of the request's path where it is known: the request line in the bytes
    // node could not parse, else the path of the request whose head was read on this socket
    // (its body failed), else JSON (a head cut short before its request line was read).
    const line = lastRequestLine(error.rawPacket, error.bytesParsed);
    const protocol = answerProtocolForPath(line !== undefined ? splitUrl(line).path : ((socket as PathNoted)[LAST_PATH] ?? '/'));
    const { body, headers } = errorAnswer(refusal.error, protocol, true);
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${refusal.error.status} ${refusal.reason}\r\n${head}\r\n`, 'latin1'), body]));
  });
  return server;
}

export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
