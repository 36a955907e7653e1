// Streaming URLs in AWS's form (SPEC-rest §4.1), under the emulator's base URL:
//   <base>/_appstream/authenticate?parameters=<base64 JSON>&signature=<base64 HMAC-SHA256>
// One form for every kind: end users' (CreateStreamingURL: fleets/streaming-url.ts) and
// builders' (CreateImageBuilderStreamingURL, CreateAppBlockBuilderStreamingURL: below). The
// JSON is AWS's payload, all values strings. The HMAC (keyed with the store's token secret) also
// covers the region, which AWS's payload does not carry (AWS's host names it): opening a URL
// tries the regions where the account has the named resource and keeps the one whose signature
// matches, so the URL is AWS's to the byte but for its base.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { imageBuilderTable } from '../store/builders-repo.js';
import { protocolErrors } from '../errors/catalog.js';
import type { Partition } from '../store/resource-repo.js';
import type { SqlDb } from '../store/sql-db.js';
import { failure, valueAtLeast, valueAtMost } from '../validation/message.js';
import { appBlockBuilderTable } from './app-block-builders/table.js';
import { APP_BLOCK_BUILDER_STREAMING_PATH, signBuilderStreamingToken } from './app-block-builders/streaming-token.js';
import { IMAGE_BUILDER_STREAMING_PATH, signStreamingToken } from './image-builders/streaming-token.js';
import type { ServiceDeps } from './service-deps.js';

/** The route that opens a streaming URL (end users' and builders' alike). */
export const AUTHENTICATE_PATH = '/_appstream/authenticate';

const DOMAIN = 'appstream-local/end-user-streaming-url/v1\n';

function mac(secret: string, region: string, parameters: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN).update(`${region}\n`).update(parameters).digest();
}

/** The URL of an AWS payload (member order kept), signed for `region`, under `base` (the public base URL). */
export function signedStreamingUrl(base: string, secret: string, region: string, payload: Record<string, string>): string {
  const parameters = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
  const signature = mac(secret, region, parameters).toString('base64');
  return `${base}${AUTHENTICATE_PATH}?parameters=${encodeURIComponent(parameters)}&signature=${encodeURIComponent(signature)}`;
}

/**
 * When a URL made at `nowMs` (emulated epoch ms) for `validitySeconds` stops opening, the
 * answer's `Expires`. DECISION (SPEC-rest §4.1 "Expires = now + Validity"): rounded up to a whole
 * second, the unit of the payload's `expires`, so that the answer and the URL agree: it opens at
 * every instant before `Expires` and at none after.
 */
export function urlExpiresMs(nowMs: number, validitySeconds: number): number {
  return Math.ceil((nowMs + validitySeconds * 1000) / 1000) * 1000;
}

/** A payload's `expires` (epoch seconds, a string) for a URL that stops opening at `expiresMs` (urlExpiresMs). */
export function payloadExpires(expiresMs: number): string {
  return String(Math.ceil(expiresMs / 1000));
}

/** An opened URL's payload (unverified) and the check of its signature for a region. */
export interface OpenedUrl {
  /** The payload's string members (others are left out). */
  text(member: string): string | undefined;
  /** Whether the signature is this emulator's for `region`. */
  signedFor(secret: string, region: string): boolean;
  /** Emulated epoch ms of `expires`, or undefined when it is not whole seconds. */
  expiresMs: number | undefined;
}

/** Reads an opened URL's `parameters` and `signature` (already URL-decoded); undefined when malformed. */
export function readStreamingUrl(parameters: string, signature: string): OpenedUrl | undefined {
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(parameters, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
  const payload = p as Record<string, unknown>;
  const text = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : undefined);
  const given = Buffer.from(signature, 'base64');
  // Only the canonical spelling: base64 decoding skips what it does not understand.
  const canonical = given.toString('base64') === signature;
  const expires = text('expires');
  return {
    text,
    signedFor(secret, region) {
      const expected = mac(secret, region, parameters);
      return canonical && given.length === expected.length && timingSafeEqual(given, expected);
    },
    expiresMs: expires !== undefined && /^\d+$/.test(expires) ? Number(expires) * 1000 : undefined,
  };
}

