// Tags on images and image builders (SPEC §4, issue 5) through real clients: TagResource,
// UntagResource, ListTagsForResource, the 50-tag limit, reserved keys, and ResourceNotFound
// for every ARN the caller does not own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { applyCreateTags } from '../../src/service/tags/tag-handlers.js';
import { listTags } from '../../src/store/tags-repo.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { GRANTEE, OWNER, seedOk, STRANGER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';

const R = 'us-east-1';
const imageArn = (acct: string, name: string, region = R) => `arn:aws:appstream:${region}:${acct}:image/${name}`;
const builderArn = (acct: string, name: string, region = R) => `arn:aws:appstream:${region}:${acct}:image-builder/${name}`;
const PUBLIC_ARN = `arn:aws:appstream:${R}::image/AppStream-WinServer2022-11-10-2025`;

const manyTags = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

describe('tags', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
    await seedOk(server.url, {
      images: [
        { AccountId: OWNER, Region: R, Name: 'img-json', Tags: { team: 'blue' } },
        { AccountId: OWNER, Region: R, Name: 'img-cbor' },
        { AccountId: OWNER, Region: R, Name: 'gone', State: 'DELETING' },
        { AccountId: OWNER, Region: 'eu-west-1', Name: 'img-json' },
        { AccountId: GRANTEE, Region: R, Name: 'theirs', Tags: { secret: 'x' } },
      ],
      imagePermissions: [{ AccountId: GRANTEE, Region: R, Name: 'theirs', SharedAccountId: OWNER }],
      imageBuilders: [
        { AccountId: OWNER, Region: R, Name: 'bld-json', ImageName: 'AppStream-WinServer2022-11-10-2025', Tags: { env: 'dev' } },
        { AccountId: OWNER, Region: R, Name: 'bld-cbor', ImageArn: PUBLIC_ARN, State: 'STOPPED' },
        { AccountId: GRANTEE, Region: R, Name: 'their-bld', ImageName: 'theirs' },
      ],
    });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const suffix = protocol === 'awsJson1_1' ? 'json' : 'cbor';
    for (const [kind, arn] of [
      ['image', imageArn(OWNER, `img-${suffix}`)],
      ['image builder', builderArn(OWNER, `bld-${suffix}`)],
    ] as const) {
      it(`tag, overwrite, list and untag an ${kind} (${protocol})`, async () => {
        const client = appStreamClient(server.url, protocol);
        const list = async () => (await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
        await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'env'] }));
        // No tags: an empty map (issue 17: boto3 code reads resp['Tags']).
        const empty = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
        assert.deepEqual(empty.Tags, {});
        await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: '1', b: '2', 'cost-center': 'x:y/z=+-@.' } }));
        assert.deepEqual(await list(), { a: '1', b: '2', 'cost-center': 'x:y/z=+-@.' });
        await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'one', c: '' } }));
        assert.deepEqual(await list(), { a: 'one', b: '2', c: '', 'cost-center': 'x:y/z=+-@.' });
        // Unknown keys are ignored.
        await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['b', 'never-there'] }));
        assert.deepEqual(await list(), { a: 'one', c: '', 'cost-center': 'x:y/z=+-@.' });
        await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'c', 'cost-center'] }));
        assert.deepEqual(await list(), {});
      });

      it(`at most 50 tags on an ${kind}: LimitExceededException; overwriting at 50 is fine (${protocol})`, async () => {
        const client = appStreamClient(server.url, protocol);
        await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: manyTags(30) }));
        await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: manyTags(20, 'm') }));
        await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { one: 'too many' } })), 'LimitExceededException', /50 tags/);
        await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k0: 'new', m19: 'new' } }));
        const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags!;
        assert.equal(Object.keys(tags).length, 50);
        assert.equal(tags['k0'], 'new');
        // More than 50 in one request breaks the model's constraint.
        await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: Object.keys(tags) }));
        await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: manyTags(51) })), 'ValidationException');
        assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, {});
      });
    }

    it(`keys starting with aws: are reserved: ValidationException (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol);
      const arn = imageArn(OWNER, `img-${suffix}`);
      await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:cloudformation:stack': 'x' } })), 'ValidationException', /tags/);
      await rejectsWith(client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['aws:x'] })), 'ValidationException');
      await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(129)]: 'x' } })), 'ValidationException');
      await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k: 'v'.repeat(257) } })), 'ValidationException');
      await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: {} })), 'ValidationException');
      // `aws` without the colon is an ordinary key.
      await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { awsome: 'yes' } }));
      await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['awsome'] }));
    });

    it(`an ARN the caller does not own: ResourceNotFoundException from all three operations (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol);
      const notOwned = [
        PUBLIC_ARN, // public
        imageArn(GRANTEE, 'theirs'), // shared with the caller
        builderArn(GRANTEE, 'their-bld'), // another account's builder
        imageArn(STRANGER, 'whatever'), // another account's, unknown
        imageArn(OWNER, 'unknown'),
        builderArn(OWNER, 'unknown'),
        imageArn(OWNER, 'gone'), // deleted
        imageArn(OWNER, 'img-json', 'eu-west-1'), // the caller's, but another region
        `arn:aws:appstream:${R}:${OWNER}:fleet/img-json`, // another resource type
        `arn:aws:s3:::img-json`,
        `arn:aws-cn:appstream:${R}:${OWNER}:image/img-json`, // another partition
      ];
      for (const ResourceArn of notOwned) {
        for (const command of [
          new ListTagsForResourceCommand({ ResourceArn }),
          new TagResourceCommand({ ResourceArn, Tags: { a: 'b' } }),
          new UntagResourceCommand({ ResourceArn, TagKeys: ['a'] }),
        ]) {
          await rejectsWith(client.send(command as any), 'ResourceNotFoundException', `The resource ${ResourceArn} does not exist.`);
        }
      }
      // The owner still sees its own tags, untouched by the attempts.
      const theirs = await appStreamClient(server.url, protocol, { accountId: GRANTEE }).send(new ListTagsForResourceCommand({ ResourceArn: imageArn(GRANTEE, 'theirs') }));
      assert.deepEqual(theirs.Tags, { secret: 'x' });
      // A string that is not an ARN at all fails the model's pattern.
      await rejectsWith(client.send(new ListTagsForResourceCommand({ ResourceArn: 'not-an-arn' })), 'ValidationException');
    });
  }

  it('seeded Tags are listed', async () => {
    const client = appStreamClient(server.url);
    const out = await client.send(new ListTagsForResourceCommand({ ResourceArn: builderArn(OWNER, 'bld-json') }));
    // The JSON-protocol run above removed and re-added tags on bld-json; its seeded env tag is gone.
    assert.deepEqual(out.Tags, {});
    const s = await startTestServer();
    try {
      await seedOk(s.url, {
        images: [{ AccountId: OWNER, Region: R, Name: 'seeded', Tags: { team: 'blue', tier: 'gold' } }],
        imageBuilders: [{ AccountId: OWNER, Region: R, Name: 'sb', ImageName: 'seeded', Tags: { env: 'dev' } }],
      });
      const c = appStreamClient(s.url);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: imageArn(OWNER, 'seeded') }))).Tags, { team: 'blue', tier: 'gold' });
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: builderArn(OWNER, 'sb') }))).Tags, { env: 'dev' });
    } finally {
      await s.close();
    }
  });

  it('applyCreateTags: replaces stale tags, refuses aws: keys and more than 50', async () => {
    const { db } = server.service;
    const arn = imageArn(OWNER, 'created-later');
    await db.transaction((tx) => applyCreateTags(tx, arn, { old: '1' }));
    await db.transaction((tx) => applyCreateTags(tx, arn, { fresh: '2' }));
    assert.deepEqual(await listTags(db, arn), { fresh: '2' });
    await assert.rejects(db.transaction((tx) => applyCreateTags(tx, arn, { 'aws:x': '1' })), (e: any) => e.code === 'ValidationException');
    await assert.rejects(db.transaction((tx) => applyCreateTags(tx, arn, manyTags(51))), (e: any) => e.code === 'LimitExceededException');
    assert.deepEqual(await listTags(db, arn), { fresh: '2' });
    await db.transaction((tx) => applyCreateTags(tx, arn, undefined));
    assert.deepEqual(await listTags(db, arn), {});
  });

  it('boto3: tag, list (Tags {} when empty), untag, and the errors', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(
      server.url,
      `
from botocore.exceptions import ClientError
arn = '${imageArn(OWNER, 'img-json')}'
def code(f):
    try:
        f()
        return None
    except ClientError as e:
        return e.response['Error']['Code']
out = {}
client.untag_resource(ResourceArn=arn, TagKeys=['k0', 'team'])
out['empty'] = client.list_tags_for_resource(ResourceArn=arn)['Tags']
client.tag_resource(ResourceArn=arn, Tags={'Name': 'golden', 'owner': 'me'})
out['tags'] = client.list_tags_for_resource(ResourceArn=arn)['Tags']
client.untag_resource(ResourceArn=arn, TagKeys=['Name', 'owner'])
out['public'] = code(lambda: client.list_tags_for_resource(ResourceArn='${PUBLIC_ARN}'))
out['shared'] = code(lambda: client.tag_resource(ResourceArn='${imageArn(GRANTEE, 'theirs')}', Tags={'a': 'b'}))
out['reserved'] = code(lambda: client.tag_resource(ResourceArn=arn, Tags={'aws:a': 'b'}))
client.tag_resource(ResourceArn=arn, Tags={('t%d' % i): 'v' for i in range(50)})
out['limit'] = code(lambda: client.tag_resource(ResourceArn=arn, Tags={'t50': 'v'}))
client.untag_resource(ResourceArn=arn, TagKeys=['t%d' % i for i in range(50)])
result = out`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.value, {
      empty: {},
      tags: { Name: 'golden', owner: 'me' },
      public: 'ResourceNotFoundException',
      shared: 'ResourceNotFoundException',
      reserved: 'ValidationException',
      limit: 'LimitExceededException',
    });
  });
});
