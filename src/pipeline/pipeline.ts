// The AWS API request pipeline, as named steps in order:
//   route -> authenticate -> decode -> validate -> invoke -> encode
// Each step either passes the request on or throws an AwsError, which the error step encodes
// in the request's protocol. Nothing here knows which service it serves.
import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../errors/aws-error.js';
import { protocolErrors } from '../errors/catalog.js';
import { isOperationName, type OperationName } from '../generated/operations.js';
import { validateInput } from '../generated/validators.js';
import { awsJson11 } from '../protocol/aws-json-1-1.js';
import { rpcV2Cbor } from '../protocol/rpc-v2-cbor.js';
import type { IncomingForSignature } from '../protocol/sigv4.js';
import type { WireProtocol } from '../protocol/wire-protocol.js';
import { notImplemented, type OperationHandlers } from '../core/handler-types.js';
import { authenticate, type AuthSettings } from './identity.js';

export const JSON_TARGET_PREFIX = 'PhotonAdminProxyService.';
const CBOR_SERVICE_ROOT = '/service/';
/**
 * The service segments of a CBOR path: the service's shape name, or (the Smithy spec: servers
 * should accept it) its absolute shape ID with `#` written as `.`.
 */
const CBOR_SERVICE_SEGMENTS = new Set(['PhotonAdminProxyService', 'com.amazonaws.appstream.PhotonAdminProxyService']);

export interface PipelineDeps {
  auth: AuthSettings;
  handlers: OperationHandlers;
  /** Maps an unexpected (non-AWS) error to the error to send; store outages become 503s. */
  classifyUnexpected(error: unknown): AwsError;
}

export interface PipelineResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** For the request log. */
  operation: string;
  accountId: string;
  region: string;
  errorCode?: string;
}

export interface ApiRequest extends IncomingForSignature {
  protocol: WireProtocol;
}

/**
 * The operation segment of a CBOR path `/service/{service}/operation/{operation}` (maybe empty
 * or unknown: the route step says so), or null when the path has another form or names another
 * service.
 */
function cborOperationSegment(path: string): string | null {
  if (!path.startsWith(CBOR_SERVICE_ROOT)) return null;
  const segments = path.slice(CBOR_SERVICE_ROOT.length).split('/');
  if (segments.length !== 3 || segments[1] !== 'operation' || !CBOR_SERVICE_SEGMENTS.has(segments[0]!)) return null;
  return segments[2]!;
}

/** Step 1, route: which protocol a path speaks (null: not an AWS API route). */
export function protocolForPath(path: string): WireProtocol | null {
  if (path === '/') return awsJson11;
  if (cborOperationSegment(path) !== null) return rpcV2Cbor;
  return null;
}

/**
 * The protocol in which to answer a request that has no route (404) or could not be served:
 * CBOR for every path under `/service/` (a CBOR client cannot read anything else), else JSON.
 */
export function answerProtocolForPath(path: string): WireProtocol {
  return path === '/service' || path.startsWith(CBOR_SERVICE_ROOT) ? rpcV2Cbor : awsJson11;
}

function header(request: IncomingForSignature, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Step 1, route (continued): the operation a request names, checked against its protocol's rules. */
function routeOperation(request: ApiRequest): OperationName {
  let name: string;
  const contentType = header(request, 'content-type');
  if (request.protocol === awsJson11) {
    if (contentType && !awsJson11.acceptsContentType(contentType)) throw protocolErrors.unsupportedMediaType(contentType);
    const target = header(request, 'x-amz-target');
    if (!target.startsWith(JSON_TARGET_PREFIX)) throw protocolErrors.unknownOperation(target);
    name = target.slice(JSON_TARGET_PREFIX.length);
  } else {
    name = cborOperationSegment(request.path) ?? '';
    // DECISION: the Smithy spec makes a CBOR request that carries X-Amz-Target or X-Amzn-Target
    // malformed and requires servers to reject it (AWS does not say how): SerializationException,
    // as for the other malformed requests, checked before anything else of the request.
    for (const target of ['x-amz-target', 'x-amzn-target']) {
      if (request.headers[target] !== undefined) {
        throw protocolErrors.serialization(`RPC v2 CBOR requests must not carry the header '${target}'.`);
      }
    }
    if (request.body.length > 0 && !rpcV2Cbor.acceptsContentType(contentType)) throw protocolErrors.unsupportedMediaType(contentType);
    // DECISION: RPC v2 CBOR requests must say which protocol they speak (Smithy requires the
    // header); a request without it is malformed rather than an unknown operation.
    if (header(request, 'smithy-protocol') !== 'rpc-v2-cbor') {
      throw protocolErrors.serialization("RPC v2 CBOR requests must carry the header 'smithy-protocol: rpc-v2-cbor'.");
    }
  }
  if (!isOperationName(name)) throw protocolErrors.unknownOperation(name);
  return name;
}

/**
 * Encoded outputs by output object, per protocol. A handler that answers from a cache returns
 * the same (never mutated) object again, and its bytes are reused instead of re-encoded.
 */
const encodedOutputs = new Map<WireProtocol, WeakMap<object, Buffer>>();

function encodeOutput(protocol: WireProtocol, output: unknown): Buffer {
  if (output === null || typeof output !== 'object') return protocol.encodeOutput(output);
  let memo = encodedOutputs.get(protocol);
  if (!memo) encodedOutputs.set(protocol, (memo = new WeakMap()));
  let bytes = memo.get(output);
  if (!bytes) memo.set(output, (bytes = protocol.encodeOutput(output)));
  return bytes;
}

export async function runPipeline(request: ApiRequest, deps: PipelineDeps): Promise<PipelineResult> {
  const requestId = randomUUID();
  const protocol = request.protocol;
  let operation = '';
  let accountId = '';
  let region = '';
  try {
    const op = routeOperation(request);
    operation = op;
    const identity = await authenticate(request, deps.auth, Date.now());
    accountId = identity.accountId;
    region = identity.region;
    const decoded = protocol.decode(request.body);
    const input = validateInput(op, decoded);
    const handler = deps.handlers[op];
    if (handler === notImplemented) throw protocolErrors.notImplemented(op);
    const output = await (handler as (input: unknown, ctx: unknown) => Promise<unknown>)(input, { accountId, region, requestId });
    return {
      status: 200,
      headers: { 'content-type': protocol.contentType, 'x-amzn-requestid': requestId, ...protocol.responseHeaders },
      body: encodeOutput(protocol, output),
      operation,
      accountId,
      region,
    };
  } catch (caught) {
    const error = isAwsError(caught) ? caught : deps.classifyUnexpected(caught);
    return {
      status: error.status,
      headers: {
        'content-type': protocol.contentType,
        'x-amzn-requestid': requestId,
        ...protocol.errorHeaders(error),
        ...protocol.responseHeaders,
      },
      body: protocol.encodeError(error),
      operation,
      accountId,
      region,
      errorCode: error.code,
    };
  }
}
