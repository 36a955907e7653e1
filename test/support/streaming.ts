// Builders' streaming URLs (CreateImageBuilderStreamingURL, CreateAppBlockBuilderStreamingURL):
// AWS's form under the server's base URL, with the ADMIN payload (SPEC-rest §4.1, §7.4).
import assert from 'node:assert/strict';

/** Asserts `url` is `<base>/_appstream/authenticate?parameters&signature` with the ADMIN payload of `ref` (`image-builder/<name>`, ...). */
export function assertBuilderUrl(url: string, base: string, expected: { account: string; ref: string; expires: Date }): void {
  const u = new URL(url);
  assert.equal(`${u.origin}${u.pathname}`, `${base}/_appstream/authenticate`);
  assert.deepEqual([...u.searchParams.keys()], ['parameters', 'signature']);
  assert.equal(Buffer.from(u.searchParams.get('signature')!, 'base64').length, 32);
  const payload = JSON.parse(Buffer.from(u.searchParams.get('parameters')!, 'base64').toString('utf8'));
  assert.deepEqual(Object.entries(payload), [
    ['type', 'ADMIN'],
    // Expires is whole seconds (urlExpiresMs), the payload's unit: a fraction would show here.
    ['expires', String(expected.expires.getTime() / 1000)],
    ['awsAccountId', expected.account],
    ['userId', 'admin'],
    ['catalogSource', expected.ref],
    ['fleetRef', expected.ref],
    ['applicationId', ''],
    ['userContext', ''],
    ['maxUserDurationInSecs', ''],
  ]);
}

/** The URL with its signature altered (still canonical base64: the emulator's check, not the decoder, refuses it). */
export function forgedUrl(url: string): string {
  const u = new URL(url);
  const sig = Buffer.from(u.searchParams.get('signature')!, 'base64');
  sig[0] = sig[0]! ^ 1;
  u.searchParams.set('signature', sig.toString('base64'));
  return u.toString();
}

/** Opens a URL without following its redirect: the status and Location. */
export async function openWithoutFollowing(url: string): Promise<{ status: number; location: string | null }> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') };
}
