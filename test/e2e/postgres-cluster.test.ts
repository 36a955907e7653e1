// Several instances on one PostgreSQL database: two server PROCESSES (the real CLI, from dist/)
// on a fresh database behave as one service. Any instance answers any request the same:
// creations, paging tokens, names raced from two instances, quotas, the clock. A third
// instance reaches the database through a TCP proxy the test cuts: it answers 503 while the
// database is gone, and recovers without a restart when it is back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateImageBuilderCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  type AppStreamClient,
  type Image,
} from '@aws-sdk/client-appstream';
import { publicImages } from '../../src/catalog/public-images.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startChildServer, type ChildServer } from '../support/process.js';
import { jsonCall, rawRequest } from '../support/raw.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const REGION = 'us-east-1';
const TRANSITION_SECONDS = 30;
const SOURCE_IMAGE = publicImages(REGION)[0]!.Name!;

async function control(url: string, path: string, body?: unknown) {
  const r = await rawRequest(url, {
    method: body === undefined ? 'GET' : 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: r.body.length ? r.json() : undefined };
}

const byteOrder = (names: readonly string[]) => [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

function errorName(result: PromiseSettledResult<unknown>): string | undefined {
  return result.status === 'rejected' ? (result.reason as { name?: string }).name : undefined;
}

describe('several instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: ChildServer;
  let b: ChildServer;
  const clients = (account: string): [AppStreamClient, AppStreamClient] => [
    appStreamClient(a.url, 'awsJson1_1', { accountId: account, region: REGION }),
    appStreamClient(b.url, 'rpcv2Cbor', { accountId: account, region: REGION }),
  ];
  const builderState = async (client: AppStreamClient, name: string) =>
    (await client.send(new DescribeImageBuildersCommand({ Names: [name] }))).ImageBuilders?.[0]?.State;

  before(async () => {
    database = await createTestDatabase();
    // Both start at once on the fresh database: their migrations race and must not collide.
    const args = ['--database-url', database.url, '--transition-seconds', String(TRANSITION_SECONDS)];
    [a, b] = await Promise.all([startChildServer(args), startChildServer(args)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  test('both report the PostgreSQL store and a healthy database', async () => {
    for (const server of [a, b]) {
      const health = await control(server.url, '/_appstream/health');
      assert.equal(health.status, 200);
      assert.equal(health.body.store, 'postgres');
      assert.equal(health.body.status, 'running');
      assert.match(server.stdout(), /store: postgres postgres:\/\//);
    }
  });

  test('created on one instance, described on the other', async () => {
    const [onA, onB] = clients('111111111111');
    await onA.send(new CreateImageBuilderCommand({ Name: 'made-on-a', ImageName: SOURCE_IMAGE, InstanceType: 'stream.standard.medium' }));
    const seen = await onB.send(new DescribeImageBuildersCommand({ Names: ['made-on-a'] }));
    assert.equal(seen.ImageBuilders?.[0]?.Name, 'made-on-a');
    assert.equal(seen.ImageBuilders?.[0]?.State, 'PENDING');
    // A seeded image, the other way round.
    const seeded = await control(b.url, '/_appstream/seed', { images: [{ AccountId: '111111111111', Region: REGION, Name: 'seeded-on-b' }] });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
    const images = await onA.send(new DescribeImagesCommand({ Names: ['seeded-on-b'] }));
    assert.equal(images.Images?.[0]?.Arn, `arn:aws:appstream:${REGION}:111111111111:image/seeded-on-b`);
  });

  test('DescribeImages pages through 500 images alternating instances page by page: all, in order, once', async () => {
    const account = '222222222222';
    const names = Array.from({ length: 500 }, (_, i) => {
      const n = String(i).padStart(3, '0');
      // Mixed case, digits, '_', '.' and '-': byte order differs from any locale's.
      return [`img-${n}`, `Img-${n}`, `IMG_${n}`, `0img.${n}`, `image${n}`][i % 5]!;
    });
    const seeded = await control(a.url, '/_appstream/seed', {
      images: names.map((Name) => ({ AccountId: account, Region: REGION, Name, State: 'AVAILABLE' })),
    });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
    const [onA, onB] = clients(account);
    const seen: Image[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const client = pages % 2 === 0 ? onA : onB;
      const page = await client.send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 25, NextToken: token }));
      assert.ok((page.Images ?? []).length <= 25);
      seen.push(...(page.Images ?? []));
      token = page.NextToken;
      pages++;
      assert.ok(pages <= 25, 'paging ends');
    } while (token);
    const seenNames = seen.map((i) => i.Name!);
    assert.equal(new Set(seenNames).size, seenNames.length, 'no duplicates');
    assert.deepEqual(seenNames, byteOrder(names));
    assert.equal(pages, 20);
  });

  test('the same name created at once on both instances: exactly one wins, the other is told it exists', async () => {
    const [onA, onB] = clients('333333333333');
    for (let round = 0; round < 5; round++) {
      const Name = `raced-${round}`;
      const results = await Promise.allSettled(
        [onA, onB].map((c) => c.send(new CreateImageBuilderCommand({ Name, ImageName: SOURCE_IMAGE, InstanceType: 'stream.standard.medium' }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}: ${results.map(errorName).join(', ')}`);
      assert.deepEqual(results.map(errorName).filter(Boolean), ['ResourceAlreadyExistsException']);
    }
  });

  test('the builder quota holds when both instances create at once', async () => {
    const [onA, onB] = clients('444444444444');
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) =>
        (i % 2 ? onA : onB).send(new CreateImageBuilderCommand({ Name: `quota-${i}`, ImageName: SOURCE_IMAGE, InstanceType: 'stream.standard.medium' })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10, results.map(errorName).join(', '));
    assert.deepEqual(new Set(results.map(errorName).filter(Boolean)), new Set(['LimitExceededException']));
    const listed = await onA.send(new DescribeImageBuildersCommand({}));
    assert.equal(listed.ImageBuilders?.length, 10);
  });

  test('the clock moved on one instance moves it for the other: states follow', async () => {
    const [onA, onB] = clients('555555555555');
    await onB.send(new CreateImageBuilderCommand({ Name: 'clocked', ImageName: SOURCE_IMAGE, InstanceType: 'stream.standard.medium' }));
    assert.equal(await builderState(onA, 'clocked'), 'PENDING');
    const before = (await control(b.url, '/_appstream/clock')).body.epochMillis as number;
    const moved = await control(a.url, '/_appstream/clock', { advanceSeconds: TRANSITION_SECONDS + 1 });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const onBNow = (await control(b.url, '/_appstream/clock')).body.epochMillis as number;
    assert.ok(onBNow - before >= (TRANSITION_SECONDS + 1) * 1000, `b's clock moved by ${onBNow - before} ms`);
    assert.equal(await builderState(onB, 'clocked'), 'RUNNING');
    assert.equal(await builderState(onA, 'clocked'), 'RUNNING');
  });

  describe('an instance whose database goes away', () => {
    let proxy: TcpProxy;
    let c: ChildServer;

    before(async () => {
      const target = new URL(database.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      c = await startChildServer(['--database-url', proxy.via(database.url)]);
    });
    after(async () => {
      await c?.stop();
      await proxy?.close();
    });

    test('answers 503 ServiceUnavailableException while it is gone, 200 again when it is back, and stays up', async () => {
      const describe = () => jsonCall(c.url, 'DescribeImages', { Type: 'PRIVATE', MaxResults: 5 }, { accessKeyId: '222222222222' });
      assert.equal((await describe()).status, 200);

      proxy.cut();
      for (let i = 0; i < 3; i++) {
        const r = await describe();
        assert.equal(r.status, 503, r.body.toString());
        assert.equal(r.json().__type, 'ServiceUnavailableException');
        assert.match(r.json().message, /database/i);
      }
      const create = await jsonCall(c.url, 'CreateImageBuilder', { Name: 'during-outage', ImageName: SOURCE_IMAGE, InstanceType: 'stream.standard.medium' });
      assert.equal(create.status, 503, create.body.toString());
      const health = await control(c.url, '/_appstream/health');
      assert.equal(health.status, 503);
      assert.equal(health.body.status, 'degraded');
      assert.equal(health.body.store, 'postgres');

      proxy.restore();
      const back = await describe();
      assert.equal(back.status, 200, back.body.toString());
      assert.equal(back.json().Images.length, 5);
      assert.equal((await control(c.url, '/_appstream/health')).status, 200);
      assert.equal(c.process.exitCode, null, 'still running');
      assert.equal(c.process.signalCode, null);
    });
  });
});
