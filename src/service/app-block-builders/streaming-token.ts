// An app block builder's page token (where its streaming URL, service/streaming-urls.ts, leads
// once opened): signed (HMAC with the store's token secret, in a
// domain of its own, so an image builder's token never opens a builder's page), expiring in
// emulated time.
import { signGrantToken, verifyGrantToken } from '../image-builders/streaming-token.js';
import type { ServiceDeps } from '../service-deps.js';

export interface BuilderStreamingGrant {
  accountId: string;
  region: string;
  appBlockBuilderName: string;
  /** Emulated epoch ms after which the URL no longer opens. */
  expiresMs: number;
}

const DOMAIN = 'appstream-local/app-block-builder-streaming-url/v1\n';

/** Where an app block builder's streaming page is (the console's streaming routes let it through on the token alone). */
export const APP_BLOCK_BUILDER_STREAMING_PATH = '/_appstream/console/streaming/app-block-builder';

export function signBuilderStreamingToken(secret: string, grant: BuilderStreamingGrant): string {
  return signGrantToken(secret, DOMAIN, { a: grant.accountId, r: grant.region, n: grant.appBlockBuilderName, e: grant.expiresMs });
}

/** The grant of an app block builder's streaming token; undefined when forged, malformed or expired. */
export async function verifyBuilderStreamingToken(token: string, deps: Pick<ServiceDeps, 'tokenSecret' | 'clock'>): Promise<BuilderStreamingGrant | undefined> {
  const p = await verifyGrantToken(token, deps, DOMAIN);
  if (!p || typeof p['a'] !== 'string' || typeof p['r'] !== 'string' || typeof p['n'] !== 'string') return undefined;
  return { accountId: p['a'], region: p['r'], appBlockBuilderName: p['n'], expiresMs: p['e'] as number };
}
