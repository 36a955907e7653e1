// DescribeImages, sharing and tags on PostgreSQL, with two instances sharing one store: byte
// order (COLLATE "C"), tokens issued by one instance accepted by the other, a share made on one
// seen on the other, the share limit held across instances.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeImagePermissionsCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateImagePermissionsCommand,
  type DescribeImagesCommandOutput,
} from '@aws-sdk/client-appstream';
import { publicImages } from '../../src/catalog/public-images.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { GRANTEE, OWNER, privateImages, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';
const arnOf = (account: string, name: string) => `arn:aws:appstream:${R}:${account}:image/${name}`;

describe('images on PostgreSQL, two instances', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    const quotas = { images: 10, imageBuilders: 10, sharedAccountsPerImage: 5 };
    a = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
    b = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
    await seedOk(a.url, {
      images: [
        ...privateImages(OWNER, R, 'pg', 30),
        // Names whose order differs between byte order and a locale collation.
        { AccountId: OWNER, Region: R, Name: 'Zeta' },
        { AccountId: OWNER, Region: R, Name: 'alpha' },
        { AccountId: OWNER, Region: R, Name: 'a_b' },
        { AccountId: OWNER, Region: R, Name: 'a-b' },
        { AccountId: OWNER, Region: R, Name: 'A.b' },
        { AccountId: GRANTEE, Region: R, Name: 'pg-005' },
        { AccountId: '100000000000', Region: R, Name: 'pg-005' },
      ],
      imagePermissions: [
        { AccountId: GRANTEE, Region: R, Name: 'pg-005', SharedAccountId: OWNER },
        { AccountId: '100000000000', Region: R, Name: 'pg-005', SharedAccountId: OWNER },
      ],
    });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('byte order on every page, alternating instances; tokens from one accepted by the other', async () => {
    const clients = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    const seen: string[] = [];
    let NextToken: string | undefined;
    let i = 0;
    do {
      const out: DescribeImagesCommandOutput = await clients[i++ % 2]!.send(new DescribeImagesCommand({ MaxResults: 7, NextToken }));
      seen.push(...out.Images!.map((x) => `${x.Name} ${x.Arn}`));
      NextToken = out.NextToken;
    } while (NextToken);
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const expected = [
      ...publicImages(R).map((x) => `${x.Name} ${x.Arn}`),
      ...[...Array.from({ length: 30 }, (_, k) => `pg-${String(k).padStart(3, '0')}`), 'Zeta', 'alpha', 'a_b', 'a-b', 'A.b'].map((n) => `${n} ${arnOf(OWNER, n)}`),
      `pg-005 ${arnOf(GRANTEE, 'pg-005')}`,
      `pg-005 ${arnOf('100000000000', 'pg-005')}`,
    ].sort((x, y) => {
      const [xn, xa] = x.split(' ');
      const [yn, ya] = y.split(' ');
      return cmp(xn!, yn!) || cmp(xa!, ya!);
    });
    assert.deepEqual(seen, expected);
    assert.ok(seen.indexOf(`A.b ${arnOf(OWNER, 'A.b')}`) < seen.indexOf(`Zeta ${arnOf(OWNER, 'Zeta')}`));
    assert.ok(seen.indexOf(`a-b ${arnOf(OWNER, 'a-b')}`) < seen.indexOf(`a_b ${arnOf(OWNER, 'a_b')}`));
  });

  it('a share made on one instance is seen on the other; the limit holds across instances', async () => {
    const onA = appStreamClient(a.url);
    const onB = appStreamClient(b.url);
    await onA.send(new UpdateImagePermissionsCommand({ Name: 'pg-001', SharedAccountId: GRANTEE, ImagePermissions: { allowFleet: true } }));
    const seen = await appStreamClient(b.url, 'awsJson1_1', { accountId: GRANTEE }).send(new DescribeImagesCommand({ Type: 'SHARED' }));
    assert.deepEqual(seen.Images!.map((x) => x.Arn), [arnOf(OWNER, 'pg-001')]);
    const accounts = Array.from({ length: 8 }, (_, k) => String(500000000000 + k));
    const results = await Promise.allSettled(
      accounts.map((acct, k) =>
        (k % 2 ? onA : onB).send(new UpdateImagePermissionsCommand({ Name: 'pg-001', SharedAccountId: acct, ImagePermissions: { allowFleet: true } })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
    assert.ok(results.filter((r) => r.status === 'rejected').every((r: any) => r.reason.name === 'LimitExceededException'));
    const perms = await onB.send(new DescribeImagePermissionsCommand({ Name: 'pg-001', MaxResults: 2 }));
    const rest = await onA.send(new DescribeImagePermissionsCommand({ Name: 'pg-001', NextToken: perms.NextToken }));
    assert.equal(perms.SharedImagePermissionsList!.length + rest.SharedImagePermissionsList!.length, 5);
  });

  it('tags written on one instance are listed on the other', async () => {
    await appStreamClient(a.url).send(new TagResourceCommand({ ResourceArn: arnOf(OWNER, 'pg-002'), Tags: { k: 'v' } }));
    const out = await appStreamClient(b.url).send(new ListTagsForResourceCommand({ ResourceArn: arnOf(OWNER, 'pg-002') }));
    assert.deepEqual(out.Tags, { k: 'v' });
  });
});

describe('tags on PostgreSQL under concurrency', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    a = await startTestServer({ inMemory: false, databaseUrl: database.url });
    b = await startTestServer({ inMemory: false, databaseUrl: database.url });
    await seedOk(a.url, { images: [{ AccountId: OWNER, Region: R, Name: 'tagged' }] });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('two concurrent TagResource of 30 new keys each on two instances: one wins, 50 is never exceeded', async () => {
    const arn = arnOf(OWNER, 'tagged');
    const batch = (prefix: string) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${prefix}${i}`, 'v']));
    const results = await Promise.allSettled([
      appStreamClient(a.url).send(new TagResourceCommand({ ResourceArn: arn, Tags: batch('a') })),
      appStreamClient(b.url).send(new TagResourceCommand({ ResourceArn: arn, Tags: batch('b') })),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.name, 'LimitExceededException');
    const out = await appStreamClient(b.url).send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    assert.equal(Object.keys(out.Tags!).length, 30);
  });
});