/** A verdict on an opened URL: its region and expiry, or why it does not open. */
export type UrlVerdict = { ok: true; region: string; expiresMs: number } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'expired'; expiresMs: number };

/**
 * The region among `regions` (where the account has what the URL names) whose signature the URL
 * carries, unless it expired at `nowMs`; invalid when none matches.
 */
export function verifyIn(url: OpenedUrl, secret: string, nowMs: number, regions: readonly string[]): UrlVerdict {
  const region = url.expiresMs === undefined ? undefined : regions.find((r) => url.signedFor(secret, r));
  if (region === undefined) return { ok: false, reason: 'invalid' };
  if (nowMs >= url.expiresMs!) return { ok: false, reason: 'expired', expiresMs: url.expiresMs! };
  return { ok: true, region, expiresMs: url.expiresMs! };
}

/** The payload's `type` (`END_USER`, `ADMIN`), unverified: which kind of URL to open. */
export function streamingUrlType(parameters: string): string | undefined {
  return readStreamingUrl(parameters, '')?.text('type');
}

// ---- Builders' URLs: an administrator's session on an image builder or app block builder.

/** The builder kinds with streaming URLs, as their ARNs spell them. */
export type BuilderKind = 'image-builder' | 'app-block-builder';

/**
 * Per kind: where its builders are found, and the console page an opened URL leads to (addressed
 * by a page token of the same grant and expiry: the page's own requests carry it).
 */
const BUILDERS: Record<BuilderKind, { table: { regionsOf(db: SqlDb, accountId: string, name: string, nowMs: number): Promise<string[]> }; page(secret: string, g: BuilderUrlGrant): string }> = {
  'image-builder': {
    table: imageBuilderTable,
    page: (secret, g) => `${IMAGE_BUILDER_STREAMING_PATH}/${signStreamingToken(secret, { accountId: g.accountId, region: g.region, imageBuilderName: g.name, expiresMs: g.expiresMs })}`,
  },
  'app-block-builder': {
    table: appBlockBuilderTable,
    page: (secret, g) => `${APP_BLOCK_BUILDER_STREAMING_PATH}/${signBuilderStreamingToken(secret, { accountId: g.accountId, region: g.region, appBlockBuilderName: g.name, expiresMs: g.expiresMs })}`,
  },
};

/** What a builder's streaming URL grants: its streaming page until `expiresMs`. */
export interface BuilderUrlGrant {
  accountId: string;
  region: string;
  kind: BuilderKind;
  name: string;
  /** Emulated epoch ms after which the URL no longer opens (the answer's `Expires`: whole seconds). */
  expiresMs: number;
}

/** The streaming URL of a builder, under `base`. */
export function builderStreamingUrl(base: string, secret: string, grant: BuilderUrlGrant): string {
  // AWS's image builder payload [E: decoded real URLs, SPEC-rest §4.1]: END_USER's members with
  // "type":"ADMIN","userId":"admin" and the builder as catalogSource and fleetRef.
  // DECISION (SPEC-rest §7.4 "URL as for image builders"): an app block builder's payload is the
  // image builder's with `app-block-builder/<name>` where it has `image-builder/<name>`.
  // DECISION: applicationId, userContext and maxUserDurationInSecs are empty (a builder has no
  // application, session context or MaxUserDurationInSeconds).
  const ref = `${grant.kind}/${grant.name}`;
  return signedStreamingUrl(base, secret, grant.region, {
    type: 'ADMIN',
    expires: payloadExpires(grant.expiresMs),
    awsAccountId: grant.accountId,
    userId: 'admin',
    catalogSource: ref,
    fleetRef: ref,
    applicationId: '',
    userContext: '',
    maxUserDurationInSecs: '',
  });
}

