// Making, copying, updating, importing and deleting images through real clients (JS SDK v3,
// both protocols) and the Image Assistant's control API: happy paths with transitionSeconds 0,
// every modeled error, failures on purpose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateImportedImageCommand,
  CreateUpdatedImageCommand,
  DeleteImageCommand,
  DeleteImagePermissionsCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';
import { control } from '../support/control.js';

const ACCOUNT = '111111111111';
const BASE = 'AppStream-WinServer2022-11-10-2025';
const LATEST = '06-29-2026';

/** A RUNNING builder with applications, then an image made from it (PENDING -> AVAILABLE). */
async function makeImage(server: RunningServer, c: AppStreamClient, builder: string, image: string, extra: Record<string, unknown> = {}) {
  await c.send(new CreateImageBuilderCommand({ Name: builder, ImageName: BASE, InstanceType: 'stream.standard.medium' }));
  const add = await control(server, '/image-assistant/add-application', {
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    ImageBuilderName: builder,
    Name: 'notepadpp',
    DisplayName: 'Notepad++',
    AbsoluteAppPath: 'C:\\Program Files\\Notepad++\\notepad++.exe',
    LaunchParameters: '-multiInst',
    WorkingDirectory: 'C:\\Users\\Public',
  });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  const made = await control(server, '/image-assistant/create-image', {
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    ImageBuilderName: builder,
    Name: image,
    ...extra,
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  return made.body.Image;
}

async function describeOne(c: AppStreamClient, name: string) {
  const out = await c.send(new DescribeImagesCommand({ Names: [name], Type: 'PRIVATE' }));
  assert.equal(out.Images!.length, 1);
  return out.Images![0]!;
}

for (const protocol of PROTOCOLS) {
  describe(`image lifecycle over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    before(async () => {
      server = await startTestServer({ transitionSeconds: 0 });
      c = appStreamClient(server.url, protocol);
    });
    after(() => server.close());

    it('the Image Assistant makes an image: PENDING, then AVAILABLE; the builder SNAPSHOTTING, then STOPPED', async () => {
      const image = await makeImage(server, c, 'ib', 'app-image', { DisplayName: 'App image', Description: 'v1', Tags: { stage: 'dev' } });
      assert.equal(image.State, 'PENDING');
      assert.equal(image.Name, 'app-image');
      const seen = await describeOne(c, 'app-image');
      assert.equal(seen.State, 'AVAILABLE');
      assert.equal(seen.ImageBuilderName, 'ib');
      assert.equal(seen.BaseImageArn, `arn:aws:appstream:us-east-1::image/${BASE}`);
      assert.equal(seen.Platform, 'WINDOWS_SERVER_2022');
      assert.equal(seen.PublicBaseImageReleasedDate?.toISOString(), '2025-11-10T00:00:00.000Z');
      assert.equal(seen.AppstreamAgentVersion, '11-10-2025');
      assert.equal(seen.DisplayName, 'App image');
      assert.equal(seen.Description, 'v1');
      assert.equal(seen.Visibility, 'PRIVATE');
      assert.equal(seen.ImageType, 'NATIVE');
      assert.deepEqual(
        seen.Applications!.map((a) => [a.Name, a.DisplayName, a.LaunchPath, a.LaunchParameters, a.WorkingDirectory, a.Enabled]),
        [['notepadpp', 'Notepad++', 'C:\\Program Files\\Notepad++\\notepad++.exe', '-multiInst', 'C:\\Users\\Public', true]],
      );
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: seen.Arn }))).Tags, { stage: 'dev' });
      assert.equal((await c.send(new DescribeImageBuildersCommand({ Names: ['ib'] }))).ImageBuilders![0]!.State, 'STOPPED');
    });

    it('CopyImage: to another region, COPYING then AVAILABLE, keeping the applications', async () => {
      const out = await c.send(
        new CopyImageCommand({
          SourceImageName: 'app-image',
          DestinationImageName: 'app-image-eu',
          DestinationRegion: 'eu-west-1',
          DestinationImageDescription: 'copied',
        }),
      );
      assert.equal(out.DestinationImageName, 'app-image-eu');
      const eu = appStreamClient(server.url, protocol, { region: 'eu-west-1' });
      const copy = await describeOne(eu, 'app-image-eu');
      assert.equal(copy.State, 'AVAILABLE');
      assert.equal(copy.Arn, `arn:aws:appstream:eu-west-1:${ACCOUNT}:image/app-image-eu`);
      assert.equal(copy.Description, 'copied');
      assert.equal(copy.Platform, 'WINDOWS_SERVER_2022');
      assert.equal(copy.Applications![0]!.Name, 'notepadpp');
      // Same region, another name, works too.
      await c.send(new CopyImageCommand({ SourceImageName: 'app-image', DestinationImageName: 'app-image-2', DestinationRegion: 'us-east-1' }));
      assert.equal((await describeOne(c, 'app-image-2')).State, 'AVAILABLE');
    });

    it('CopyImage errors', async () => {
      await rejectsWith(
        c.send(new CopyImageCommand({ SourceImageName: 'nope', DestinationImageName: 'n2', DestinationRegion: 'eu-west-1' })),
        'ResourceNotFoundException',
        `The image nope for account ${ACCOUNT} does not exist.`,
      );
      await rejectsWith(
        c.send(new CopyImageCommand({ SourceImageName: BASE, DestinationImageName: 'n2', DestinationRegion: 'eu-west-1' })),
        'ResourceNotFoundException',
      );
      await rejectsWith(
        c.send(new CopyImageCommand({ SourceImageName: 'app-image', DestinationImageName: 'app-image-eu', DestinationRegion: 'eu-west-1' })),
        'ResourceAlreadyExistsException',
        'The image app-image-eu already exists.',
      );
      await assert.rejects(
        c.send(new CopyImageCommand({ SourceImageName: 'app-image', DestinationImageName: 'AppStream-mine', DestinationRegion: 'eu-west-1' })),
        (e: any) => e.name === 'ValidationException' && /must not start with/.test(e.message),
      );
      await assert.rejects(
        c.send(new CopyImageCommand({ SourceImageName: 'app-image', DestinationImageName: 'x', DestinationRegion: 'mars-1' })),
        (e: any) => e.name === 'ValidationException',
      );
    });

    it('CreateUpdatedImage: dryRun answers canUpdateImage and creates nothing', async () => {
      const dry = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'app-image', newImageName: 'app-image-v2', dryRun: true }));
      assert.equal(dry.canUpdateImage, true);
      assert.equal(dry.image?.Name, 'app-image');
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['app-image-v2'] })), 'ResourceNotFoundException');
    });

    it('CreateUpdatedImage: CREATING, then AVAILABLE with the latest agent and newImageTags', async () => {
      const out = await c.send(
        new CreateUpdatedImageCommand({
          existingImageName: 'app-image',
          newImageName: 'app-image-v2',
          newImageDescription: 'updated',
          newImageDisplayName: 'App v2',
          newImageTags: { stage: 'prod' },
        }),
      );
      assert.equal(out.canUpdateImage, true);
      assert.equal(out.image!.State, 'CREATING');
      assert.equal(out.image!.Name, 'app-image-v2');
      const v2 = await describeOne(c, 'app-image-v2');
      assert.equal(v2.State, 'AVAILABLE');
      assert.equal(v2.AppstreamAgentVersion, LATEST);
      assert.equal(v2.LatestAppstreamAgentVersion, 'TRUE');
      assert.equal(v2.Description, 'updated');
      assert.equal(v2.DisplayName, 'App v2');
      assert.equal(v2.BaseImageArn, `arn:aws:appstream:us-east-1:${ACCOUNT}:image/app-image`);
      assert.equal(v2.Applications![0]!.Name, 'notepadpp');
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: v2.Arn }))).Tags, { stage: 'prod' });
    });

    it('CreateUpdatedImage errors: already latest, missing, name taken', async () => {
      const dry = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'app-image-v2', newImageName: 'v3', dryRun: true }));
      assert.equal(dry.canUpdateImage, false);
      await rejectsWith(
        c.send(new CreateUpdatedImageCommand({ existingImageName: 'app-image-v2', newImageName: 'v3' })),
        'IncompatibleImageException',
        /already uses the latest AppStream 2.0 agent/,
      );
      await rejectsWith(
        c.send(new CreateUpdatedImageCommand({ existingImageName: 'nope', newImageName: 'v3' })),
        'ResourceNotFoundException',
        `The image nope for account ${ACCOUNT} does not exist.`,
      );
      await rejectsWith(
        c.send(new CreateUpdatedImageCommand({ existingImageName: 'app-image', newImageName: 'app-image-2' })),
        'ResourceAlreadyExistsException',
      );
    });

    it('CreateImportedImage: IMPORTING, then AVAILABLE; CUSTOM; AppCatalogConfig becomes Applications', async () => {
      const out = await c.send(
        new CreateImportedImageCommand({
          Name: 'imported',
          SourceAmiId: 'ami-0123456789abcdef0',
          IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/AppStreamImport`,
          Description: 'from an AMI',
          DisplayName: 'Imported',
          Tags: { source: 'ami' },
          AppCatalogConfig: [{ Name: 'Calc', AbsoluteAppPath: 'C:\\Windows\\System32\\calc.exe', DisplayName: 'Calculator' }],
        }),
      );
      assert.equal(out.Image!.State, 'IMPORTING');
      assert.equal(out.Image!.ImageType, 'CUSTOM');
      const img = await describeOne(c, 'imported');
      assert.equal(img.State, 'AVAILABLE');
      assert.equal(img.ImageType, 'CUSTOM');
      assert.deepEqual(img.Applications!.map((a) => [a.Name, a.DisplayName, a.LaunchPath]), [['Calc', 'Calculator', 'C:\\Windows\\System32\\calc.exe']]);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: img.Arn }))).Tags, { source: 'ami' });
      const byol = await c.send(new CreateImportedImageCommand({ Name: 'from-workspaces', WorkspaceImageId: 'wsi-0123456789abc' }));
      assert.equal(byol.Image!.ImageType, 'BYOL');
    });

    it('CreateImportedImage errors: source combination, DryRun, role, instance type, name', async () => {
      const combo = 'Exactly one of SourceAmiId or WorkspaceImageId must be specified.';
      await rejectsWith(c.send(new CreateImportedImageCommand({ Name: 'i2' })), 'InvalidParameterCombinationException', combo);
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'i2', SourceAmiId: 'ami-0123456789abcdef0', WorkspaceImageId: 'wsi-0123456789abc' })),
        'InvalidParameterCombinationException',
        combo,
      );
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'i2', SourceAmiId: 'ami-0123456789abcdef0', DryRun: true })),
        'DryRunOperationException',
        'Request would have succeeded, but DryRun flag is set.',
      );
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['i2'] })), 'ResourceNotFoundException');
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'i2', SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: 'arn:aws:s3:::bucket/role' })),
        'InvalidRoleException',
      );
      await rejectsWith(
        c.send(
          new CreateImportedImageCommand({
            Name: 'i2',
            SourceAmiId: 'ami-0123456789abcdef0',
            RuntimeValidationConfig: { IntendedInstanceType: 'stream.bogus.large' },
          }),
        ),
        'InvalidParameterCombinationException',
      );
      await rejectsWith(
        c.send(new CreateImportedImageCommand({ Name: 'imported', SourceAmiId: 'ami-0123456789abcdef0' })),
        'ResourceAlreadyExistsException',
      );
      await assert.rejects(
        c.send(new CreateImportedImageCommand({ Name: 'Amazon-mine', SourceAmiId: 'ami-0123456789abcdef0' })),
        (e: any) => e.name === 'ValidationException',
      );
    });

    it('DeleteImage: DELETING, then gone; shared images are in use; the name is free again', async () => {
      await c.send(
        new UpdateImagePermissionsCommand({ Name: 'app-image-2', SharedAccountId: '222222222222', ImagePermissions: { allowFleet: true, allowImageBuilder: true } }),
      );
      await rejectsWith(
        c.send(new DeleteImageCommand({ Name: 'app-image-2' })),
        'ResourceInUseException',
        'The image app-image-2 is shared with other accounts. Remove its image permissions before you delete it.',
      );
      // The account it is shared with cannot delete, copy or update it (it does not own it).
      const other = appStreamClient(server.url, protocol, { accountId: '222222222222' });
      await rejectsWith(other.send(new DeleteImageCommand({ Name: 'app-image-2' })), 'ResourceNotFoundException');
      await rejectsWith(
        other.send(new CopyImageCommand({ SourceImageName: 'app-image-2', DestinationImageName: 'mine', DestinationRegion: 'us-east-1' })),
        'ResourceNotFoundException',
      );
      await rejectsWith(
        other.send(new CreateUpdatedImageCommand({ existingImageName: 'app-image-2', newImageName: 'mine' })),
        'ResourceNotFoundException',
      );
      await c.send(new DeleteImagePermissionsCommand({ Name: 'app-image-2', SharedAccountId: '222222222222' }));
      const out = await c.send(new DeleteImageCommand({ Name: 'app-image-2' }));
      assert.equal(out.Image!.State, 'DELETING');
      assert.equal(out.Image!.Name, 'app-image-2');
      await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['app-image-2'] })), 'ResourceNotFoundException');
      await rejectsWith(c.send(new DeleteImageCommand({ Name: 'app-image-2' })), 'ResourceNotFoundException');
      await rejectsWith(c.send(new DeleteImageCommand({ Name: BASE })), 'ResourceNotFoundException');
      await c.send(new CopyImageCommand({ SourceImageName: 'app-image', DestinationImageName: 'app-image-2', DestinationRegion: 'us-east-1' }));
      assert.equal((await describeOne(c, 'app-image-2')).State, 'AVAILABLE');
    });
  });
}

