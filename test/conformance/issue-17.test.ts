// Issue 17: the image domain against what real users reported. Each item's input is kept as a
// test with its right value, through the JS SDK in both protocols, and through the AWS CLI or
// boto3 where the report's input was a CLI command or boto3 code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateImportedImageCommand,
  CreateUpdatedImageCommand,
  DeleteImageBuilderCommand,
  DeleteImagePermissionsCommand,
  DescribeImagePermissionsCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
  type Image,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { IMAGE_MEMBERS, type ImageMemberRow } from '../../src/service/images/image-members.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { rejectsWith } from '../support/assertions.js';
import { control } from '../support/control.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { startTestServer } from '../support/server.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const BASE = 'AppStream-WinServer2022-11-10-2025';
const ROLE = 'arn:aws:iam::123456789012:role/AppStreamImportRole';
const FAMILY_TEXT = (type: string, family: string) =>
  `The combination of instance type ${type} and image instance family ${family} is not supported. Select an image that belongs to image instance family supported by this instance type.`;

/** A RUNNING builder `builder` from BASE, then an image `image` made in it with the Image Assistant. */
async function makeImage(server: RunningServer, c: AppStreamClient, builder: string, image: string): Promise<void> {
  await c.send(new CreateImageBuilderCommand({ Name: builder, ImageName: BASE, InstanceType: 'stream.standard.medium' }));
  const where = { AccountId: ACCOUNT, Region: 'us-east-1', ImageBuilderName: builder };
  const add = await control(server, '/image-assistant/add-application', { ...where, Name: 'notepad', AbsoluteAppPath: 'C:\\Windows\\notepad.exe' });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  const made = await control(server, '/image-assistant/create-image', { ...where, Name: image });
  assert.equal(made.status, 200, JSON.stringify(made.body));
}

async function describeOne(c: AppStreamClient, name: string): Promise<Image> {
  const out = await c.send(new DescribeImagesCommand({ Names: [name] }));
  assert.equal(out.Images!.length, 1);
  return out.Images![0]!;
}

/** Asserts that `image` has every member the table fills 'always' and none it says is 'absent'. */
function assertConforms(image: Image, column: keyof Omit<ImageMemberRow, 'why'>, label: string): void {
  for (const [member, row] of Object.entries(IMAGE_MEMBERS)) {
    const present = (image as unknown as Record<string, unknown>)[member] !== undefined;
    if (row[column] === 'always') assert.ok(present, `${label}: ${member} must be present (${row.why})`);
    if (row[column] === 'absent') assert.ok(!present, `${label}: ${member} must be absent (${row.why})`);
  }
}

