// End users' streaming URLs (SPEC-rest §4.1): AWS's form, under the emulator's base URL:
//   <base>/_appstream/authenticate?parameters=<base64 JSON>&signature=<base64 HMAC-SHA256>
// The JSON is AWS's payload, all values strings. The HMAC (keyed with the store's token secret)
// also covers the region, which AWS's payload does not carry (AWS's host names it): opening
// the URL finds the regions where the account has that fleet in that stack and keeps the one
// whose signature matches, so the URL is AWS's to the byte but for its base.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SqlDb } from '../../store/sql-db.js';
import { fleetStackTable } from './table.js';

/** What a streaming URL grants: a user's session on a stack's fleet until `expiresMs`. */
export interface EndUserGrant {
  accountId: string;
  region: string;
  userId: string;
  stackName: string;
  fleetName: string;
  applicationId: string;
  userContext: string;
  /** Emulated epoch ms after which the URL no longer opens (whole seconds, as the payload says). */
  expiresMs: number;
  maxUserDurationInSecs: string;
}

/** The control route that opens a streaming URL. */
export const AUTHENTICATE_PATH = '/_appstream/authenticate';

const DOMAIN = 'appstream-local/end-user-streaming-url/v1\n';

function mac(secret: string, region: string, parameters: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN).update(`${region}\n`).update(parameters).digest();
}

/** The URL of a grant, under `base` (the service's public base URL). */
export function endUserStreamingUrl(base: string, secret: string, grant: EndUserGrant): string {
  // AWS's payload, its member order and spelling [E: decoded real URLs].
  const payload = {
    type: 'END_USER',
    expires: String(Math.floor(grant.expiresMs / 1000)),
    awsAccountId: grant.accountId,
    userId: grant.userId,
    catalogSource: `stack/${grant.stackName}`,
    fleetRef: `fleet/${grant.fleetName}`,
    applicationId: grant.applicationId,
    userContext: grant.userContext,
    maxUserDurationInSecs: grant.maxUserDurationInSecs,
  };
  const parameters = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
  const signature = mac(secret, grant.region, parameters).toString('base64');
  return `${base}${AUTHENTICATE_PATH}?parameters=${encodeURIComponent(parameters)}&signature=${encodeURIComponent(signature)}`;
}

export type UrlCheck = { ok: true; grant: EndUserGrant } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Reads an opened URL's `parameters` and `signature` (already URL-decoded). Invalid: malformed,
 * forged, or its stack and fleet no longer associated; expired: past `expires` on the
 * emulated clock.
 */
export async function checkEndUserUrl(db: SqlDb, secret: string, nowMs: number, parameters: string, signature: string): Promise<UrlCheck> {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(Buffer.from(parameters, 'base64').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const text = (k: string) => (typeof p?.[k] === 'string' ? (p[k] as string) : undefined);
  const [account, user, catalog, fleetRef, expires] = [text('awsAccountId'), text('userId'), text('catalogSource'), text('fleetRef'), text('expires')];
  if (text('type') !== 'END_USER' || !account || !user || !catalog?.startsWith('stack/') || !fleetRef?.startsWith('fleet/') || !/^\d+$/.test(expires ?? '')) {
    return { ok: false, reason: 'invalid' };
  }
  const stackName = catalog.slice('stack/'.length);
  const fleetName = fleetRef.slice('fleet/'.length);
  const given = Buffer.from(signature, 'base64');
  // Only the canonical spelling: base64 decoding skips what it does not understand.
  if (given.toString('base64') !== signature) return { ok: false, reason: 'invalid' };
  for (const region of await fleetStackTable.regionsOf(db, account, fleetName, nowMs, stackName)) {
    const expected = mac(secret, region, parameters);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
    const expiresMs = Number(expires) * 1000;
    if (nowMs >= expiresMs) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      grant: {
        accountId: account,
        region,
        userId: user,
        stackName,
        fleetName,
        applicationId: text('applicationId') ?? '',
        userContext: text('userContext') ?? '',
        expiresMs,
        maxUserDurationInSecs: text('maxUserDurationInSecs') ?? '',
      },
    };
  }
  return { ok: false, reason: 'invalid' };
}