describe('the Image Assistant control API: errors in the API envelope', () => {
  let server: RunningServer;
  let c: AppStreamClient;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0, quotas: { images: 2, imageBuilders: 10, sharedAccountsPerImage: 100 } });
    c = appStreamClient(server.url);
    await c.send(new CreateImageBuilderCommand({ Name: 'ia', ImageName: BASE, InstanceType: 'stream.standard.medium' }));
  });
  after(() => server.close());

  const where = { AccountId: ACCOUNT, Region: 'us-east-1' };

  it('builder missing: ResourceNotFoundException', async () => {
    for (const path of ['/image-assistant/add-application', '/image-assistant/create-image']) {
      const r = await control(server, path, { ...where, ImageBuilderName: 'nope', Name: 'x', AbsoluteAppPath: 'C:\\x.exe' });
      assert.equal(r.status, 404);
      assert.equal(r.body.__type, 'ResourceNotFoundException');
      assert.equal(r.body.message, `The image builder nope for account ${ACCOUNT} does not exist.`);
    }
  });

  it('reserved prefixes and bad names: ValidationException', async () => {
    for (const name of ['aws-image', 'AppStream-x', 'AMAZONish', '-bad', 'a'.repeat(102)]) {
      const r = await control(server, '/image-assistant/create-image', { ...where, ImageBuilderName: 'ia', Name: name });
      assert.equal(r.status, 400, name);
      assert.equal(r.body.__type, 'ValidationException', name);
    }
    const missing = await control(server, '/image-assistant/add-application', { ...where, ImageBuilderName: 'ia', Name: 'x' });
    assert.equal(missing.body.__type, 'ValidationException');
    assert.match(missing.body.message, /absoluteAppPath|AbsoluteAppPath/);
    const notJson = await fetch(`${server.url}/_appstream/image-assistant/create-image`, { method: 'POST', body: '{' });
    assert.equal(notJson.status, 400);
  });

  it('name taken, quota, and a builder that is not RUNNING', async () => {
    const first = await control(server, '/image-assistant/create-image', { ...where, ImageBuilderName: 'ia', Name: 'one' });
    assert.equal(first.status, 200);
    // The builder is STOPPED now (it snapshotted).
    const stopped = await control(server, '/image-assistant/create-image', { ...where, ImageBuilderName: 'ia', Name: 'two' });
    assert.equal(stopped.body.__type, 'ResourceNotAvailableException');
    assert.equal(stopped.body.message, 'The image builder ia is STOPPED. The image builder must be in a RUNNING state for this action to succeed.');
    const add = await control(server, '/image-assistant/add-application', { ...where, ImageBuilderName: 'ia', Name: 'x', AbsoluteAppPath: 'C:\\x.exe' });
    assert.equal(add.body.__type, 'ResourceNotAvailableException');
    await c.send(new CreateImageBuilderCommand({ Name: 'ia2', ImageName: BASE, InstanceType: 'stream.standard.medium' }));
    const taken = await control(server, '/image-assistant/create-image', { ...where, ImageBuilderName: 'ia2', Name: 'one' });
    assert.equal(taken.body.__type, 'ResourceAlreadyExistsException');
    await c.send(new CreateImportedImageCommand({ Name: 'two', SourceAmiId: 'ami-0123456789abcdef0' }));
    const quota = await control(server, '/image-assistant/create-image', { ...where, ImageBuilderName: 'ia2', Name: 'three' });
    assert.equal(quota.status, 400);
    assert.equal(quota.body.__type, 'LimitExceededException');
    await rejectsWith(
      c.send(new CopyImageCommand({ SourceImageName: 'one', DestinationImageName: 'three', DestinationRegion: 'us-east-1' })),
      'LimitExceededException',
      'The maximum number of images (2) for account 111111111111 in us-east-1 has been reached.',
    );
    await rejectsWith(c.send(new CreateUpdatedImageCommand({ existingImageName: 'one', newImageName: 'three' })), 'LimitExceededException');
    await rejectsWith(c.send(new CreateImportedImageCommand({ Name: 'three', SourceAmiId: 'ami-0123456789abcdef0' })), 'LimitExceededException');
    // A copy to another region counts there.
    await c.send(new CopyImageCommand({ SourceImageName: 'one', DestinationImageName: 'three', DestinationRegion: 'us-west-2' }));
  });
});

