// DescribeImages answers from a cache while the store's data version stands still. These tests
// prove the cache never shows what recomputing would not: every write anywhere (this instance,
// another instance, the control API, the clock) is seen by the next read, and pages with a
// transition in progress follow the clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteImageCommand, DescribeImagesCommand, UpdateImagePermissionsCommand } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { readDataVersion } from '../../src/store/data-version.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { GRANTEE, OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';
const names = (out: { Images?: { Name?: string }[] }) => out.Images!.map((i) => i.Name);

async function advance(server: RunningServer, seconds: number) {
  const r = await fetch(`${server.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
  assert.equal(r.status, 200);
}

describe('the DescribeImages cache on one instance', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 30, publicImages: false });
  });
  after(() => server.close());

  it('every committed write moves the data version; reads do not', async () => {
    const v0 = await readDataVersion(server.service.db);
    await appStreamClient(server.url).send(new DescribeImagesCommand({}));
    assert.equal(await readDataVersion(server.service.db), v0);
    await seedOk(server.url, { images: [{ AccountId: OWNER, Region: R, Name: 'first' }] });
    assert.notEqual(await readDataVersion(server.service.db), v0);
  });

  it('a write between two identical reads is seen by the second', async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER });
    assert.deepEqual(names(await c.send(new DescribeImagesCommand({}))), ['first']);
    assert.deepEqual(names(await c.send(new DescribeImagesCommand({}))), ['first']);
    await seedOk(server.url, { images: [{ AccountId: OWNER, Region: R, Name: 'second' }] });
    assert.deepEqual(names(await c.send(new DescribeImagesCommand({}))), ['first', 'second']);
    await c.send(new UpdateImagePermissionsCommand({ Name: 'second', SharedAccountId: GRANTEE, ImagePermissions: { allowFleet: true } }));
    const shared = await c.send(new DescribeImagesCommand({}));
    assert.equal(shared.Images!.find((i) => i.Name === 'second')!.ImageSharedWithOthers, 'TRUE');
  });

  it('a page with a transition in progress follows the clock (not cached)', async () => {
    await seedOk(server.url, { images: [{ AccountId: OWNER, Region: R, Name: 'pending', State: 'PENDING' }] });
    const c = appStreamClient(server.url, 'rpcv2Cbor', { accountId: OWNER });
    const ask = async () => (await c.send(new DescribeImagesCommand({ Names: ['pending'] }))).Images![0]!.State;
    assert.equal(await ask(), 'PENDING');
    assert.equal(await ask(), 'PENDING');
    await advance(server, 60);
    assert.equal(await ask(), 'AVAILABLE');
  });

  it('a deleted image leaves the listing as its deletion runs', async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER });
    await c.send(new DeleteImageCommand({ Name: 'first' }));
    const during = await c.send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
    assert.equal(during.Images!.find((i) => i.Name === 'first')?.State, 'DELETING');
    await advance(server, 60);
    assert.deepEqual(names(await c.send(new DescribeImagesCommand({ Type: 'PRIVATE' }))), ['pending', 'second']);
  });
});

describe('the DescribeImages cache across two instances on PostgreSQL', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    a = await startTestServer({ inMemory: false, databaseUrl: database.url, publicImages: false });
    b = await startTestServer({ inMemory: false, databaseUrl: database.url, publicImages: false });
    await seedOk(a.url, { images: [{ AccountId: OWNER, Region: R, Name: 'one' }] });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it("B's cached page gives way to A's writes at once", async () => {
    const onB = appStreamClient(b.url, 'awsJson1_1', { accountId: OWNER });
    const grantee = appStreamClient(b.url, 'awsJson1_1', { accountId: GRANTEE });
    assert.deepEqual(names(await onB.send(new DescribeImagesCommand({}))), ['one']);
    assert.deepEqual(names(await grantee.send(new DescribeImagesCommand({}))), []);
    await seedOk(a.url, { images: [{ AccountId: OWNER, Region: R, Name: 'two' }] });
    assert.deepEqual(names(await onB.send(new DescribeImagesCommand({}))), ['one', 'two']);
    await appStreamClient(a.url, 'awsJson1_1', { accountId: OWNER }).send(
      new UpdateImagePermissionsCommand({ Name: 'two', SharedAccountId: GRANTEE, ImagePermissions: { allowImageBuilder: true } }),
    );
    const seen = await grantee.send(new DescribeImagesCommand({}));
    assert.deepEqual(names(seen), ['two']);
    assert.equal(seen.Images![0]!.Visibility, 'SHARED');
  });
});