for (const protocol of PROTOCOLS) {
  describe(`issue 17 over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    before(async () => {
      server = await startTestServer({ transitionSeconds: 0, quotas: { images: 50, imageBuilders: 50, sharedAccountsPerImage: 100 } });
      c = appStreamClient(server.url, protocol);
    });
    after(() => server.close());

    it('1. an image builder takes exactly one subnet (and the other documented input rules)', async () => {
      await rejectsWith(
        c.send(
          new CreateImageBuilderCommand({
            Name: 'two-subnets',
            ImageName: BASE,
            InstanceType: 'stream.standard.small',
            VpcConfig: { SubnetIds: ['subnet-aaaa1111', 'subnet-bbbb2222'] },
          }),
        ),
        'InvalidParameterCombinationException',
        'An image builder uses exactly one subnet; the VpcConfig specifies 2.',
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'no-subnet', ImageName: BASE, InstanceType: 'stream.standard.small', VpcConfig: { SubnetIds: [] } })),
        'InvalidParameterCombinationException',
        'An image builder uses exactly one subnet; the VpcConfig specifies 0.',
      );
      const one = await c.send(
        new CreateImageBuilderCommand({
          Name: 'one-subnet',
          ImageName: BASE,
          InstanceType: 'stream.standard.small',
          VpcConfig: { SubnetIds: ['subnet-aaaa1111'], SecurityGroupIds: ['sg-0123'] },
          RootVolumeConfig: { VolumeSizeInGb: 500 },
        }),
      );
      assert.deepEqual(one.ImageBuilder!.VpcConfig, { SubnetIds: ['subnet-aaaa1111'], SecurityGroupIds: ['sg-0123'] });
      await c.send(new DeleteImageBuilderCommand({ Name: 'one-subnet' }));
      // [Md VolumeConfig] 200-500 GB.
      for (const size of [199, 501]) {
        await rejectsWith(
          c.send(new CreateImageBuilderCommand({ Name: 'vol', ImageName: BASE, InstanceType: 'stream.standard.small', RootVolumeConfig: { VolumeSizeInGb: size } })),
          'InvalidParameterCombinationException',
          `The value ${size} of RootVolumeConfig.VolumeSizeInGb is not valid. It must be between 200 and 500.`,
        );
      }
      // [Md CreateImageBuilder.InstanceType] the builder list has no stream.standard.xlarge (fleets do).
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'xl', ImageName: BASE, InstanceType: 'stream.standard.xlarge' })),
        'InvalidParameterCombinationException',
        'The instance type stream.standard.xlarge is not available for image builders.',
      );
      // CreateImportedImage: [Md Name] at most 100 characters (the pattern allows 101).
      const long = 'a'.repeat(101);
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: long, SourceAmiId: 'ami-0123456789abcdef0' })),
        'ValidationException',
        `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 100`,
      );
      // [Md ApplicationConfig.Name] unique within the catalog; [Md AbsoluteAppPath] at least 1 character.
      await rejectsWith(
        c.send(
          new CreateImportedImageCommand({
            Name: 'dup-apps',
            SourceAmiId: 'ami-0123456789abcdef0',
            AppCatalogConfig: [
              { Name: 'calc', AbsoluteAppPath: 'C:\\calc.exe' },
              { Name: 'calc', AbsoluteAppPath: 'C:\\other.exe' },
            ],
          }),
        ),
        'InvalidParameterCombinationException',
        'AppCatalogConfig application names must be unique; calc is given more than once.',
      );
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'empty-path', SourceAmiId: 'ami-0123456789abcdef0', AppCatalogConfig: [{ Name: 'calc', AbsoluteAppPath: '' }] })),
        'ValidationException',
        "1 validation error detected: Value at 'appCatalogConfig.1.member.absoluteAppPath' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['dup-apps', 'empty-path'] })), 'ResourceNotFoundException');
    });

    it('1. image permissions name 12-digit accounts ([Md] SharedAwsAccountIds, SharedAccountId)', async () => {
      await makeImage(server, c, 'perm-b', 'perm-img');
      await rejectsWith(
        c.send(new DescribeImagePermissionsCommand({ Name: 'perm-img', SharedAwsAccountIds: ['123'] })),
        'ValidationException',
        "1 validation error detected: Value '[123]' at 'sharedAwsAccountIds' failed to satisfy constraint: Member must satisfy constraint: [Member must be a 12-digit AWS account ID]",
      );
      await rejectsWith(
        c.send(new DeleteImagePermissionsCommand({ Name: 'perm-img', SharedAccountId: '123' })),
        'ValidationException',
        "1 validation error detected: Value '123' at 'sharedAccountId' failed to satisfy constraint: Member must be a 12-digit AWS account ID",
      );
      const ok = await c.send(new DescribeImagePermissionsCommand({ Name: 'perm-img', SharedAwsAccountIds: [OTHER] }));
      assert.deepEqual(ok.SharedImagePermissionsList, []);
    });

    it('2. an updated image has no ImageBuilderName, in the answer and in DescribeImages', async () => {
      await makeImage(server, c, 'mu-b', 'app-v1');
      assert.equal((await describeOne(c, 'app-v1')).ImageBuilderName, 'mu-b');
      const out = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'app-v1', newImageName: 'app-v2' }));
      assert.equal(out.image!.Name, 'app-v2');
      assert.equal(out.image!.ImageBuilderName, undefined);
      const v2 = await describeOne(c, 'app-v2');
      assert.equal(v2.State, 'AVAILABLE');
      assert.equal(v2.ImageBuilderName, undefined);
      // What it does keep from app-v1 (the table's 'source' members).
      assert.equal(v2.Platform, 'WINDOWS_SERVER_2022');
      assert.equal(v2.Applications![0]!.Name, 'notepad');
      assert.equal(v2.PublicBaseImageReleasedDate?.toISOString(), '2025-11-10T00:00:00.000Z');
      // app-v1 itself keeps its builder.
      assert.equal((await describeOne(c, 'app-v1')).ImageBuilderName, 'mu-b');
    });

    it('2. every member for every way an image comes to exist follows the one table', async () => {
      await makeImage(server, c, 'tbl-b', 'tbl-made');
      const made = await describeOne(c, 'tbl-made');
      assertConforms(made, 'MADE', 'made');
      assert.equal(made.ImageBuilderName, 'tbl-b');

      await c.send(new CopyImageCommand({ SourceImageName: 'tbl-made', DestinationImageName: 'tbl-copied', DestinationRegion: 'us-east-1' }));
      const copied = await describeOne(c, 'tbl-copied');
      assertConforms(copied, 'COPIED', 'copied');
      assert.equal(copied.BaseImageArn, made.BaseImageArn);

      await c.send(new CreateUpdatedImageCommand({ existingImageName: 'tbl-made', newImageName: 'tbl-updated' }));
      const updated = await describeOne(c, 'tbl-updated');
      assertConforms(updated, 'UPDATED', 'updated');
      assert.equal(updated.BaseImageArn, `arn:aws:appstream:us-east-1:${ACCOUNT}:image/tbl-made`);

      await c.send(new CreateImportedImageCommand({ Name: 'tbl-imported', SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: ROLE }));
      const imported = await describeOne(c, 'tbl-imported');
      assertConforms(imported, 'IMPORTED', 'imported');
      assert.equal(imported.ImageType, 'CUSTOM');

      // The grantee's view of each: the SHARED column (no ImageBuilderName, no ImageSharedWithOthers).
      const grantee = appStreamClient(server.url, protocol, { accountId: OTHER });
      for (const name of ['tbl-made', 'tbl-copied', 'tbl-updated', 'tbl-imported']) {
        await c.send(new UpdateImagePermissionsCommand({ Name: name, SharedAccountId: OTHER, ImagePermissions: { allowFleet: true, allowImageBuilder: true } }));
        const arn = `arn:aws:appstream:us-east-1:${ACCOUNT}:image/${name}`;
        const seen = (await grantee.send(new DescribeImagesCommand({ Arns: [arn] }))).Images![0]!;
        assertConforms(seen, 'SHARED', `${name} shared`);
        assert.equal(seen.Visibility, 'SHARED');
        assert.deepEqual(seen.ImagePermissions, { allowFleet: true, allowImageBuilder: true });
        // Otherwise the owner's values.
        const own = await describeOne(c, name);
        assert.equal(seen.Platform, own.Platform);
        assert.equal(seen.AppstreamAgentVersion, own.AppstreamAgentVersion);
        assert.equal(own.ImageSharedWithOthers, 'TRUE');
      }

      // PUBLIC: the catalogue, every image.
      let token: string | undefined;
      do {
        const page = await c.send(new DescribeImagesCommand({ Type: 'PUBLIC', NextToken: token }));
        for (const image of page.Images!) assertConforms(image, 'PUBLIC', image.Name!);
        token = page.NextToken;
      } while (token);
    });

    it('3. CreateImportedImage validates on Accelerated.g6e.xlarge', async () => {
      const out = await c.send(
        new CreateImportedImageCommand({
          Name: 'omniverse',
          SourceAmiId: 'ami-0123456789abcdef0',
          IamRoleArn: ROLE,
          AgentSoftwareVersion: 'ALWAYS_LATEST',
          RuntimeValidationConfig: { IntendedInstanceType: 'Accelerated.g6e.xlarge' },
        }),
      );
      assert.equal(out.Image!.State, 'IMPORTING');
      const img = await describeOne(c, 'omniverse');
      assert.equal(img.State, 'AVAILABLE');
      assert.ok(img.SupportedInstanceFamilies!.includes('ACCELERATED'));
      // The custom-image types are not image builder types ([Md] CreateImageBuilder's list is stream.* only).
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'acc-b', ImageName: 'omniverse', InstanceType: 'Accelerated.g6e.xlarge' })),
        'InvalidParameterCombinationException',
        'The instance type Accelerated.g6e.xlarge is not available for image builders.',
      );
      // A name the table does not have is still refused (and one that breaks the model's pattern fails validation).
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'bogus', SourceAmiId: 'ami-0123456789abcdef0', RuntimeValidationConfig: { IntendedInstanceType: 'Accelerated.g99.xlarge' } })),
        'InvalidParameterCombinationException',
        'The instance type Accelerated.g99.xlarge is not supported by AppStream 2.0.',
      );
    });

    it("4. AWS's texts: the IAM role and the instance family", async () => {
      const arn = 'arn:aws:iam::111111111111:user/bob';
      await assert.rejects(c.send(new CreateImageBuilderCommand({ Name: 'role-b', ImageName: BASE, InstanceType: 'stream.standard.small', IamRoleArn: arn })), (e: any) => {
        assert.equal(e.name, 'InvalidRoleException');
        assert.equal(e.message, `AppStream 2.0 encountered an error because your IAM role '${arn}' is invalid`);
        // What Terraform matches before it retries.
        assert.ok(e.message.includes('encountered an error because your IAM role'));
        return true;
      });
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'gd-b', ImageName: BASE, InstanceType: 'stream.graphics-design.xlarge' })),
        'InvalidParameterCombinationException',
        FAMILY_TEXT('stream.graphics-design.xlarge', 'GENERAL_PURPOSE'),
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'g5-b', ImageName: 'AppStream-Graphics-G4dn-WinServer2022-11-10-2025', InstanceType: 'stream.graphics.g5.xlarge' })),
        'InvalidParameterCombinationException',
        FAMILY_TEXT('stream.graphics.g5.xlarge', 'GRAPHICS_G4'),
      );
    });

    it('5. ListTagsForResource on an untagged resource answers Tags: {}', async () => {
      await c.send(new CreateImageBuilderCommand({ Name: 'untagged', ImageName: BASE, InstanceType: 'stream.standard.small' }));
      const out = await c.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:appstream:us-east-1:${ACCOUNT}:image-builder/untagged` }));
      assert.deepEqual(out.Tags, {});
      await c.send(new DeleteImageBuilderCommand({ Name: 'untagged' }));
    });

    it('6. the not-found message names the account in the ARN', async () => {
      const arn = 'arn:aws:appstream:us-east-1:999999999999:image/golden';
      await rejectsWith(c.send(new DescribeImagesCommand({ Arns: [arn] })), 'ResourceNotFoundException', 'The image golden for account 999999999999 does not exist.');
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'from-arn', ImageArn: arn, InstanceType: 'stream.standard.small' })),
        'ResourceNotFoundException',
        'The image golden for account 999999999999 does not exist.',
      );
      // By name: the caller's account.
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['golden'] })), 'ResourceNotFoundException', `The image golden for account ${ACCOUNT} does not exist.`);
    });

    it('also seen: current Amazon Linux 2 and Ubuntu Pro 24.04 public base images', async () => {
      const images = (await c.send(new DescribeImagesCommand({ Names: ['AppStream-AmazonLinux2-08-31-2026', 'AppStream-UbuntuPro2404-08-31-2026'] }))).Images!;
      assert.deepEqual(
        images.map((i) => [i.Name, i.Platform, i.Visibility, i.State]),
        [
          ['AppStream-AmazonLinux2-08-31-2026', 'AMAZON_LINUX2', 'PUBLIC', 'AVAILABLE'],
          ['AppStream-UbuntuPro2404-08-31-2026', 'UBUNTU_PRO_2404', 'PUBLIC', 'AVAILABLE'],
        ],
      );
      assert.equal(images[1]!.DisplayName, 'Ubuntu Pro 24.04 Base 08-31-2026');
      for (const image of images) {
        const b = await c.send(new CreateImageBuilderCommand({ Name: `on-${image.Platform}`, ImageName: image.Name, InstanceType: 'stream.standard.large' }));
        assert.equal(b.ImageBuilder!.Platform, image.Platform);
        await c.send(new DeleteImageBuilderCommand({ Name: `on-${image.Platform}` }));
      }
    });
  });
}

