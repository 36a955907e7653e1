// The workloads of SPEC §5, replayed through real clients: Terraform's aws_appstream_image
// data source, Steampipe's aws_appstream_image table, CloudQuery's sync, Packer's polling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeImagesCommand, UpdateImagePermissionsCommand, type AppStreamClient, type Image } from '@aws-sdk/client-appstream';
import { publicImages } from '../../src/catalog/public-images.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { GRANTEE, OWNER, privateImages, seedOk, STRANGER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const ACCOUNTS = [OWNER, GRANTEE, STRANGER];

describe('client patterns (SPEC §5)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
    await seedOk(server.url, {
      images: [
        ...privateImages(OWNER, 'us-east-1', 'fleet', 40),
        { AccountId: OWNER, Region: 'us-east-1', Name: 'golden-2024', CreatedTime: '2024-01-10T00:00:00Z', Tags: { stage: 'old' } },
        { AccountId: OWNER, Region: 'us-east-1', Name: 'golden-2026', CreatedTime: '2026-02-01T00:00:00Z', Tags: { stage: 'new' } },
        { AccountId: OWNER, Region: 'us-east-1', Name: 'golden-2025', CreatedTime: '2025-06-01T00:00:00Z' },
        ...privateImages(GRANTEE, 'eu-west-1', 'eu', 30),
        { AccountId: STRANGER, Region: 'us-east-1', Name: 'shared-tool' },
      ],
      imagePermissions: [
        { AccountId: STRANGER, Region: 'us-east-1', Name: 'shared-tool', SharedAccountId: OWNER, allowFleet: true },
        { AccountId: OWNER, Region: 'us-east-1', Name: 'golden-2026', SharedAccountId: GRANTEE, allowFleet: true, allowImageBuilder: true },
      ],
    });
  });
  after(() => server.close());

  /** How many images an account sees in a region (what a full listing must return). */
  function visibleCount(account: string, region: string): number {
    const own = account === OWNER && region === 'us-east-1' ? 43 : account === GRANTEE && region === 'eu-west-1' ? 30 : account === STRANGER && region === 'us-east-1' ? 1 : 0;
    const shared = region === 'us-east-1' && (account === OWNER || account === GRANTEE) ? 1 : 0;
    return publicImages(region).length + own + shared;
  }

  for (const protocol of PROTOCOLS) {
    it(`Terraform: page a plain listing until the token is absent, filter name_regex, pick most_recent (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol);
      // data "aws_appstream_image" { name_regex = "^golden-" most_recent = true }
      const all: Image[] = [];
      let NextToken: string | undefined;
      do {
        const out = await client.send(new DescribeImagesCommand({ NextToken }));
        all.push(...out.Images!);
        NextToken = out.NextToken;
      } while (NextToken !== undefined);
      assert.equal(all.length, visibleCount(OWNER, 'us-east-1'));
      const matches = all.filter((i) => /^golden-/.test(i.Name!));
      const mostRecent = matches.reduce((a, b) => (b.CreatedTime! > a.CreatedTime! ? b : a));
      assert.equal(mostRecent.Name, 'golden-2026');
      // Public images are in the plain listing: name_regex on AWS's base images works too.
      const bases = all.filter((i) => /^AppStream-WinServer2022-/.test(i.Name!));
      const newestBase = bases.reduce((a, b) => (b.CreatedTime! > a.CreatedTime! ? b : a));
      const expectedBase = publicImages('us-east-1')
        .filter((i) => /^AppStream-WinServer2022-/.test(i.Name))
        .reduce((a, b) => (b.CreatedTime! > a.CreatedTime! ? b : a));
      assert.equal(newestBase.Name, expectedBase.Name);
      assert.equal(newestBase.Visibility, 'PUBLIC');
      // name = "..." (Names) and arn = "..." (Arns).
      const byName = await client.send(new DescribeImagesCommand({ Names: ['golden-2025'] }));
      assert.equal(byName.Images!.length, 1);
      assert.equal(byName.NextToken, undefined);
      const byArn = await client.send(new DescribeImagesCommand({ Arns: [mostRecent.Arn!] }));
      assert.equal(byArn.Images![0]!.Name, 'golden-2026');
      // A missing name: ResourceNotFoundException, which Terraform maps to "not found".
      await assert.rejects(client.send(new DescribeImagesCommand({ Names: ['golden-1999'] })), (e: any) => {
        assert.equal(e.name, 'ResourceNotFoundException');
        assert.equal(e.message, `The image golden-1999 for account ${OWNER} does not exist.`);
        return true;
      });
    });
  }

  it('Steampipe: MaxResults = min(25, limit) in every region, then ListTagsForResource on every image', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(
      server.url,
      `
from botocore.exceptions import ClientError
out = {}
for limit in [5, 30, 1000]:
    for region in ${JSON.stringify(REGIONS)}:
        c = client_for('${OWNER}', region)
        rows = []
        token = None
        while True:
            kwargs = {'MaxResults': min(25, limit)}
            if token: kwargs['NextToken'] = token
            page = c.describe_images(**kwargs)
            rows.extend(page['Images'])
            token = page.get('NextToken')
            if not token or len(rows) >= limit: break
        rows = rows[:limit]
        tagged = {}
        errors = {}
        for img in rows:
            try:
                tagged[img['Name']] = c.list_tags_for_resource(ResourceArn=img['Arn']).get('Tags', {})
            except ClientError as e:
                code = e.response['Error']['Code']
                errors[code + ' ' + img['Visibility']] = errors.get(code + ' ' + img['Visibility'], 0) + 1
                if code != 'ResourceNotFoundException': raise
        out['%d %s' % (limit, region)] = {'rows': len(rows), 'errors': errors, 'goldenNew': tagged.get('golden-2026'), 'goldenOld': tagged.get('golden-2024'), 'fleet': tagged.get('fleet-000')}
result = out`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    const v = r.value as Record<string, any>;
    const pubUs = publicImages('us-east-1').length;
    const pubEu = publicImages('eu-west-1').length;
    assert.equal(v['5 us-east-1'].rows, 5);
    assert.deepEqual(v['5 us-east-1'].errors, { 'ResourceNotFoundException PUBLIC': 5 });
    assert.equal(v['30 eu-west-1'].rows, Math.min(30, pubEu));
    const full = v['1000 us-east-1'];
    assert.equal(full.rows, visibleCount(OWNER, 'us-east-1'));
    // Public and shared images: ResourceNotFoundException (swallowed); own images: their tags.
    assert.deepEqual(full.errors, { 'ResourceNotFoundException PUBLIC': pubUs, 'ResourceNotFoundException SHARED': 1 });
    assert.deepEqual(full.goldenNew, { stage: 'new' });
    assert.deepEqual(full.goldenOld, { stage: 'old' });
    assert.deepEqual(full.fleet, {});
    assert.equal(v['1000 eu-west-1'].rows, pubEu);
  });

  it('CloudQuery: an empty input with MaxResults 25, paged, in every account and region', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(
      server.url,
      `
out = {}
for account in ${JSON.stringify(ACCOUNTS)}:
    for region in ${JSON.stringify(REGIONS)}:
        c = client_for(account, region)
        arns = []
        pages = 0
        token = None
        while True:
            kwargs = {'MaxResults': 25}
            if token: kwargs['NextToken'] = token
            page = c.describe_images(**kwargs)
            pages += 1
            arns.extend(i['Arn'] for i in page['Images'])
            token = page.get('NextToken')
            if not token: break
        out[account + ' ' + region] = {'count': len(arns), 'distinct': len(set(arns)), 'pages': pages,
            'kinds': sorted(set(a.split(':')[4] == '' and 'PUBLIC' or (a.split(':')[4] == account and 'PRIVATE' or 'SHARED') for a in arns))}
result = out`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    const v = r.value as Record<string, { count: number; distinct: number; pages: number; kinds: string[] }>;
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const got = v[`${account} ${region}`]!;
        const want = visibleCount(account, region);
        assert.equal(got.count, want, `${account} ${region}`);
        assert.equal(got.distinct, want);
        assert.equal(got.pages, Math.max(1, Math.ceil(want / 25)));
      }
    }
    assert.deepEqual(v[`${OWNER} us-east-1`]!.kinds, ['PRIVATE', 'PUBLIC', 'SHARED']);
    assert.deepEqual(v[`${GRANTEE} us-east-1`]!.kinds, ['PUBLIC', 'SHARED']);
    assert.deepEqual(v[`${GRANTEE} eu-west-1`]!.kinds, ['PRIVATE', 'PUBLIC']);
  });

  it('Packer: poll Names [n] + Type PRIVATE until AVAILABLE, then share per account', async () => {
    const slow = await startTestServer({ transitionSeconds: 30 });
    try {
      const owner = appStreamClient(slow.url, 'rpcv2Cbor');
      await seedOk(slow.url, { images: [{ AccountId: OWNER, Region: 'us-east-1', Name: 'packer-build-1', State: 'CREATING', BaseImageName: 'AppStream-WinServer2022-11-10-2025' }] });
      const poll = async (client: AppStreamClient) =>
        (await client.send(new DescribeImagesCommand({ Names: ['packer-build-1'], Type: 'PRIVATE' }))).Images![0]!;
      const states: string[] = [];
      for (let i = 0; i < 5; i++) {
        const image = await poll(owner);
        states.push(image.State!);
        if (image.State === 'AVAILABLE' || image.State === 'FAILED') break;
        await slow.service.clock.advance(10); // "sleep" 10 s of emulated time between polls
      }
      assert.deepEqual(states, ['CREATING', 'CREATING', 'CREATING', 'AVAILABLE']);
      for (const account of [GRANTEE, STRANGER]) {
        await owner.send(new UpdateImagePermissionsCommand({ Name: 'packer-build-1', SharedAccountId: account, ImagePermissions: { allowFleet: true, allowImageBuilder: false } }));
        const seen = await appStreamClient(slow.url, 'awsJson1_1', { accountId: account }).send(new DescribeImagesCommand({ Type: 'SHARED' }));
        assert.deepEqual(seen.Images!.map((i) => i.Name), ['packer-build-1']);
      }
      assert.equal((await poll(owner)).ImageSharedWithOthers, 'TRUE');
    } finally {
      await slow.close();
    }
  });
});