/** DECISION: a builder streaming URL's Validity is 1..604800 seconds (AWS's documented range), default 3600. */
export const STREAMING_VALIDITY = { default: 3600, min: 1, max: 604800 } as const;

/**
 * A builder streaming URL's Validity in seconds (CreateImageBuilderStreamingURL and
 * CreateAppBlockBuilderStreamingURL): STREAMING_VALIDITY.default when absent. Out of range:
 * ValidationException in AWS's form for a value constraint (DECISION: the model gives the member
 * no range and these operations list no parameter error, so the protocol's).
 */
export function builderStreamingValidity(given: number | undefined): number {
  if (given === undefined) return STREAMING_VALIDITY.default;
  const { min, max } = STREAMING_VALIDITY;
  // Always a number here: input validation reads a long (a CBOR bigint too) as one (toLong).
  if (given >= min && given <= max) return given;
  throw protocolErrors.validation([failure(given, 'validity', given > max ? valueAtMost(max) : valueAtLeast(min))]);
}

/** Both builders' CreateStreamingURL answer: the URL of builder `name` of `part`, valid `validitySeconds` from `nowMs`. */
export function builderStreamingAnswer(
  deps: Pick<ServiceDeps, 'baseUrl' | 'tokenSecret'>,
  part: Partition,
  kind: BuilderKind,
  name: string,
  nowMs: number,
  validitySeconds: number,
): { StreamingURL: string; Expires: Date } {
  const expiresMs = urlExpiresMs(nowMs, validitySeconds);
  const grant = { accountId: part.accountId, region: part.region, kind, name, expiresMs };
  return { StreamingURL: builderStreamingUrl(deps.baseUrl?.() ?? '', deps.tokenSecret, grant), Expires: new Date(expiresMs) };
}

export type BuilderUrlCheck = { ok: true; grant: BuilderUrlGrant } | Exclude<UrlVerdict, { ok: true }>;

/**
 * Reads an opened builder URL. Invalid: malformed, forged, or its builder gone; expired: past
 * `expires` on the emulated clock.
 */
export async function checkBuilderUrl(db: SqlDb, secret: string, nowMs: number, parameters: string, signature: string): Promise<BuilderUrlCheck> {
  const url = readStreamingUrl(parameters, signature);
  const [account, ref, fleetRef] = [url?.text('awsAccountId'), url?.text('catalogSource'), url?.text('fleetRef')];
  const slash = ref?.indexOf('/') ?? -1;
  const kind = ref?.slice(0, slash);
  if (!url || url.text('type') !== 'ADMIN' || !account || ref !== fleetRef || url.expiresMs === undefined || !Object.hasOwn(BUILDERS, kind!)) {
    return { ok: false, reason: 'invalid' };
  }
  const name = ref!.slice(slash + 1);
  const verdict = verifyIn(url, secret, nowMs, await BUILDERS[kind as BuilderKind].table.regionsOf(db, account, name, nowMs));
  if (!verdict.ok) return verdict;
  return { ok: true, grant: { accountId: account, region: verdict.region, kind: kind as BuilderKind, name, expiresMs: verdict.expiresMs } };
}

/**
 * Opens a builder's streaming URL: the path of its console page (the Image Assistant, or the app
 * block builder's page), or why it does not open.
 */
export async function openBuilderStreamingUrl(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'tokenSecret'>,
  parameters: string,
  signature: string,
): Promise<{ ok: true; grant: BuilderUrlGrant; pagePath: string } | Exclude<UrlVerdict, { ok: true }>> {
  const check = await checkBuilderUrl(deps.db, deps.tokenSecret, await deps.clock.now(), parameters, signature);
  if (!check.ok) return check;
  return { ok: true, grant: check.grant, pagePath: BUILDERS[check.grant.kind].page(deps.tokenSecret, check.grant) };
}
