// Signed AWS requests, made once and replayed: in the server's default `--auth parse` mode a
// well-formed SigV4 Authorization header is required (it names the account) but not checked,
// so one signature serves every repetition, as it would for any replaying load generator.
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Encoder } from 'cbor-x';
import { post } from './load.js';

export const cbor = new Encoder({ useRecords: false, mapsAsObjects: true } as ConstructorParameters<typeof Encoder>[0]);

class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(d: string | Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return this.h.digest();
  }
  reset() {}
}

export type Protocol = 'json' | 'cbor';

export interface PreparedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SignOptions {
  service: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey?: string;
}

export async function signRequest(baseUrl: string, path: string, headers: Record<string, string>, body: Buffer, o: SignOptions): Promise<PreparedRequest> {
  const u = new URL(baseUrl);
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey ?? 'bench-secret' },
    region: o.region ?? 'us-east-1',
    service: o.service,
    sha256: Sha256 as unknown as ConstructorParameters<typeof SignatureV4>[0]['sha256'],
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path,
    query: {},
    headers: { host: u.host, ...headers, 'content-length': String(body.length) },
    body,
  });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') out[k] = String(v);
  return { method: 'POST', path, headers: out, body };
}

/** A signed request of any AppStream operation in one of the two protocols the emulator speaks. */
export function apiRequest(baseUrl: string, protocol: Protocol, operation: string, input: Record<string, unknown>, accessKeyId = '111111111111') {
  if (protocol === 'json') {
    const body = Buffer.from(JSON.stringify(input));
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `PhotonAdminProxyService.${operation}` };
    return signRequest(baseUrl, '/', headers, body, { service: 'appstream', accessKeyId });
  }
  const body = Buffer.from(cbor.encode(input));
  const headers = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
  return signRequest(baseUrl, `/service/PhotonAdminProxyService/operation/${operation}`, headers, body, { service: 'appstream', accessKeyId });
}

/** A signed DescribeImages request. */
export function describeImagesRequest(baseUrl: string, protocol: Protocol, input: Record<string, unknown>, accessKeyId: string) {
  return apiRequest(baseUrl, protocol, 'DescribeImages', input, accessKeyId);
}

export interface SentResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  ms: number;
}

/** Sends a prepared request once (kept-alive connection) and answers the raw response. */
export async function send(baseUrl: string, request: PreparedRequest): Promise<SentResponse> {
  const started = performance.now();
  const res = await post(baseUrl, request);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.status, headers, body: res.body, ms: performance.now() - started };
}

export function decodeBody(protocol: Protocol, body: Buffer): any {
  return protocol === 'json' ? JSON.parse(body.toString('utf8')) : cbor.decode(body);
}
