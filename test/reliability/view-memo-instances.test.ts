// Two server processes on one PostgreSQL store, each with its own view memo
// (service/resources/view-memo.ts): a view one process keeps is never answered after the other
// process wrote the resource. Every write sets a new row version in the store, and a page reads
// the versions on every request, so the memo of a process that did not see the write still
// notices it. Through the JS SDK, in both protocols.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStackCommand,
  CreateUserCommand,
  DescribeStacksCommand,
  DescribeUsersCommand,
  DisableUserCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startChildServer, type ChildServer } from '../support/process.js';

const REGION = 'us-east-1';
const ACCOUNT = '920000000000';

describe('kept views across server processes on one PostgreSQL store', () => {
  let database: TestDatabase;
  let a: ChildServer;
  let b: ChildServer;
  before(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([startChildServer(['--database-url', database.url]), startChildServer(['--database-url', database.url])]);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  it("a write on one process shows at once on the other, whose memo kept the resource's view", async () => {
    const onA = appStreamClient(a.url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION });
    const onB = appStreamClient(b.url, 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION });
    await onA.send(new CreateStackCommand({ Name: 'kept', Description: 'first' }));
    await onA.send(new CreateUserCommand({ UserName: 'kept@example.com', AuthenticationType: 'USERPOOL' }));
    const stackOnB = async () => (await onB.send(new DescribeStacksCommand({}))).Stacks!.find((s) => s.Name === 'kept')!.Description;
    const userOnB = async () => (await onB.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.find((u) => u.UserName === 'kept@example.com')!.Enabled;
    // Read often enough on B to be kept there (from the second read on).
    for (let i = 0; i < 3; i++) {
      assert.equal(await stackOnB(), 'first');
      assert.equal(await userOnB(), true);
    }
    for (const description of ['second', 'third']) {
      await onA.send(new UpdateStackCommand({ Name: 'kept', Description: description }));
      for (let i = 0; i < 3; i++) assert.equal(await stackOnB(), description);
    }
    await onA.send(new DisableUserCommand({ UserName: 'kept@example.com', AuthenticationType: 'USERPOOL' }));
    assert.equal(await userOnB(), false);
    // And the other way round.
    const stackOnA = async () => (await onA.send(new DescribeStacksCommand({ Names: ['kept'] }))).Stacks![0]!.Description;
    for (let i = 0; i < 3; i++) assert.equal(await stackOnA(), 'third');
    await onB.send(new UpdateStackCommand({ Name: 'kept', Description: 'from b' }));
    assert.equal(await stackOnA(), 'from b');
  });
});
