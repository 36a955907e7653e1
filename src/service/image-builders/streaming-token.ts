// The page tokens of image builders: a signed, expiring grant to use one builder's streaming
// page (the console serves it at /_appstream/console/streaming/<token>), where its streaming URL
// (service/streaming-urls.ts) leads once opened. The token carries
// who and what; its HMAC (keyed with the store's token secret) makes it tamper-evident; its
// expiry is in emulated time, so moving the clock expires it as AWS's would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServiceDeps } from '../service-deps.js';

export interface StreamingGrant {
  accountId: string;
  region: string;
  imageBuilderName: string;
  /** Emulated epoch ms after which the URL no longer opens. */
  expiresMs: number;
}

const DOMAIN = 'appstream-local/streaming-url/v1\n';

/** Where an image builder's streaming page is (the console's streaming routes let it through on the token alone). */
export const IMAGE_BUILDER_STREAMING_PATH = '/_appstream/console/streaming';

function mac(secret: string, domain: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(domain).update(payload).digest();
}

/** A signed token of `fields` under `domain` (tokens of one domain never verify under another). */
export function signGrantToken(secret: string, domain: string, fields: Record<string, string | number>): string {
  const payload = Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, domain, payload).toString('base64url')}`;
}

/**
 * The fields of a token signed under `domain` whose `e` (emulated epoch ms) is still ahead of
 * the emulated now; undefined when it is forged, malformed or expired.
 */
export async function verifyGrantToken(
  token: string,
  deps: Pick<ServiceDeps, 'tokenSecret' | 'clock'>,
  domain: string,
): Promise<Record<string, unknown> | undefined> {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const payload = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(deps.tokenSecret, domain, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString('base64url') !== sig) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed['e'] !== 'number') return undefined;
  if ((await deps.clock.now()) >= parsed['e']) return undefined;
  return parsed;
}

export function signStreamingToken(secret: string, grant: StreamingGrant): string {
  return signGrantToken(secret, DOMAIN, { a: grant.accountId, r: grant.region, n: grant.imageBuilderName, e: grant.expiresMs });
}

/**
 * The grant of a streaming token, or undefined when it is forged, malformed or expired (at the
 * emulated now). It does not check that the builder still exists or runs: the caller does.
 */
export async function verifyStreamingToken(token: string, deps: Pick<ServiceDeps, 'tokenSecret' | 'clock'>): Promise<StreamingGrant | undefined> {
  const parsed = await verifyGrantToken(token, deps, DOMAIN);
  if (!parsed || typeof parsed['a'] !== 'string' || typeof parsed['r'] !== 'string' || typeof parsed['n'] !== 'string') return undefined;
  return { accountId: parsed['a'], region: parsed['r'], imageBuilderName: parsed['n'], expiresMs: parsed['e'] as number };
}