describe('failures on purpose for images', () => {
  let server: RunningServer;
  let c: AppStreamClient;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
    c = appStreamClient(server.url);
  });
  after(() => server.close());

  const expectFailed = async (client: AppStreamClient, name: string, code: string) => {
    const img = await describeOne(client, name);
    assert.equal(img.State, 'FAILED', name);
    assert.equal(img.StateChangeReason?.Code, code);
    assert.ok(img.StateChangeReason?.Message);
    assert.equal(img.ImageErrors?.[0]?.ErrorCode, 'INTERNAL_SERVICE_ERROR');
    assert.ok(img.ImageErrors?.[0]?.ErrorTimestamp instanceof Date);
  };

  it('CreateImage fails with IMAGE_BUILDER_NOT_AVAILABLE', async () => {
    await control(server, '/failures', { Operation: 'CreateImage', AccountId: ACCOUNT });
    const image = await makeImage(server, c, 'fb', 'failed-made');
    assert.equal(image.State, 'PENDING');
    assert.equal(image.StateChangeReason, undefined);
    await expectFailed(c, 'failed-made', 'IMAGE_BUILDER_NOT_AVAILABLE');
    // A FAILED image cannot be copied or updated, and can be deleted.
    await rejectsWith(
      c.send(new CopyImageCommand({ SourceImageName: 'failed-made', DestinationImageName: 'x', DestinationRegion: 'eu-west-1' })),
      'ResourceNotAvailableException',
      'The image failed-made is FAILED. The image must be in an AVAILABLE state for this action to succeed.',
    );
    await rejectsWith(
      c.send(new CreateUpdatedImageCommand({ existingImageName: 'failed-made', newImageName: 'x' })),
      'OperationNotPermittedException',
      /is FAILED/,
    );
    assert.equal((await c.send(new DeleteImageCommand({ Name: 'failed-made' }))).Image!.State, 'DELETING');
  });

  it('CopyImage, CreateUpdatedImage and CreateImportedImage fail with their codes; Count is consumed one by one', async () => {
    await makeImage(server, c, 'fb2', 'good');
    await control(server, '/failures', { Operation: 'CopyImage', Count: 2 });
    await c.send(new CopyImageCommand({ SourceImageName: 'good', DestinationImageName: 'c1', DestinationRegion: 'us-east-1' }));
    await c.send(new CopyImageCommand({ SourceImageName: 'good', DestinationImageName: 'c2', DestinationRegion: 'us-east-1' }));
    await c.send(new CopyImageCommand({ SourceImageName: 'good', DestinationImageName: 'c3', DestinationRegion: 'us-east-1' }));
    await expectFailed(c, 'c1', 'IMAGE_COPY_FAILURE');
    await expectFailed(c, 'c2', 'IMAGE_COPY_FAILURE');
    assert.equal((await describeOne(c, 'c3')).State, 'AVAILABLE');

    await control(server, '/failures', { Operation: 'CreateUpdatedImage' });
    await c.send(new CreateUpdatedImageCommand({ existingImageName: 'good', newImageName: 'u1' }));
    await expectFailed(c, 'u1', 'IMAGE_UPDATE_FAILURE');

    await control(server, '/failures', { Operation: 'CreateImportedImage' });
    await c.send(new CreateImportedImageCommand({ Name: 'imp1', SourceAmiId: 'ami-0123456789abcdef0' }));
    await expectFailed(c, 'imp1', 'IMAGE_IMPORT_FAILURE');
    // The rules are used up.
    await c.send(new CreateImportedImageCommand({ Name: 'imp2', SourceAmiId: 'ami-0123456789abcdef0' }));
    assert.equal((await describeOne(c, 'imp2')).State, 'AVAILABLE');
  });

  it('create-image with UseLatestAgentVersion makes an image on the newest agent', async () => {
    await makeImage(server, c, 'agent-b', 'agent-latest', { UseLatestAgentVersion: true });
    const img = await describeOne(c, 'agent-latest');
    assert.equal(img.AppstreamAgentVersion, LATEST);
    assert.equal(img.LatestAppstreamAgentVersion, 'TRUE');
    const dry = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'agent-latest', newImageName: 'x', dryRun: true }));
    assert.equal(dry.canUpdateImage, false);
  });

  it("a seeded builder makes images with its base image's details", async () => {
    const seeded = await control(server, '/seed', {
      imageBuilders: [{ AccountId: ACCOUNT, Region: 'us-east-1', Name: 'seeded-b', ImageName: BASE, State: 'RUNNING' }],
    });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
    const made = await control(server, '/image-assistant/create-image', {
      AccountId: ACCOUNT,
      Region: 'us-east-1',
      ImageBuilderName: 'seeded-b',
      Name: 'from-seeded',
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const img = await describeOne(c, 'from-seeded');
    assert.equal(img.State, 'AVAILABLE');
    assert.equal(img.BaseImageArn, `arn:aws:appstream:us-east-1::image/${BASE}`);
    assert.equal(img.PublicBaseImageReleasedDate?.toISOString(), '2025-11-10T00:00:00.000Z');
  });

  it("a rule for another account does not fail this account's transitions", async () => {
    await control(server, '/failures', { Operation: 'CreateImportedImage', AccountId: '999999999999' });
    await c.send(new CreateImportedImageCommand({ Name: 'imp3', SourceAmiId: 'ami-0123456789abcdef0' }));
    assert.equal((await describeOne(c, 'imp3')).State, 'AVAILABLE');
    const other = appStreamClient(server.url, 'awsJson1_1', { accountId: '999999999999' });
    await other.send(new CreateImportedImageCommand({ Name: 'imp3', SourceAmiId: 'ami-0123456789abcdef0' }));
    await expectFailed(other, 'imp3', 'IMAGE_IMPORT_FAILURE');
  });
});
