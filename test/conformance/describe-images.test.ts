// DescribeImages through real clients (SPEC §3, issue 3): the three kinds of images, every
// filter and error, keyset paging with boto3's / the AWS CLI's / the JS SDK's paginators,
// tokens (tampered, mismatched, across a restart), seeding and reset.
import { FAMILIES } from '../../src/service/resources/registry.js';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeImagePermissionsCommand, DescribeImagesCommand, paginateDescribeImages, type DescribeImagesCommandOutput, type Image } from '@aws-sdk/client-appstream';
import { publicImages } from '../../src/catalog/public-images.js';
import { RESET_TABLES } from '../../src/service/seed/reset.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { GRANTEE, OWNER, privateImages, reset, seed, seedOk, STRANGER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';

const R = 'us-east-1';
const LOW_OWNER = '100000000000';
const PUBLIC_TWIN = 'AppStream-WinServer2019-11-10-2025';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const arnOf = (account: string, name: string, region = R) => `arn:aws:appstream:${region}:${account}:image/${name}`;
const keys = (images: Image[] | undefined) => (images ?? []).map((i) => `${i.Name} ${i.Arn}`);

describe('DescribeImages', () => {
  let server: RunningServer;
  /** What OWNER sees in us-east-1, as "Name Arn", in the service's order. */
  let expected: string[];

  before(async () => {
    server = await startTestServer();
    await seedOk(server.url, {
      images: [
        ...privateImages(OWNER, R, 'app', 60),
        { AccountId: OWNER, Region: R, Name: PUBLIC_TWIN, DisplayName: 'private twin of a public name' },
        { AccountId: OWNER, Region: 'eu-west-1', Name: 'eu-only' },
        { AccountId: GRANTEE, Region: R, Name: 'app-010' },
        { AccountId: GRANTEE, Region: R, Name: PUBLIC_TWIN },
        { AccountId: GRANTEE, Region: R, Name: 'only-shared', Description: 'shared with the owner' },
        { AccountId: LOW_OWNER, Region: R, Name: 'app-010' },
        { AccountId: STRANGER, Region: R, Name: 'stranger-img' },
      ],
      imagePermissions: [
        { AccountId: GRANTEE, Region: R, Name: 'app-010', SharedAccountId: OWNER, allowFleet: true },
        { AccountId: GRANTEE, Region: R, Name: PUBLIC_TWIN, SharedAccountId: OWNER, allowImageBuilder: true },
        { AccountId: GRANTEE, Region: R, Name: 'only-shared', SharedAccountId: OWNER, allowFleet: true, allowImageBuilder: true },
        { AccountId: LOW_OWNER, Region: R, Name: 'app-010', SharedAccountId: OWNER },
        // app-001 of the owner is shared out with three accounts.
        { AccountId: OWNER, Region: R, Name: 'app-001', SharedAccountId: GRANTEE },
        { AccountId: OWNER, Region: R, Name: 'app-001', SharedAccountId: '444444444444' },
        { AccountId: OWNER, Region: R, Name: 'app-001', SharedAccountId: '555555555555' },
      ],
    });
    expected = [
      ...publicImages(R).map((i) => `${i.Name} ${i.Arn}`),
      ...Array.from({ length: 60 }, (_, i) => `app-${String(i).padStart(3, '0')}`).map((n) => `${n} ${arnOf(OWNER, n)}`),
      `${PUBLIC_TWIN} ${arnOf(OWNER, PUBLIC_TWIN)}`,
      `app-010 ${arnOf(GRANTEE, 'app-010')}`,
      `${PUBLIC_TWIN} ${arnOf(GRANTEE, PUBLIC_TWIN)}`,
      `only-shared ${arnOf(GRANTEE, 'only-shared')}`,
      `app-010 ${arnOf(LOW_OWNER, 'app-010')}`,
    ].sort((a, b) => {
      const [an, aa] = a.split(' ');
      const [bn, ba] = b.split(' ');
      return cmp(an!, bn!) || cmp(aa!, ba!);
    });
  });
  after(() => server.close());

  describe('what a caller sees', () => {
    it('a plain listing: public, private and shared images in (Name, Arn) byte order', async () => {
      const client = appStreamClient(server.url);
      const all: Image[] = [];
      for await (const page of paginateDescribeImages({ client }, {})) all.push(...(page.Images ?? []));
      assert.deepEqual(keys(all), expected);
      // Ties on a name: the ARNs differ in the account field; a public ARN (empty account) sorts last.
      const twins = all.filter((i) => i.Name === PUBLIC_TWIN).map((i) => i.Visibility);
      assert.deepEqual(twins, ['PRIVATE', 'SHARED', 'PUBLIC']);
      const app010 = all.filter((i) => i.Name === 'app-010').map((i) => i.Arn);
      assert.deepEqual(app010, [arnOf(LOW_OWNER, 'app-010'), arnOf(OWNER, 'app-010'), arnOf(GRANTEE, 'app-010')]);
    });

    it('public images: the catalogue of the region, with every member AWS fills', async () => {
      const out = await appStreamClient(server.url).send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 25 }));
      const image = out.Images![0]!;
      assert.equal(image.Visibility, 'PUBLIC');
      assert.equal(image.State, 'AVAILABLE');
      assert.equal(image.ImageBuilderSupported, true);
      assert.equal(image.ImageType, 'NATIVE');
      assert.match(image.Arn!, /^arn:aws:appstream:us-east-1::image\//);
      assert.equal(image.BaseImageArn, undefined);
      assert.ok(image.CreatedTime instanceof Date && image.PublicBaseImageReleasedDate instanceof Date);
      assert.equal(image.CreatedTime.getTime(), image.PublicBaseImageReleasedDate.getTime());
      assert.ok(image.Platform && image.AppstreamAgentVersion && image.LatestAppstreamAgentVersion && image.SupportedInstanceFamilies);
      assert.equal(image.ImageSharedWithOthers, undefined);
      // Another region: the same names, that region's ARNs.
      const eu = await appStreamClient(server.url, 'awsJson1_1', { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Type: 'PUBLIC' }));
      assert.equal(eu.Images![0]!.Name, image.Name);
      assert.equal(eu.Images![0]!.Arn, image.Arn!.replace('us-east-1', 'eu-west-1'));
    });

    it('private images: the owner sees its own, ImageSharedWithOthers says whether they are shared out', async () => {
      const out = await appStreamClient(server.url).send(new DescribeImagesCommand({ Names: ['app-001', 'app-002'] }));
      const [shared, notShared] = out.Images!;
      assert.equal(shared!.Name, 'app-001');
      assert.equal(shared!.Visibility, 'PRIVATE');
      assert.equal(shared!.ImageSharedWithOthers, 'TRUE');
      assert.equal(notShared!.ImageSharedWithOthers, 'FALSE');
      assert.equal(shared!.ImagePermissions, undefined);
      // From BaseImageName: base ARN, platform, release date, instance families.
      assert.equal(shared!.BaseImageArn, 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-11-10-2025');
      assert.equal(shared!.Platform, 'WINDOWS_SERVER_2022');
      assert.ok(shared!.PublicBaseImageReleasedDate instanceof Date);
      assert.ok(shared!.SupportedInstanceFamilies?.length);
    });

    it("shared images: the owner's ARN, Visibility SHARED, the caller's ImagePermissions", async () => {
      const out = await appStreamClient(server.url).send(new DescribeImagesCommand({ Type: 'SHARED' }));
      assert.deepEqual(
        out.Images!.map((i) => [i.Arn, i.Visibility, i.ImagePermissions]),
        [
          [arnOf(GRANTEE, PUBLIC_TWIN), 'SHARED', { allowFleet: false, allowImageBuilder: true }],
          [arnOf(LOW_OWNER, 'app-010'), 'SHARED', { allowFleet: false, allowImageBuilder: false }],
          [arnOf(GRANTEE, 'app-010'), 'SHARED', { allowFleet: true, allowImageBuilder: false }],
          [arnOf(GRANTEE, 'only-shared'), 'SHARED', { allowFleet: true, allowImageBuilder: true }],
        ],
      );
      assert.ok(out.Images!.every((i) => i.ImageSharedWithOthers === undefined));
    });

    it('another account sees none of it; another region has its own images', async () => {
      const stranger = await appStreamClient(server.url, 'awsJson1_1', { accountId: STRANGER }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.deepEqual(stranger.Images!.map((i) => i.Name), ['stranger-img']);
      const strangerShared = await appStreamClient(server.url, 'awsJson1_1', { accountId: STRANGER }).send(new DescribeImagesCommand({ Type: 'SHARED' }));
      assert.deepEqual(strangerShared.Images, []);
      const eu = await appStreamClient(server.url, 'rpcv2Cbor', { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.deepEqual(eu.Images!.map((i) => i.Arn), [arnOf(OWNER, 'eu-only', 'eu-west-1')]);
    });

    it('publicImages off: no catalogue', async () => {
      const quiet = await startTestServer({ publicImages: false });
      try {
        const out = await appStreamClient(quiet.url).send(new DescribeImagesCommand({}));
        assert.deepEqual(out.Images, []);
        assert.equal(out.NextToken, undefined);
        await rejectsWith(appStreamClient(quiet.url).send(new DescribeImagesCommand({ Names: [PUBLIC_TWIN] })), 'ResourceNotFoundException');
      } finally {
        await quiet.close();
      }
    });
  });

  describe('filters', () => {
    for (const protocol of PROTOCOLS) {
      const client = () => appStreamClient(server.url, protocol);

      it(`Type restricts to one kind (${protocol})`, async () => {
        for (const type of ['PUBLIC', 'PRIVATE', 'SHARED'] as const) {
          const all: Image[] = [];
          for await (const page of paginateDescribeImages({ client: client(), pageSize: 25 }, { Type: type })) all.push(...page.Images!);
          assert.ok(all.length > 0);
          assert.ok(all.every((i) => i.Visibility === type), type);
          assert.deepEqual(keys(all), expected.filter((k) => all.some((i) => `${i.Name} ${i.Arn}` === k)));
        }
        const sizes = await Promise.all(
          (['PUBLIC', 'PRIVATE', 'SHARED'] as const).map(async (Type) => {
            let n = 0;
            for await (const page of paginateDescribeImages({ client: client() }, { Type })) n += page.Images!.length;
            return n;
          }),
        );
        assert.equal(sizes.reduce((a, b) => a + b), expected.length);
      });

      it(`Names find public and private images, sorted, never shared ones (${protocol})`, async () => {
        const out = await client().send(new DescribeImagesCommand({ Names: ['app-005', PUBLIC_TWIN, 'app-003'] }));
        assert.deepEqual(
          out.Images!.map((i) => [i.Name, i.Visibility]),
          [
            ['AppStream-WinServer2019-11-10-2025', 'PRIVATE'],
            ['AppStream-WinServer2019-11-10-2025', 'PUBLIC'],
            ['app-003', 'PRIVATE'],
            ['app-005', 'PRIVATE'],
          ],
        );
        const typed = await client().send(new DescribeImagesCommand({ Names: [PUBLIC_TWIN], Type: 'PRIVATE' }));
        assert.deepEqual(typed.Images!.map((i) => i.Arn), [arnOf(OWNER, PUBLIC_TWIN)]);
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Names: ['only-shared'] })),
          'ResourceNotFoundException',
          `The image only-shared for account ${OWNER} does not exist.`,
        );
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Names: ['app-001'], Type: 'SHARED' })),
          'ResourceNotFoundException',
          `The image app-001 for account ${OWNER} does not exist.`,
        );
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Names: ['app-001'], Type: 'PUBLIC' })),
          'ResourceNotFoundException',
          `The image app-001 for account ${OWNER} does not exist.`,
        );
      });

      it(`Arns find any visible image (${protocol})`, async () => {
        const arns = [arnOf(GRANTEE, 'only-shared'), `arn:aws:appstream:${R}::image/${PUBLIC_TWIN}`, arnOf(OWNER, 'app-007')];
        const out = await client().send(new DescribeImagesCommand({ Arns: arns }));
        assert.deepEqual(
          out.Images!.map((i) => [i.Name, i.Visibility]),
          [
            [PUBLIC_TWIN, 'PUBLIC'],
            ['app-007', 'PRIVATE'],
            ['only-shared', 'SHARED'],
          ],
        );
        assert.deepEqual(out.Images![2]!.ImagePermissions, { allowFleet: true, allowImageBuilder: true });
        const typed = await client().send(new DescribeImagesCommand({ Arns: [arnOf(GRANTEE, 'only-shared')], Type: 'SHARED' }));
        assert.equal(typed.Images!.length, 1);
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Arns: [arnOf(GRANTEE, 'only-shared')], Type: 'PRIVATE' })),
          'ResourceNotFoundException',
          // The account the ARN names (issue 17).
          `The image only-shared for account ${GRANTEE} does not exist.`,
        );
      });

      it(`a missing name or ARN: ResourceNotFoundException naming the first missing (${protocol})`, async () => {
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Names: ['app-001', 'nope-1', 'nope-2'] })),
          'ResourceNotFoundException',
          `The image nope-1 for account ${OWNER} does not exist.`,
        );
        // The message names the account of the ARN (issue 17); a public ARN names none: the caller's (DECISION).
        for (const [arn, account] of [
          [arnOf(STRANGER, 'stranger-img'), STRANGER], // another account's, not shared
          [arnOf(OWNER, 'eu-only', 'eu-west-1'), OWNER], // another region
          [arnOf(OWNER, 'ghost'), OWNER],
          [`arn:aws:appstream:${R}::image/AppStream-WinServer2019-05-30-2020`, OWNER],
        ] as const) {
          const name = arn.slice(arn.lastIndexOf('/') + 1);
          await rejectsWith(
            client().send(new DescribeImagesCommand({ Arns: [arnOf(OWNER, 'app-001'), arn] })),
            'ResourceNotFoundException',
            `The image ${name} for account ${account} does not exist.`,
          );
        }
      });

      it(`Names and Arns together: InvalidParameterCombinationException (${protocol})`, async () => {
        await rejectsWith(
          client().send(new DescribeImagesCommand({ Names: ['app-001'], Arns: [arnOf(OWNER, 'app-001')] })),
          'InvalidParameterCombinationException',
        );
        // Empty lists are no filter.
        const out = await client().send(new DescribeImagesCommand({ Names: [], Arns: [arnOf(OWNER, 'app-001')] }));
        assert.equal(out.Images!.length, 1);
      });

      it(`MaxResults: absent or 0 is 25, above 25 a ValidationException (${protocol})`, async () => {
        assert.equal((await client().send(new DescribeImagesCommand({}))).Images!.length, 25);
        assert.equal((await client().send(new DescribeImagesCommand({ MaxResults: 0 }))).Images!.length, 25);
        assert.equal((await client().send(new DescribeImagesCommand({ MaxResults: 3 }))).Images!.length, 3);
        await rejectsWith(client().send(new DescribeImagesCommand({ MaxResults: 26 })), 'ValidationException');
      });

      it(`Names page too (${protocol})`, async () => {
        const names = ['app-009', 'app-001', 'app-005', PUBLIC_TWIN];
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const out: any = await client().send(new DescribeImagesCommand({ Names: names, MaxResults: 2, NextToken: token }));
          seen.push(...out.Images.map((i: Image) => i.Arn));
          token = out.NextToken;
          pages++;
        } while (token);
        assert.equal(pages, 3);
        assert.deepEqual(seen, [arnOf(OWNER, PUBLIC_TWIN), `arn:aws:appstream:${R}::image/${PUBLIC_TWIN}`, arnOf(OWNER, 'app-001'), arnOf(OWNER, 'app-005'), arnOf(OWNER, 'app-009')]);
      });
    }
  });

  describe('paging', () => {
    it('boto3 get_paginator: every page size 1..25 yields the same images, in order, last page without a token', { skip: boto3SkipReason() }, async () => {
      const r = await runBoto3(
        server.url,
        `
out = {}
for size in range(1, 26):
    pages = []
    for page in client.get_paginator('describe_images').paginate(PaginationConfig={'PageSize': size}):
        pages.append({'keys': [i['Name'] + ' ' + i['Arn'] for i in page['Images']], 'token': 'NextToken' in page})
    out[size] = pages
result = out`,
      );
      assert.equal(r.ok, true, JSON.stringify(r));
      const bySize = r.value as Record<string, { keys: string[]; token: boolean }[]>;
      for (let size = 1; size <= 25; size++) {
        const pages = bySize[String(size)]!;
        const all = pages.flatMap((p) => p.keys);
        assert.deepEqual(all, expected, `page size ${size}`);
        assert.equal(new Set(all).size, all.length, `no duplicates at page size ${size}`);
        assert.equal(pages.at(-1)!.token, false, `the last page has no token at size ${size}`);
        pages.slice(0, -1).forEach((p) => {
          assert.equal(p.token, true);
          assert.equal(p.keys.length, size);
        });
        assert.equal(pages.length, Math.ceil(expected.length / size));
      }
    });

    it('the AWS CLI: --page-size, --max-items and --starting-token', { skip: awsCliSkipReason() }, async () => {
      const full = await runAwsCli(server.url, ['describe-images', '--page-size', '7']);
      assert.equal(full.status, 0, full.stderr);
      assert.deepEqual(keys((full.json as any).Images), expected);
      assert.equal((full.json as any).NextToken, undefined);

      const first = await runAwsCli(server.url, ['describe-images', '--page-size', '4', '--max-items', '30']);
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual(keys((first.json as any).Images), expected.slice(0, 30));
      const cliToken = (first.json as any).NextToken;
      assert.ok(cliToken);
      const rest = await runAwsCli(server.url, ['describe-images', '--page-size', '9', '--starting-token', cliToken]);
      assert.equal(rest.status, 0, rest.stderr);
      assert.deepEqual(keys((rest.json as any).Images), expected.slice(30));

      const typed = await runAwsCli(server.url, ['describe-images', '--type', 'PRIVATE', '--max-items', '5']);
      assert.deepEqual(
        (typed.json as any).Images.map((i: Image) => i.Name),
        [PUBLIC_TWIN, 'app-000', 'app-001', 'app-002', 'app-003'],
      );
    });

    for (const protocol of PROTOCOLS) {
      it(`JS v3 paginateDescribeImages (${protocol}), page sizes 1, 13 and 25`, async () => {
        for (const pageSize of [1, 13, 25]) {
          const all: Image[] = [];
          let last: any;
          for await (const page of paginateDescribeImages({ client: appStreamClient(server.url, protocol), pageSize }, {})) {
            all.push(...page.Images!);
            last = page;
            assert.ok(page.NextToken === undefined || page.NextToken.length > 0);
          }
          assert.deepEqual(keys(all), expected);
          assert.equal(last.NextToken, undefined);
        }
      });
    }
  });

  describe('tokens', () => {
    for (const protocol of PROTOCOLS) {
      it(`forged, tampered, truncated and mismatched tokens: InvalidParameterCombinationException (${protocol})`, async () => {
        const owner = appStreamClient(server.url, protocol);
        const page = await owner.send(new DescribeImagesCommand({ MaxResults: 5 }));
        const token = page.NextToken!;
        assert.ok(token);
        const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
        const bad = [
          'forged',
          'eyJhIjoxfQ.AAAA',
          token.slice(0, -4),
          token.slice(0, token.indexOf('.')),
          flip(token, 3),
          flip(token, token.length - 2),
          token + 'x',
          `${Buffer.from(JSON.stringify(['zzz', ''])).toString('base64url')}${token.slice(token.indexOf('.'))}`,
        ];
        for (const NextToken of bad) {
          await rejectsWith(owner.send(new DescribeImagesCommand({ MaxResults: 5, NextToken })), 'InvalidParameterCombinationException');
        }
        // Another account, another region, other filters.
        await rejectsWith(
          appStreamClient(server.url, protocol, { accountId: GRANTEE }).send(new DescribeImagesCommand({ NextToken: token })),
          'InvalidParameterCombinationException',
        );
        await rejectsWith(
          appStreamClient(server.url, protocol, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ NextToken: token })),
          'InvalidParameterCombinationException',
        );
        await rejectsWith(owner.send(new DescribeImagesCommand({ Type: 'PRIVATE', NextToken: token })), 'InvalidParameterCombinationException');
        await rejectsWith(owner.send(new DescribeImagesCommand({ Names: ['app-001'], NextToken: token })), 'InvalidParameterCombinationException');
        // Another operation's token.
        const perms = await owner.send(new DescribeImagePermissionsCommand({ Name: 'app-001', MaxResults: 1 }));
        assert.ok(perms.NextToken);
        await rejectsWith(owner.send(new DescribeImagesCommand({ NextToken: perms.NextToken })), 'InvalidParameterCombinationException');
        // The page size may change between pages: the token is still good.
        const next = await owner.send(new DescribeImagesCommand({ MaxResults: 2, NextToken: token }));
        assert.deepEqual(keys(next.Images), expected.slice(5, 7));
      });
    }

    it('keyset: images created and deleted between pages neither repeat nor get skipped', async () => {
      const acct = '444444444444';
      const client = appStreamClient(server.url, 'awsJson1_1', { accountId: acct });
      await seedOk(server.url, { images: privateImages(acct, R, 'k', 30) });
      const first = await client.send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10 }));
      assert.deepEqual(first.Images!.map((i) => i.Name), Array.from({ length: 10 }, (_, i) => `k-00${i}`));
      // Before the cursor (k-0055), after it (k-0095), the cursor itself and the next one deleted.
      await seedOk(server.url, {
        images: [
          { AccountId: acct, Region: R, Name: 'k-0055' },
          { AccountId: acct, Region: R, Name: 'k-0095' },
          { AccountId: acct, Region: R, Name: 'k-009', State: 'DELETING' },
          { AccountId: acct, Region: R, Name: 'k-010', State: 'DELETING' },
        ],
      });
      const rest: string[] = [];
      let token = first.NextToken;
      while (token) {
        const out: DescribeImagesCommandOutput = await client.send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10, NextToken: token }));
        rest.push(...out.Images!.map((i) => i.Name!));
        token = out.NextToken;
      }
      assert.deepEqual(rest, ['k-0095', ...Array.from({ length: 19 }, (_, i) => `k-0${11 + i}`)]);
    });

    it('tokens survive a restart (SQLite data dir) and are refused by another store', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'asl-tokens-'));
      let s = await startTestServer({ inMemory: false, dataDir });
      let token: string | undefined;
      try {
        await seedOk(s.url, { images: privateImages(OWNER, R, 'r', 30) });
        const first = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10 }));
        token = first.NextToken;
        assert.ok(token);
      } finally {
        await s.close();
      }
      s = await startTestServer({ inMemory: false, dataDir });
      try {
        const names: string[] = [];
        while (token) {
          const out: DescribeImagesCommandOutput = await appStreamClient(s.url, 'rpcv2Cbor').send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10, NextToken: token }));
          names.push(...out.Images!.map((i) => i.Name!));
          token = out.NextToken;
        }
        assert.deepEqual(names, Array.from({ length: 20 }, (_, i) => `r-0${10 + i}`));
        const again = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10 }));
        token = again.NextToken;
      } finally {
        await s.close();
      }
      const other = await startTestServer();
      try {
        await rejectsWith(
          appStreamClient(other.url).send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 10, NextToken: token })),
          'InvalidParameterCombinationException',
        );
      } finally {
        await other.close();
      }
    });
  });

  describe('seeding and reset', () => {
    it('a bad entry: 400 naming it, and nothing of the document is written', async () => {
      const acct = '666666666666';
      const cases: [unknown, RegExp][] = [
        [{ images: [{ AccountId: acct, Region: R, Name: 'good' }, { AccountId: acct, Region: R, Name: 'bad', State: 'SHINY' }] }, /images\[1\] \("bad"\): State 'SHINY' must be one of/],
        [{ images: [{ AccountId: acct, Region: R }] }, /images\[0\]: Name is required/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'x', Colour: 'red' }] }, /images\[0\] \("x"\): unknown member 'Colour'/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'x', CreatedTime: 'yesterday' }] }, /CreatedTime must be an ISO-8601 time or epoch seconds/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'x', BaseImageName: 'nope' }] }, /BaseImageName 'nope' is not a public image/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'x', Tags: { 'aws:x': '1' } }] }, /reserved prefix/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'x' }, { AccountId: acct, Region: R, Name: 'x' }] }, /images\[1\]: the same entry as images\[0\]/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'good' }], imagePermissions: [{ AccountId: acct, Region: R, Name: 'missing', SharedAccountId: GRANTEE }] }, /imagePermissions\[0\] \("missing"\): account 666666666666 has no image missing/],
        [{ imagePermissions: [{ AccountId: acct, Region: R, Name: 'x', SharedAccountId: acct }] }, /must not be the owner/],
        // A share would outlive a DELETING image: refused, as DeleteImage refuses a shared image.
        [
          { images: [{ AccountId: acct, Region: R, Name: 'going', State: 'DELETING' }], imagePermissions: [{ AccountId: acct, Region: R, Name: 'going', SharedAccountId: GRANTEE }] },
          /imagePermissions\[0\] \("going"\): image going is DELETING; a deleted image cannot be shared/,
        ],
        [{ imageBuilders: [{ AccountId: acct, Region: R, Name: 'b' }] }, /imageBuilders\[0\] \("b"\): exactly one of ImageName or ImageArn/],
        [{ images: [{ AccountId: acct, Region: R, Name: 'good' }], imageBuilders: [{ AccountId: acct, Region: R, Name: 'b', ImageName: 'no-such-image' }] }, /imageBuilders\[0\] \("b"\): account 666666666666 has no image no-such-image/],
        [{ unicorns: [] }, /unknown member 'unicorns'/],
        [[], /a seed document is a JSON object/],
      ];
      for (const [doc, message] of cases) {
        const r = await seed(server.url, doc);
        assert.equal(r.status, 400, JSON.stringify(doc));
        assert.match(r.body.message, message);
      }
      const out = await appStreamClient(server.url, 'awsJson1_1', { accountId: acct }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.deepEqual(out.Images, []);
    });

    it('a shared image is not seeded DELETING (its shares would come back on the next image of its name)', async () => {
      const acct = '666666666667';
      await seedOk(server.url, { images: [{ AccountId: acct, Region: R, Name: 'kept' }], imagePermissions: [{ AccountId: acct, Region: R, Name: 'kept', SharedAccountId: GRANTEE }] });
      const r = await seed(server.url, { images: [{ AccountId: acct, Region: R, Name: 'kept', State: 'DELETING' }] });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /images\[0\] \("kept"\): image kept is shared \(imagePermissions\), so it cannot be seeded DELETING/);
      const [image] = (await appStreamClient(server.url, 'awsJson1_1', { accountId: acct }).send(new DescribeImagesCommand({ Names: ['kept'] }))).Images!;
      assert.deepEqual([image!.State, image!.ImageSharedWithOthers], ['AVAILABLE', 'TRUE']);
    });

    it('seeded members, times and states', async () => {
      const acct = '777777777777';
      const counts = await seedOk(server.url, {
        images: [
          { AccountId: acct, Region: R, Name: 'iso', CreatedTime: '2024-03-01T10:00:00Z', DisplayName: 'ISO', Platform: 'AMAZON_LINUX2', AppstreamAgentVersion: '06-29-2026' },
          { AccountId: acct, Region: R, Name: 'epoch', CreatedTime: 1700000000, State: 'FAILED', StateChangeReason: { Code: 'INTERNAL_ERROR', Message: 'boom' }, ImageErrors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'boom', ErrorTimestamp: 1700000100 }] },
        ],
        imageBuilders: [{ AccountId: acct, Region: R, Name: 'bld', ImageName: 'iso', InstanceType: 'stream.standard.large' }],
      });
      // The answer counts every family's section of the registry (0 for those the document lacks).
      const none = Object.fromEntries(FAMILIES.flatMap((f) => f.seed ?? []).map((section) => [section.key, 0]));
      assert.deepEqual(counts, { ...none, images: 2, imagePermissions: 0, imageBuilders: 1 });
      const out = await appStreamClient(server.url, 'awsJson1_1', { accountId: acct }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      const [epoch, iso] = out.Images!;
      assert.equal(iso!.CreatedTime!.toISOString(), '2024-03-01T10:00:00.000Z');
      assert.equal(iso!.LatestAppstreamAgentVersion, 'TRUE');
      assert.equal(iso!.State, 'AVAILABLE');
      assert.equal(epoch!.CreatedTime!.getTime(), 1700000000_000);
      assert.equal(epoch!.State, 'FAILED');
      assert.deepEqual(epoch!.StateChangeReason, { Code: 'INTERNAL_ERROR', Message: 'boom' });
      assert.equal(epoch!.ImageErrors![0]!.ErrorTimestamp!.getTime(), 1700000100_000);
      // A platform given is kept; none given (nor a base image): Windows Server 2022 (a decision).
      assert.deepEqual([epoch!.Platform, iso!.Platform], ['WINDOWS_SERVER_2022', 'AMAZON_LINUX2']);
    });

    it('a seeded PENDING image becomes AVAILABLE after transitionSeconds of emulated time', async () => {
      const slow = await startTestServer({ transitionSeconds: 60 });
      try {
        await seedOk(slow.url, { images: [{ AccountId: OWNER, Region: R, Name: 'brewing', State: 'PENDING' }] });
        const state = async () => (await appStreamClient(slow.url).send(new DescribeImagesCommand({ Names: ['brewing'] }))).Images![0]!.State;
        assert.equal(await state(), 'PENDING');
        await slow.service.clock.advance(61);
        assert.equal(await state(), 'AVAILABLE');
      } finally {
        await slow.close();
      }
    });

    it('seeding is idempotent: the same document twice replaces, not duplicates', async () => {
      const doc = { images: [{ AccountId: '888888888888', Region: R, Name: 'again', Description: 'one' }] };
      await seedOk(server.url, doc);
      await seedOk(server.url, { images: [{ ...doc.images[0], Description: 'two' }] });
      const out = await appStreamClient(server.url, 'awsJson1_1', { accountId: '888888888888' }).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
      assert.deepEqual(out.Images!.map((i) => i.Description), ['two']);
    });

    it('start --seed FILE loads a document at start', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'asl-seed-'));
      const file = join(dir, 'seed.json');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, JSON.stringify({ images: privateImages(OWNER, R, 'boot', 3) }));
      const s = await startTestServer({ seedFile: file });
      try {
        const out = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
        assert.deepEqual(out.Images!.map((i) => i.Name), ['boot-000', 'boot-001', 'boot-002']);
      } finally {
        await s.close();
      }
      writeFileSync(file, JSON.stringify({ images: [{ Name: 'x' }] }));
      await assert.rejects(startTestServer({ seedFile: file }), /seed\.json: images\[0\] \("x"\): AccountId is required/);
    });

    it('reset empties one account, or everything but the catalogue', async () => {
      const s = await startTestServer();
      try {
        await seedOk(s.url, {
          images: [...privateImages(OWNER, R, 'a', 2), ...privateImages(GRANTEE, R, 'g', 2)],
          imagePermissions: [{ AccountId: GRANTEE, Region: R, Name: 'g-000', SharedAccountId: OWNER }],
        });
        const r = await reset(s.url, GRANTEE);
        assert.equal(r.status, 200);
        assert.equal(r.body.deleted.images, 2);
        const owner = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
        assert.equal(owner.Images!.length, 2);
        const shared = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'SHARED' }));
        assert.deepEqual(shared.Images, []);
        assert.equal((await reset(s.url)).status, 200);
        // Reset knows every table of the schema but meta (a migration adding a table must add it there).
        const tables = await s.service.db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
        assert.deepEqual(
          tables.map((t) => t.name).filter((n) => n !== 'meta' && n !== 'schema_migrations').sort(),
          RESET_TABLES.map((t) => t.table).sort(),
        );
        for (const { table } of RESET_TABLES) {
          const row = await s.service.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
          assert.equal(row!.n, 0, `table ${table} after reset`);
        }
        const after = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PRIVATE' }));
        assert.deepEqual(after.Images, []);
        const pub = await appStreamClient(s.url).send(new DescribeImagesCommand({ Type: 'PUBLIC' }));
        assert.ok(pub.Images!.length > 0);
        assert.equal((await reset(s.url, 'nope')).status, 400);
      } finally {
        await s.close();
      }
    });
  });
});
