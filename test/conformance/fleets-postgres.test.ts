// Fleets and sessions on PostgreSQL with two instances sharing one store: both answer the same
// states at the same moment (the clock and the schedules are in the store, no timers), a fleet
// made on one is started on the other, names and the quota hold when both create at once,
// StartFleet bursts from both leave one transition, a streaming URL of one opens on the other,
// and DescribeFleets pages across instances.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFleetCommand,
  CreateStreamingURLCommand,
  DescribeFleetsCommand,
  DescribeSessionsCommand,
  StartFleetCommand,
  StopFleetCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { addStack, advanceClock, associate, publicImageOf, WINDOWS } from '../support/fleets.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const STEP = 30;
const IMAGE = publicImageOf(REGION, WINDOWS);
const create = (Name: string) => new CreateFleetCommand({ Name, ImageName: IMAGE, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 2 } });
const errorName = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as Error).name : undefined);

describe('fleets on PostgreSQL, two instances', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    const options = { inMemory: false, databaseUrl: database.url, transitionSeconds: STEP };
    [a, b] = await Promise.all([startTestServer(options), startTestServer(options)]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });
  const clients = (account: string): [AppStreamClient, AppStreamClient] => [
    appStreamClient(a.url, 'awsJson1_1', { accountId: account, region: REGION }),
    appStreamClient(b.url, 'rpcv2Cbor', { accountId: account, region: REGION }),
  ];
  const stateOn = async (c: AppStreamClient, name: string) => {
    const f = (await c.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!;
    return { State: f.State, ComputeCapacityStatus: f.ComputeCapacityStatus };
  };

  it('made on one, started on the other: both answer the same state at every moment', async () => {
    const [onA, onB] = clients('910000000000');
    await onA.send(create('shared'));
    assert.deepEqual(await stateOn(onB, 'shared'), { State: 'STOPPED', ComputeCapacityStatus: { Desired: 2, Running: 0, InUse: 0, Available: 0 } });
    await onB.send(new StartFleetCommand({ Name: 'shared' }));
    assert.deepEqual(await stateOn(onA, 'shared'), await stateOn(onB, 'shared'));
    assert.equal((await stateOn(onA, 'shared')).State, 'STARTING');
    // The clock moved through one instance moves it for both.
    await advanceClock(a, STEP);
    const [sa, sb] = await Promise.all([stateOn(onA, 'shared'), stateOn(onB, 'shared')]);
    assert.deepEqual(sa, sb);
    assert.deepEqual(sa, { State: 'RUNNING', ComputeCapacityStatus: { Desired: 2, Running: 2, InUse: 0, Available: 2 } });
    await onA.send(new StopFleetCommand({ Name: 'shared' }));
    assert.equal((await stateOn(onB, 'shared')).State, 'STOPPING');
    await advanceClock(b, STEP);
    assert.equal((await stateOn(onA, 'shared')).State, 'STOPPED');
  });

  it('the same name created at once on both: one wins, the other is told it exists', async () => {
    const [onA, onB] = clients('920000000000');
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([onA.send(create(`raced-${round}`)), onB.send(create(`raced-${round}`))]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, results.map(errorName).join(', '));
      assert.deepEqual(results.map(errorName).filter(Boolean), ['ResourceAlreadyExistsException']);
    }
  });

  it('the fleet quota holds when both instances create at once', async () => {
    const [onA, onB] = clients('930000000000');
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? onA : onB).send(create(`q-${i}`))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10, results.map(errorName).join(', '));
    assert.deepEqual(new Set(results.map(errorName).filter(Boolean)), new Set(['LimitExceededException']));
    assert.equal((await onA.send(new DescribeFleetsCommand({}))).Fleets!.length, 10);
  });

  it('StartFleet and StopFleet bursts from both instances leave one transition each', async () => {
    const [onA, onB] = clients('940000000000');
    await onA.send(create('burst'));
    const starts = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).send(new StartFleetCommand({ Name: 'burst' }))));
    assert.deepEqual(starts.map(errorName).filter(Boolean), []);
    const rows = await a.service.db.all<{ schedule: string }>(`SELECT schedule FROM fleets WHERE account_id = ? AND name = ?`, ['940000000000', 'burst']);
    assert.deepEqual(JSON.parse(rows[0]!.schedule).map((e: { state: string }) => e.state), ['STOPPED', 'STARTING', 'RUNNING']);
    await advanceClock(a, STEP);
    const stops = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).send(new StopFleetCommand({ Name: 'burst' }))));
    assert.deepEqual(stops.map(errorName).filter(Boolean), []);
    assert.equal((await stateOn(onB, 'burst')).State, 'STOPPING');
  });

  it('a streaming URL made on one instance opens on the other; the session shows on both', async () => {
    const account = '950000000000';
    const [onA, onB] = clients(account);
    await addStack(a, account, REGION, 'stack');
    await seedOk(b.url, { fleets: [{ AccountId: account, Region: REGION, Name: 'streamer', ImageName: IMAGE, State: 'RUNNING' }] });
    await associate(b, account, REGION, 'stack', 'streamer');
    const { StreamingURL } = await onA.send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'streamer', UserId: 'alice', Validity: 600 }));
    const onOther = StreamingURL!.replace(a.url, b.url);
    const opened = await fetch(onOther);
    assert.equal(opened.status, 200, await opened.clone().text());
    const session = ((await opened.json()) as { Session: { Id: string } }).Session;
    for (const c of [onA, onB]) {
      const listed = (await c.send(new DescribeSessionsCommand({ StackName: 'stack', FleetName: 'streamer' }))).Sessions!;
      assert.deepEqual(listed.map((s) => s.Id), [session.Id]);
    }
    assert.deepEqual(await stateOn(onA, 'streamer'), await stateOn(onB, 'streamer'));
    assert.equal((await stateOn(onB, 'streamer')).ComputeCapacityStatus!.InUse, 1);
  });

  it('DescribeFleets pages alternating instances: every fleet once, in byte order', async () => {
    const account = '960000000000';
    const [onA, onB] = clients(account);
    const names = Array.from({ length: 60 }, (_, i) => [`fleet-${i}`, `Fleet_${i}`, `0fleet.${i}`][i % 3]!);
    await seedOk(a.url, { fleets: names.map((Name) => ({ AccountId: account, Region: REGION, Name, ImageName: IMAGE })) });
    const seen: string[] = [];
    let token: string | undefined;
    let page = 0;
    do {
      const out = await (page++ % 2 ? onA : onB).send(new DescribeFleetsCommand({ NextToken: token }));
      seen.push(...out.Fleets!.map((f) => f.Name!));
      token = out.NextToken;
    } while (token);
    assert.deepEqual(seen, [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    assert.equal(page, 3);
  });
});
