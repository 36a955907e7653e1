// End users' streaming URLs (SPEC-rest §4.1): AWS's form and payload, signed and read by the one
// implementation of streaming URLs (service/streaming-urls.ts). Opening one finds the regions
// where the account has that fleet in that stack and keeps the one whose signature matches.
import type { SqlDb } from '../../store/sql-db.js';
import { payloadExpires, readStreamingUrl, signedStreamingUrl, verifyIn } from '../streaming-urls.js';
import { fleetStackTable } from './table.js';

export { AUTHENTICATE_PATH } from '../streaming-urls.js';

/** What a streaming URL grants: a user's session on a stack's fleet until `expiresMs`. */
export interface EndUserGrant {
  accountId: string;
  region: string;
  userId: string;
  stackName: string;
  fleetName: string;
  applicationId: string;
  userContext: string;
  /** Emulated epoch ms after which the URL no longer opens (the answer's `Expires`: whole seconds). */
  expiresMs: number;
  maxUserDurationInSecs: string;
}

/** The URL of a grant, under `base` (the service's public base URL). */
export function endUserStreamingUrl(base: string, secret: string, grant: EndUserGrant): string {
  // AWS's payload, its member order and spelling [E: decoded real URLs].
  return signedStreamingUrl(base, secret, grant.region, {
    type: 'END_USER',
    expires: payloadExpires(grant.expiresMs),
    awsAccountId: grant.accountId,
    userId: grant.userId,
    catalogSource: `stack/${grant.stackName}`,
    fleetRef: `fleet/${grant.fleetName}`,
    applicationId: grant.applicationId,
    userContext: grant.userContext,
    maxUserDurationInSecs: grant.maxUserDurationInSecs,
  });
}

export type UrlCheck = { ok: true; grant: EndUserGrant } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Reads an opened URL's `parameters` and `signature` (already URL-decoded). Invalid: malformed,
 * forged, or its stack and fleet no longer associated; expired: past `expires` on the
 * emulated clock.
 */
export async function checkEndUserUrl(db: SqlDb, secret: string, nowMs: number, parameters: string, signature: string): Promise<UrlCheck> {
  const url = readStreamingUrl(parameters, signature);
  const [account, user, catalog, fleetRef] = [url?.text('awsAccountId'), url?.text('userId'), url?.text('catalogSource'), url?.text('fleetRef')];
  if (!url || url.text('type') !== 'END_USER' || !account || !user || !catalog?.startsWith('stack/') || !fleetRef?.startsWith('fleet/') || url.expiresMs === undefined) {
    return { ok: false, reason: 'invalid' };
  }
  const stackName = catalog.slice('stack/'.length);
  const fleetName = fleetRef.slice('fleet/'.length);
  const verdict = verifyIn(url, secret, nowMs, await fleetStackTable.regionsOf(db, account, fleetName, nowMs, stackName));
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    grant: {
      accountId: account,
      region: verdict.region,
      userId: user,
      stackName,
      fleetName,
      applicationId: url.text('applicationId') ?? '',
      userContext: url.text('userContext') ?? '',
      expiresMs: verdict.expiresMs,
      maxUserDurationInSecs: url.text('maxUserDurationInSecs') ?? '',
    },
  };
}
