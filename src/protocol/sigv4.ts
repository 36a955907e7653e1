// SigV4: parse the Authorization header into identity, and (verify mode) recompute the
// signature with @smithy/signature-v4 over the request as received. No AppStream knowledge.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { protocolErrors } from '../errors/catalog.js';

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string; // yyyymmdd of the credential scope
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * The form every SDK sends, in one match: access key, date, region, service, signed headers
 * (lower-case), signature. A header of any other form takes the general parse below, which
 * gives the same result for a header this matches.
 */
const SDK_FORM = /^AWS4-HMAC-SHA256 Credential=([^/\s,=]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * A region the scope may name: one that fits the region field of an ARN (the model's `Arn`
 * pattern: `[A-Za-z0-9_/.-]{0,63}`, less the slash that separates the scope), since every
 * resource's ARN is built from it. Emulator users' own names (`local`) pass; spaces, other
 * characters and overlong names are refused rather than minted into ARNs the API then rejects.
 */
const REGION = /^[A-Za-z0-9_.-]{1,63}$/;

/**
 * What is wrong with a credential scope split at its slashes, as the start of the error's text
 * ('' when its shape is wrong: the form the error gives says it all), or undefined if nothing.
 */
function credentialScopeFault(scope: string[]): string | undefined {
  if (scope.length !== 5 || scope[0] === '' || scope[3] === '') return '';
  if (!/^\d{8}$/.test(scope[1]!)) return `Credential should be scoped to a date in the form YYYYMMDD, not '${scope[1]}'. `;
  if (!REGION.test(scope[2]!)) return `Credential should be scoped to a valid region, not '${scope[2]}'. `;
  if (scope[4] !== 'aws4_request') return `Credential should be scoped with a valid terminator: 'aws4_request', not '${scope[4]}'. `;
  return undefined;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/appstream/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string): ParsedAuthorization {
  const m = SDK_FORM.exec(header);
  if (m && REGION.test(m[3]!)) return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
  const trimmed = header.trim();
  if (!trimmed.startsWith(ALGORITHM + ' ')) {
    throw protocolErrors.incompleteSignature(`Unsupported authorization type: expected ${ALGORITHM}. Authorization=${trimmed}`);
  }
  const params = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length > 0) {
    throw protocolErrors.incompleteSignature(
      missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ') + ` Authorization=${trimmed}`,
    );
  }
  const scope = params.get('Credential')!.split('/');
  const scopeFault = credentialScopeFault(scope);
  if (scopeFault !== undefined) {
    throw protocolErrors.incompleteSignature(
      `${scopeFault}Credential must have the form <access key>/<date>/<region>/<service>/aws4_request. Authorization=${trimmed}`,
    );
  }
  const signature = params.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw protocolErrors.incompleteSignature(`Signature must be 64 lower-case hexadecimal characters. Authorization=${trimmed}`);
  }
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: params.get('SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** node:crypto behind the hash interface the smithy signer expects (HMAC when given a secret). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    // The signer builds a new hash for each use; nothing to reset.
  }
}

export interface IncomingForSignature {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const SKEW_MS = 15 * 60 * 1000;

/** `20261126T201500Z` -> epoch ms, or NaN. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Checks the request time against the wall clock, as AWS does, with 15 minutes of tolerance. */
export function checkRequestTime(xAmzDate: string | undefined, nowMs: number): void {
  if (!xAmzDate) {
    throw protocolErrors.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const at = parseAmzDate(xAmzDate);
  if (Number.isNaN(at)) {
    throw protocolErrors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${xAmzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  if (at < nowMs - SKEW_MS) {
    throw protocolErrors.signatureExpired(xAmzDate, amzDate(nowMs - SKEW_MS), amzDate(nowMs));
  }
  if (at > nowMs + SKEW_MS) {
    throw protocolErrors.signatureNotYetValid(xAmzDate, amzDate(nowMs + SKEW_MS), amzDate(nowMs));
  }
}

/**
 * The smithy signer, loaded on first use: only `--auth verify` needs it, and importing it costs
 * more than the rest of the server's modules together (bench cold-start profile).
 */
let signerModule: Promise<typeof import('@smithy/signature-v4')> | undefined;

/** Recomputes the signature of a received request and compares it in constant time. */
export async function verifySignature(
  request: IncomingForSignature,
  auth: ParsedAuthorization,
  secretAccessKey: string,
): Promise<boolean> {
  const xAmzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = new Date(parseAmzDate(xAmzDate));
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The signer takes a sent x-amz-content-sha256 as the payload's hash without looking at the
  // body: a body changed after signing would pass. The claimed hash must be the body's.
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== createHash('sha256').update(request.body).digest('hex')) return false;
  const { SignatureV4 } = await (signerModule ??= import('@smithy/signature-v4'));
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: false,
    uriEscapePath: true,
  });
  const host = headers['host'] ?? '';
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: host.split(':')[0] ?? '',
      path: request.path,
      query: request.query,
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const authorization = String(signed.headers['authorization'] ?? signed.headers['Authorization'] ?? '');
  const computed = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
  const a = Buffer.from(computed);
  const b = Buffer.from(auth.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
