// Seeding and resetting a test server through its control API.
import { rawRequest } from './raw.js';

export const OWNER = '111111111111';
export const GRANTEE = '222222222222';
export const STRANGER = '333333333333';

export async function seed(url: string, document: unknown): Promise<{ status: number; body: any }> {
  const r = await rawRequest(url, {
    path: '/_appstream/seed',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(document),
  });
  return { status: r.status, body: r.json() };
}

/** Seeds and fails the test when the server refuses. */
export async function seedOk(url: string, document: unknown): Promise<any> {
  const r = await seed(url, document);
  if (r.status !== 200) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function reset(url: string, accountId?: string): Promise<{ status: number; body: any }> {
  const r = await rawRequest(url, {
    path: '/_appstream/reset',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(accountId === undefined ? {} : { AccountId: accountId }),
  });
  return { status: r.status, body: r.json() };
}

/** `count` private images `prefix-000`, `prefix-001`, ... of an account. */
export function privateImages(accountId: string, region: string, prefix: string, count: number, extra: Record<string, unknown> = {}) {
  return Array.from({ length: count }, (_, i) => ({
    AccountId: accountId,
    Region: region,
    Name: `${prefix}-${String(i).padStart(3, '0')}`,
    BaseImageName: 'AppStream-WinServer2022-11-10-2025',
    ...extra,
  }));
}
