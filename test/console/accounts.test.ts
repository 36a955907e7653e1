// The console's account picker reads (account, region) pairs with one index seek per pair;
// the same answer on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { startTestServer } from '../support/server.js';

async function accountsOf(options: StartOptions): Promise<unknown> {
  const server = await startTestServer(options);
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return res.json() as Promise<{ Accounts?: unknown }>;
    };
    await post('/_appstream/seed', {
      images: [
        { AccountId: '111111111111', Region: 'us-east-1', Name: 'a' },
        { AccountId: '111111111111', Region: 'us-east-1', Name: 'b' },
        { AccountId: '111111111111', Region: 'eu-west-1', Name: 'c' },
        { AccountId: '333333333333', Region: 'us-west-2', Name: 'd' },
      ],
      imagePermissions: [{ AccountId: '111111111111', Region: 'us-east-1', Name: 'a', SharedAccountId: '222222222222', allowFleet: true, allowImageBuilder: true }],
    });
    return (await post('/_appstream/console/api/accounts', {})).Accounts;
  } finally {
    await server.close();
  }
}

const EXPECTED = [
  { AccountId: '111111111111', Regions: ['eu-west-1', 'us-east-1'] },
  { AccountId: '222222222222', Regions: ['us-east-1'] },
  { AccountId: '333333333333', Regions: ['us-west-2'] },
];

describe('console account picker', () => {
  test('SQLite', async () => {
    assert.deepEqual(await accountsOf({}), EXPECTED);
  });

  test('PostgreSQL', async () => {
    const db = await createTestDatabase();
    try {
      assert.deepEqual(await accountsOf({ inMemory: false, databaseUrl: db.url }), EXPECTED);
    } finally {
      await db.drop();
    }
  });
});