describe('issue 17 through the AWS CLI (the reports were CLI commands)', { skip: awsCliSkipReason() }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
  });
  after(() => server.close());

  it('1. create-image-builder with two subnets: InvalidParameterCombinationException', async () => {
    const r = await runAwsCli(server.url, [
      'create-image-builder',
      '--name',
      'two-subnets',
      '--image-name',
      'AppStream-WinServer2022-11-10-2025',
      '--instance-type',
      'stream.standard.small',
      '--vpc-config',
      'SubnetIds=subnet-aaaa1111,subnet-bbbb2222',
    ]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\(InvalidParameterCombinationException\) when calling the CreateImageBuilder operation: An image builder uses exactly one subnet; the VpcConfig specifies 2\./);
    const none = await runAwsCli(server.url, ['describe-image-builders']);
    assert.deepEqual((none.json as any).ImageBuilders, []);
  });

  it('2. create-updated-image: no ImageBuilderName in the answer or in describe-images', async () => {
    const cli = appStreamClient(server.url);
    await makeImage(server, cli, 'mu-b', 'app-v1');
    const r = await runAwsCli(server.url, ['create-updated-image', '--existing-image-name', 'app-v1', '--new-image-name', 'app-v2']);
    assert.equal(r.status, 0, r.stderr);
    const answered = (r.json as any).image;
    assert.equal(answered.Name, 'app-v2');
    assert.ok(!('ImageBuilderName' in answered));
    const d = await runAwsCli(server.url, ['describe-images', '--names', 'app-v2']);
    assert.equal(d.status, 0, d.stderr);
    assert.ok(!('ImageBuilderName' in (d.json as any).Images[0]));
    assert.equal((d.json as any).Images[0].State, 'AVAILABLE');
  });

  it('3. create-imported-image with Accelerated.g6e.xlarge', async () => {
    const r = await runAwsCli(server.url, [
      'create-imported-image',
      '--name',
      'omniverse',
      '--source-ami-id',
      'ami-0123456789abcdef0',
      '--iam-role-arn',
      'arn:aws:iam::123456789012:role/AppStreamImportRole',
      '--agent-software-version',
      'ALWAYS_LATEST',
      '--runtime-validation-config',
      '{"IntendedInstanceType":"Accelerated.g6e.xlarge"}',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((r.json as any).Image.Name, 'omniverse');
    assert.equal((r.json as any).Image.State, 'IMPORTING');
  });
});

describe('issue 17 through boto3', { skip: boto3SkipReason() }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
  });
  after(() => server.close());

  it("5. resp['Tags'] of an untagged image builder is {}", async () => {
    const r = await runBoto3(
      server.url,
      `
b = client.create_image_builder(Name='untagged', ImageName='${BASE}', InstanceType='stream.standard.small')['ImageBuilder']
resp = client.list_tags_for_resource(ResourceArn=b['Arn'])
result = resp['Tags']`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.value, {});
  });
});
