// Hand-made requests: exact bytes and headers, for what no SDK would send.
import { SignatureV4 } from '@smithy/signature-v4';
import { Encoder } from 'cbor-x';
import { NodeSha256 } from '../../src/protocol/sigv4.js';

export const cbor = new Encoder({ useRecords: false, mapsAsObjects: true } as ConstructorParameters<typeof Encoder>[0]);

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
  cbor(): any;
}

export async function rawRequest(
  url: string,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer | Uint8Array },
): Promise<RawResponse> {
  const res = await fetch(url + (init.path ?? '/'), {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body as BodyInit | undefined,
  });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    body,
    json: () => JSON.parse(body.toString('utf8')),
    cbor: () => cbor.decode(body),
  };
}

/** Signs a request as an SDK would (SigV4, service appstream) and returns its headers. */
export async function signedHeaders(
  url: string,
  init: { path?: string; headers: Record<string, string>; body: string | Buffer; accessKeyId?: string; secretAccessKey?: string; region?: string; date?: Date },
): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: init.accessKeyId ?? '111111111111', secretAccessKey: init.secretAccessKey ?? 'test-secret' },
    region: init.region ?? 'us-east-1',
    service: 'appstream',
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: init.path ?? '/',
      query: {},
      headers: { host: u.host, ...init.headers },
      body: init.body,
    },
    { signingDate: init.date },
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') out[k] = String(v);
  return out;
}

export const JSON_CT = 'application/x-amz-json-1.1';

/** A signed awsJson1_1 call of `operation` with `body` (a string is sent as is). */
export async function jsonCall(url: string, operation: string, body: unknown, extra: { accessKeyId?: string } = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { 'content-type': JSON_CT, 'x-amz-target': `PhotonAdminProxyService.${operation}` };
  return rawRequest(url, { headers: await signedHeaders(url, { headers, body: text, accessKeyId: extra.accessKeyId }), body: text });
}

export const CBOR_HEADERS = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };

/**
 * A signed RPC v2 CBOR call of `operation` with `body` (a Buffer is sent as is). `headers`
 * replace or add to the SDK's headers (null drops one); `service` is the path's service segment.
 */
export async function cborCall(
  url: string,
  operation: string,
  body: unknown,
  options: { headers?: Record<string, string | null>; service?: string } = {},
) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(cbor.encode(body));
  const path = `/service/${options.service ?? 'PhotonAdminProxyService'}/operation/${operation}`;
  const headers: Record<string, string> = { ...CBOR_HEADERS };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return rawRequest(url, { path, headers: await signedHeaders(url, { path, headers, body: bytes }), body: bytes });
}
