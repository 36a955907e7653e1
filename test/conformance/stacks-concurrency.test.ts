// Stacks where state and concurrency matter, on SQLite (in memory) and on PostgreSQL with two
// instances sharing one store: the `stacks` quota and the name under concurrent CreateStack,
// one fleet per stack under concurrent AssociateFleet, a DeleteStack racing an AssociateFleet,
// byte order and tokens across instances.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListAssociatedFleetsCommand,
  ListAssociatedStacksCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';

/** Which requests of a burst succeeded, and the error names of the others. */
async function settle(calls: Promise<unknown>[]): Promise<{ ok: number; errors: string[] }> {
  const results = await Promise.allSettled(calls);
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    errors: results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : [])).sort(),
  };
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`stacks under concurrency (${store}${store === 'postgres' ? ', two instances' : ''})`, () => {
    let database: TestDatabase | undefined;
    let a: RunningServer;
    let b: RunningServer;
    before(async () => {
      const quotas = { stacks: 10 };
      if (store === 'postgres') {
        database = await createTestDatabase();
        a = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
        b = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
      } else {
        a = await startTestServer({ quotas });
        b = a;
      }
      await seedOk(a.url, { fleets: ['f1', 'f2', 'f3', 'f4'].map((Name) => ({ AccountId: OWNER, Region: R, Name, State: 'RUNNING' })) });
    });
    after(async () => {
      await a?.close();
      if (b !== a) await b?.close();
      await database?.drop();
    });

    it('30 concurrent CreateStack against a quota of 10 create exactly 10', async () => {
      const clients = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
      const out = await settle(Array.from({ length: 30 }, (_, i) => clients[i % 2]!.send(new CreateStackCommand({ Name: `q-${String(i).padStart(2, '0')}` }))));
      assert.equal(out.ok, 10);
      assert.deepEqual(out.errors, Array(20).fill('LimitExceededException'));
      assert.equal((await clients[1]!.send(new DescribeStacksCommand({}))).Stacks!.length, 10);
    });

    it('the same name created 10 times at once exists once', async () => {
      const c = appStreamClient(a.url, 'awsJson1_1', { accountId: '222222222222' });
      const d = appStreamClient(b.url, 'rpcv2Cbor', { accountId: '222222222222' });
      const out = await settle(Array.from({ length: 10 }, (_, i) => (i % 2 ? c : d).send(new CreateStackCommand({ Name: 'same' }))));
      assert.equal(out.ok, 1);
      assert.deepEqual(out.errors, Array(9).fill('ResourceAlreadyExistsException'));
    });

    it('four fleets associated with one stack at once: exactly one wins', async () => {
      const c = appStreamClient(a.url);
      const d = appStreamClient(b.url, 'rpcv2Cbor');
      const stack = (await c.send(new DescribeStacksCommand({}))).Stacks![0]!.Name!;
      const out = await settle(['f1', 'f2', 'f3', 'f4'].map((FleetName, i) => (i % 2 ? c : d).send(new AssociateFleetCommand({ StackName: stack, FleetName }))));
      assert.equal(out.ok, 1);
      assert.deepEqual(out.errors, Array(3).fill('LimitExceededException'));
      const fleets = (await d.send(new ListAssociatedFleetsCommand({ StackName: stack }))).Names!;
      assert.equal(fleets.length, 1);
      assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: fleets[0]! }))).Names, [stack]);
    });

    it('DeleteStack racing AssociateFleet: never a stack deleted with an association left behind', async () => {
      const acct = '333333333333';
      await seedOk(a.url, {
        fleets: [{ AccountId: acct, Region: R, Name: 'f1', State: 'RUNNING' }],
        stacks: Array.from({ length: 6 }, (_, i) => ({ AccountId: acct, Region: R, Name: `race-${i}` })),
      });
      const c = appStreamClient(a.url, 'awsJson1_1', { accountId: acct });
      const d = appStreamClient(b.url, 'rpcv2Cbor', { accountId: acct });
      for (let i = 0; i < 6; i++) {
        const stack = `race-${i}`;
        const [del, assoc] = await Promise.allSettled([c.send(new DeleteStackCommand({ Name: stack })), d.send(new AssociateFleetCommand({ StackName: stack, FleetName: 'f1' }))]);
        const listed = (await c.send(new ListAssociatedFleetsCommand({ StackName: stack }))).Names!;
        if (del.status === 'fulfilled') {
          // Deleted first: the association found no stack, and nothing is left under the name.
          assert.equal(assoc.status, 'rejected');
          assert.equal((assoc as PromiseRejectedResult).reason.name, 'ResourceNotFoundException');
          assert.deepEqual(listed, []);
        } else {
          assert.equal(del.reason.name, 'ResourceInUseException');
          assert.equal(assoc.status, 'fulfilled');
          assert.deepEqual(listed, ['f1']);
        }
      }
    });
  });
}
