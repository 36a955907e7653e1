// Deleted images and builders do not pile up as dead rows: every lifecycle write of a
// partition purges the rows that stopped existing, so listings never scan past many of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateImageBuilderCommand, DeleteImageBuilderCommand, DeleteImageCommand, DescribeImagesCommand } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

describe('purging deleted rows', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
    const images = ['dead-1', 'dead-2', 'dead-3', 'alive'].map((Name) => ({ AccountId: ACCOUNT, Region: REGION, Name }));
    const seeded = await fetch(`${server.url}/_appstream/seed`, { method: 'POST', body: JSON.stringify({ images }) });
    assert.equal(seeded.status, 200);
  });
  after(() => server.close());

  const rows = async (table: string) =>
    Number((await server.service.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`, [ACCOUNT]))!.n);

  it('images: deleted ones leave the table on the next write of the partition', async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: ACCOUNT });
    for (const Name of ['dead-1', 'dead-2', 'dead-3']) await c.send(new DeleteImageCommand({ Name }));
    // Each delete purged the one before it; the last one's row (dead-3) waits for the next write.
    assert.equal(await rows('images'), 2);
    await c.send(new CreateImageBuilderCommand({ Name: 'sweeper', ImageName: 'AppStream-WinServer2022-11-10-2025', InstanceType: 'stream.standard.small' }));
    assert.equal(await rows('images'), 1);
    const listed = await c.send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
    assert.deepEqual(listed.Images!.map((i) => i.Name), ['alive']);
  });

  it('builders: a deleted builder leaves the table on the next write', async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: ACCOUNT });
    await c.send(new DeleteImageBuilderCommand({ Name: 'sweeper' }));
    await c.send(new DeleteImageCommand({ Name: 'alive' }));
    assert.equal(await rows('image_builders'), 0);
  });
});
