// What a DescribeFleets page costs the store: the sessions of its RUNNING and STOPPING fleets
// are read together (one IN filter on the fleet), so a page of 25 such fleets runs as many
// queries as a page of one, in both protocols; and every fleet still shows its own sessions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeFleetsCommand, type Fleet } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import type { SqlDb } from '../../src/store/sql-db.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { publicImageOf, WINDOWS } from '../support/fleets.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const IMAGE = publicImageOf(REGION, WINDOWS);
const ONE = '731000000001';
const MANY = '731000000025';

/** Runs `work` counting the statements the server's store runs meanwhile (every read and write method of its handle). */
async function countStatements<T>(server: RunningServer, work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const db = server.service.db as unknown as Record<string, unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  let statements = 0;
  for (const method of ['all', 'get', 'run', 'rows']) {
    const original = db[method];
    if (typeof original !== 'function') continue;
    originals.set(method, original as (...args: unknown[]) => unknown);
    db[method] = (...args: unknown[]) => {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(server.service.db as SqlDb, args);
    };
  }
  try {
    return { result: await work(), statements };
  } finally {
    for (const [method, original] of originals) db[method] = original;
  }
}

/** `count` RUNNING fleets of an account, fleet i with i % 3 + 1 sessions, and 3 STOPPED fleets. */
function inventory(accountId: string, count: number) {
  const at = { AccountId: accountId, Region: REGION };
  const running = Array.from({ length: count }, (_, i) => `run-${String(i).padStart(2, '0')}`);
  return {
    fleets: [
      ...running.map((Name) => ({ ...at, Name, ImageName: IMAGE, State: 'RUNNING', ComputeCapacity: { DesiredInstances: 5 } })),
      ...['stopped-a', 'stopped-b', 'stopped-c'].map((Name) => ({ ...at, Name, ImageName: IMAGE })),
    ],
    sessions: running.flatMap((FleetName, i) => Array.from({ length: (i % 3) + 1 }, (_, k) => ({ ...at, FleetName, StackName: 'stack', UserId: `user-${i}-${k}` }))),
  };
}

describe('DescribeFleets: the cost of a page does not grow with its RUNNING fleets', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 60 });
    await seedOk(server.url, inventory(ONE, 1));
    await seedOk(server.url, inventory(MANY, 25));
  });
  after(async () => server?.close());

  for (const protocol of PROTOCOLS) {
    it(`one RUNNING fleet or a page of 25 with sessions: the same number of statements (${protocol})`, async () => {
      const page = (accountId: string) => countStatements(server, () => appStreamClient(server.url, protocol, { accountId, region: REGION }).send(new DescribeFleetsCommand({})));
      const one = await page(ONE);
      const many = await page(MANY);
      assert.equal(one.result.Fleets!.length, 4);
      assert.equal(many.result.Fleets!.length, 25, 'a full page');
      assert.ok(many.result.NextToken, 'the STOPPED fleets are on the next page');
      assert.equal(many.statements, one.statements, `a page of 25 RUNNING fleets ran ${many.statements} statements, a page of 1 ran ${one.statements}`);
      // Each fleet counts its own sessions (the sessions read together are told apart by fleet).
      const inUse = (fleets: Fleet[]) => fleets.map((f) => [f.Name, f.ComputeCapacityStatus!.InUse]);
      assert.deepEqual(inUse(many.result.Fleets!), Array.from({ length: 25 }, (_, i) => [`run-${String(i).padStart(2, '0')}`, (i % 3) + 1]));
      assert.deepEqual(inUse(one.result.Fleets!), [['run-00', 1], ['stopped-a', 0], ['stopped-b', 0], ['stopped-c', 0]]);
    });
  }
});
