// Sharing images between accounts (SPEC §4, issue 5) through real clients: three accounts
// (owner, grantee, stranger) in two regions, before, during and after a share; every rule of
// UpdateImagePermissions / DescribeImagePermissions / DeleteImagePermissions; paging 120 shares.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteImagePermissionsCommand,
  DescribeImagePermissionsCommand,
  DescribeImagesCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { GRANTEE, OWNER, seedOk, STRANGER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';

const R1 = 'us-east-1';
const R2 = 'eu-west-1';
const arnOf = (account: string, name: string, region = R1) => `arn:aws:appstream:${region}:${account}:image/${name}`;

/** Everything `client` sees, through a plain listing. */
async function listAll(client: AppStreamClient, input: { Type?: 'PUBLIC' | 'PRIVATE' | 'SHARED' } = {}) {
  const images = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(new DescribeImagesCommand({ ...input, NextToken }));
    images.push(...out.Images!);
    NextToken = out.NextToken;
  } while (NextToken);
  return images;
}

describe('image sharing', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { images: 10, imageBuilders: 10, sharedAccountsPerImage: 100 } });
    await seedOk(server.url, {
      images: [
        { AccountId: OWNER, Region: R1, Name: 'golden', BaseImageName: 'AppStream-WinServer2022-11-10-2025' },
        { AccountId: OWNER, Region: R2, Name: 'golden' },
        { AccountId: OWNER, Region: R1, Name: 'broken', State: 'FAILED' },
        { AccountId: OWNER, Region: R1, Name: 'many' },
        { AccountId: GRANTEE, Region: R1, Name: 'grantee-own' },
      ],
    });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    it(`the grantee's view before, during and after a share, in two regions (${protocol})`, async () => {
      const owner = appStreamClient(server.url, protocol, { accountId: OWNER });
      const grantee = appStreamClient(server.url, protocol, { accountId: GRANTEE });
      const granteeR2 = appStreamClient(server.url, protocol, { accountId: GRANTEE, region: R2 });
      const stranger = appStreamClient(server.url, protocol, { accountId: STRANGER });
      const goldenArn = arnOf(OWNER, 'golden');
      const notFound = (acct: string) => `The image golden for account ${acct} does not exist.`;

      // Before.
      assert.deepEqual(await listAll(grantee, { Type: 'SHARED' }), []);
      assert.ok(!(await listAll(grantee)).some((i) => i.Arn === goldenArn));
      // By ARN, the message names the account of the ARN (issue 17); by name, the caller's.
      await rejectsWith(grantee.send(new DescribeImagesCommand({ Arns: [goldenArn] })), 'ResourceNotFoundException', notFound(OWNER));
      const ownerBefore = await owner.send(new DescribeImagesCommand({ Names: ['golden'] }));
      assert.equal(ownerBefore.Images![0]!.ImageSharedWithOthers, 'FALSE');

      // During.
      await owner.send(new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: GRANTEE, ImagePermissions: { allowFleet: true, allowImageBuilder: true } }));
      const shared = await listAll(grantee, { Type: 'SHARED' });
      assert.equal(shared.length, 1);
      assert.equal(shared[0]!.Arn, goldenArn);
      assert.equal(shared[0]!.Visibility, 'SHARED');
      assert.deepEqual(shared[0]!.ImagePermissions, { allowFleet: true, allowImageBuilder: true });
      assert.equal(shared[0]!.BaseImageArn, 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-11-10-2025');
      assert.ok((await listAll(grantee)).some((i) => i.Arn === goldenArn && i.Visibility === 'SHARED'));
      assert.equal((await grantee.send(new DescribeImagesCommand({ Arns: [goldenArn] }))).Images![0]!.Visibility, 'SHARED');
      // Names never find a shared image.
      await rejectsWith(grantee.send(new DescribeImagesCommand({ Names: ['golden'] })), 'ResourceNotFoundException', notFound(GRANTEE));
      // Another region of the grantee, and a stranger: nothing.
      assert.deepEqual(await listAll(granteeR2, { Type: 'SHARED' }), []);
      await rejectsWith(granteeR2.send(new DescribeImagesCommand({ Arns: [arnOf(OWNER, 'golden', R2)] })), 'ResourceNotFoundException');
      assert.deepEqual(await listAll(stranger, { Type: 'SHARED' }), []);
      await rejectsWith(stranger.send(new DescribeImagesCommand({ Arns: [goldenArn] })), 'ResourceNotFoundException', notFound(OWNER));
      // The owner: still PRIVATE, now shared with others; in R2 its other golden is not shared.
      const ownerDuring = await owner.send(new DescribeImagesCommand({ Names: ['golden'] }));
      assert.equal(ownerDuring.Images![0]!.Visibility, 'PRIVATE');
      assert.equal(ownerDuring.Images![0]!.ImageSharedWithOthers, 'TRUE');
      assert.equal(ownerDuring.Images![0]!.ImagePermissions, undefined);
      const ownerR2 = await appStreamClient(server.url, protocol, { accountId: OWNER, region: R2 }).send(new DescribeImagesCommand({ Names: ['golden'] }));
      assert.equal(ownerR2.Images![0]!.ImageSharedWithOthers, 'FALSE');
      const perms = await owner.send(new DescribeImagePermissionsCommand({ Name: 'golden' }));
      assert.equal(perms.Name, 'golden');
      assert.deepEqual(perms.SharedImagePermissionsList, [{ sharedAccountId: GRANTEE, imagePermissions: { allowFleet: true, allowImageBuilder: true } }]);
      assert.equal(perms.NextToken, undefined);
      // Updating a share replaces what it grants.
      await owner.send(new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: GRANTEE, ImagePermissions: { allowFleet: false } }));
      const updated = await grantee.send(new DescribeImagesCommand({ Arns: [goldenArn] }));
      assert.deepEqual(updated.Images![0]!.ImagePermissions, { allowFleet: false, allowImageBuilder: false });
      // The grantee cannot manage the owner's shares (it has no image of that name).
      await rejectsWith(
        grantee.send(new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: STRANGER, ImagePermissions: { allowFleet: true } })),
        'ResourceNotFoundException',
        notFound(GRANTEE),
      );
      await rejectsWith(grantee.send(new DeleteImagePermissionsCommand({ Name: 'golden', SharedAccountId: GRANTEE })), 'ResourceNotFoundException');
      await rejectsWith(grantee.send(new DescribeImagePermissionsCommand({ Name: 'golden' })), 'ResourceNotFoundException', notFound(GRANTEE));

      // After.
      await owner.send(new DeleteImagePermissionsCommand({ Name: 'golden', SharedAccountId: GRANTEE }));
      assert.deepEqual(await listAll(grantee, { Type: 'SHARED' }), []);
      await rejectsWith(grantee.send(new DescribeImagesCommand({ Arns: [goldenArn] })), 'ResourceNotFoundException');
      assert.equal((await owner.send(new DescribeImagesCommand({ Names: ['golden'] }))).Images![0]!.ImageSharedWithOthers, 'FALSE');
      assert.deepEqual((await owner.send(new DescribeImagePermissionsCommand({ Name: 'golden' }))).SharedImagePermissionsList, []);
      await rejectsWith(
        owner.send(new DeleteImagePermissionsCommand({ Name: 'golden', SharedAccountId: GRANTEE })),
        'ResourceNotFoundException',
        `The image golden is not shared with account ${GRANTEE}.`,
      );
    });

    it(`UpdateImagePermissions errors (${protocol})`, async () => {
      const owner = appStreamClient(server.url, protocol, { accountId: OWNER });
      const update = (Name: string, SharedAccountId: string) =>
        owner.send(new UpdateImagePermissionsCommand({ Name, SharedAccountId, ImagePermissions: { allowFleet: true } }));
      await rejectsWith(update('nope', GRANTEE), 'ResourceNotFoundException', `The image nope for account ${OWNER} does not exist.`);
      await rejectsWith(
        update('broken', GRANTEE),
        'ResourceNotAvailableException',
        'The image broken is FAILED. The image must be in an AVAILABLE state for this action to succeed.',
      );
      await rejectsWith(update('golden', OWNER), 'ValidationException', /sharedAccountId/);
      await rejectsWith(update('golden', '12345'), 'ValidationException', /12-digit/);
      await rejectsWith(update('golden', 'abc'), 'ValidationException');
      // A public image is nobody's to share.
      await rejectsWith(update('AppStream-WinServer2022-11-10-2025', GRANTEE), 'ResourceNotFoundException');
      await rejectsWith(owner.send(new DeleteImagePermissionsCommand({ Name: 'nope', SharedAccountId: GRANTEE })), 'ResourceNotFoundException');
      await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'nope' })), 'ResourceNotFoundException');
    });
  }

  it('at most sharedAccountsPerImage accounts: LimitExceededException, re-sharing at the limit is fine', async () => {
    const s = await startTestServer({ quotas: { images: 10, imageBuilders: 10, sharedAccountsPerImage: 3 } });
    try {
      await seedOk(s.url, { images: [{ AccountId: OWNER, Region: R1, Name: 'small' }] });
      const owner = appStreamClient(s.url);
      const share = (acct: string, allowFleet = true) =>
        owner.send(new UpdateImagePermissionsCommand({ Name: 'small', SharedAccountId: acct, ImagePermissions: { allowFleet } }));
      await Promise.all(['200000000001', '200000000002', '200000000003'].map((a) => share(a)));
      await rejectsWith(share('200000000004'), 'LimitExceededException', /maximum number of accounts \(3\)/);
      await share('200000000002', false);
      await owner.send(new DeleteImagePermissionsCommand({ Name: 'small', SharedAccountId: '200000000001' }));
      await share('200000000004');
      // Concurrent attempts past the limit: exactly one more fits.
      await owner.send(new DeleteImagePermissionsCommand({ Name: 'small', SharedAccountId: '200000000003' }));
      const results = await Promise.allSettled(['200000000005', '200000000006', '200000000007'].map((a) => share(a)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const perms = await owner.send(new DescribeImagePermissionsCommand({ Name: 'small' }));
      assert.equal(perms.SharedImagePermissionsList!.length, 3);
    } finally {
      await s.close();
    }
  });

  describe('DescribeImagePermissions paging with 120 shares', () => {
    const accounts = Array.from({ length: 120 }, (_, i) => String(300000000000 + i * 7919));
    before(async () => {
      await seedOk(server.url, {
        imagePermissions: accounts.map((a, i) => ({ AccountId: OWNER, Region: R1, Name: 'many', SharedAccountId: a, allowFleet: i % 2 === 0, allowImageBuilder: i % 3 === 0 })),
      });
    });
    const sorted = () => [...accounts].sort();

    for (const protocol of PROTOCOLS) {
      it(`pages of 1, 7 and 50; 0 or absent answers all 120 (${protocol})`, async () => {
        const owner = appStreamClient(server.url, protocol);
        for (const MaxResults of [1, 7, 50]) {
          const seen: string[] = [];
          let NextToken: string | undefined;
          let pages = 0;
          do {
            const out = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', MaxResults, NextToken }));
            assert.ok(out.SharedImagePermissionsList!.length <= MaxResults);
            seen.push(...out.SharedImagePermissionsList!.map((p) => p.sharedAccountId!));
            NextToken = out.NextToken;
            pages++;
          } while (NextToken);
          assert.deepEqual(seen, sorted());
          assert.equal(pages, Math.ceil(120 / MaxResults));
        }
        for (const input of [{}, { MaxResults: 0 }]) {
          const out = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', ...input }));
          assert.equal(out.SharedImagePermissionsList!.length, 120);
          assert.equal(out.NextToken, undefined);
        }
        const one = (await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', MaxResults: 500 }))).SharedImagePermissionsList!;
        const i = accounts.indexOf(one[0]!.sharedAccountId!);
        assert.deepEqual(one[0]!.imagePermissions, { allowFleet: i % 2 === 0, allowImageBuilder: i % 3 === 0 });
        await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'many', MaxResults: 501 })), 'ValidationException');
      });

      it(`SharedAwsAccountIds narrows the listing, and pages (${protocol})`, async () => {
        const owner = appStreamClient(server.url, protocol);
        const wanted = [accounts[5]!, accounts[77]!, accounts[3]!, '999999999999'];
        const out = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', SharedAwsAccountIds: wanted }));
        assert.deepEqual(out.SharedImagePermissionsList!.map((p) => p.sharedAccountId), [accounts[3], accounts[5], accounts[77]].sort());
        const first = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', SharedAwsAccountIds: wanted, MaxResults: 2 }));
        assert.equal(first.SharedImagePermissionsList!.length, 2);
        const second = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', SharedAwsAccountIds: wanted, MaxResults: 2, NextToken: first.NextToken }));
        assert.equal(second.SharedImagePermissionsList!.length, 1);
        assert.equal(second.NextToken, undefined);
        await rejectsWith(
          owner.send(new DescribeImagePermissionsCommand({ Name: 'many', SharedAwsAccountIds: Array(6).fill(GRANTEE) })),
          'ValidationException',
        );
      });

      it(`a bad or mismatched token: ValidationException (${protocol})`, async () => {
        const owner = appStreamClient(server.url, protocol);
        const first = await owner.send(new DescribeImagePermissionsCommand({ Name: 'many', MaxResults: 5 }));
        const token = first.NextToken!;
        await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'many', NextToken: 'forged' })), 'ValidationException', /nextToken/);
        await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'many', NextToken: token.slice(0, -3) })), 'ValidationException');
        await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'golden', NextToken: token })), 'ValidationException');
        await rejectsWith(
          owner.send(new DescribeImagePermissionsCommand({ Name: 'many', SharedAwsAccountIds: [GRANTEE], NextToken: token })),
          'ValidationException',
        );
        await rejectsWith(
          appStreamClient(server.url, protocol, { region: R2 }).send(new DescribeImagePermissionsCommand({ Name: 'golden', NextToken: token })),
          'ValidationException',
        );
        const images = await owner.send(new DescribeImagesCommand({ MaxResults: 1 }));
        await rejectsWith(owner.send(new DescribeImagePermissionsCommand({ Name: 'many', NextToken: images.NextToken })), 'ValidationException');
      });
    }
  });

  it('boto3: share, look from three accounts and two regions, unshare', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(
      server.url,
      `
from botocore.exceptions import ClientError
owner = client_for('${OWNER}', '${R1}')
grantee = client_for('${GRANTEE}', '${R1}')
grantee2 = client_for('${GRANTEE}', '${R2}')
stranger = client_for('${STRANGER}', '${R1}')
arn = 'arn:aws:appstream:${R1}:${OWNER}:image/golden'
def shared(c):
    return [i['Arn'] for i in c.describe_images(Type='SHARED')['Images']]
def code(f):
    try:
        f()
        return None
    except ClientError as e:
        return e.response['Error']['Code']
out = {'before': shared(grantee)}
owner.update_image_permissions(Name='golden', SharedAccountId='${GRANTEE}', ImagePermissions={'allowFleet': True, 'allowImageBuilder': False})
img = grantee.describe_images(Arns=[arn])['Images'][0]
out['during'] = {'grantee': shared(grantee), 'grantee2': shared(grantee2), 'stranger': shared(stranger), 'visibility': img['Visibility'], 'perms': img['ImagePermissions'],
    'byName': code(lambda: grantee.describe_images(Names=['golden'])), 'owner': owner.describe_images(Names=['golden'])['Images'][0]['ImageSharedWithOthers'],
    'list': owner.describe_image_permissions(Name='golden')['SharedImagePermissionsList'], 'self': code(lambda: owner.update_image_permissions(Name='golden', SharedAccountId='${OWNER}', ImagePermissions={'allowFleet': True}))}
owner.delete_image_permissions(Name='golden', SharedAccountId='${GRANTEE}')
out['after'] = {'grantee': shared(grantee), 'again': code(lambda: owner.delete_image_permissions(Name='golden', SharedAccountId='${GRANTEE}'))}
result = out`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    const v = r.value as any;
    assert.deepEqual(v.before, []);
    assert.deepEqual(v.during.grantee, [arnOf(OWNER, 'golden')]);
    assert.deepEqual(v.during.grantee2, []);
    assert.deepEqual(v.during.stranger, []);
    assert.equal(v.during.visibility, 'SHARED');
    assert.deepEqual(v.during.perms, { allowFleet: true, allowImageBuilder: false });
    assert.equal(v.during.byName, 'ResourceNotFoundException');
    assert.equal(v.during.owner, 'TRUE');
    assert.deepEqual(v.during.list, [{ sharedAccountId: GRANTEE, imagePermissions: { allowFleet: true, allowImageBuilder: false } }]);
    assert.equal(v.during.self, 'ValidationException');
    assert.deepEqual(v.after.grantee, []);
    assert.equal(v.after.again, 'ResourceNotFoundException');
  });
});
