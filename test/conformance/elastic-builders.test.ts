// App block builders (SPEC-rest §7.4) through the JS SDK in both protocols: the state machine on
// the clock (STOPPED after create, start only with an app block, streaming URLs only while
// RUNNING), updates per state, app block associations, finish-app-block making an APPSTREAM2
// app block ACTIVE, failures on purpose, quotas and every refused combination.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateAppBlockBuilderAppBlockCommand,
  CreateAppBlockBuilderCommand,
  CreateAppBlockBuilderStreamingURLCommand,
  CreateAppBlockCommand,
  DeleteAppBlockBuilderCommand,
  DeleteAppBlockCommand,
  DescribeAppBlockBuilderAppBlockAssociationsCommand,
  DescribeAppBlockBuildersCommand,
  DescribeAppBlocksCommand,
  DisassociateAppBlockBuilderAppBlockCommand,
  ListTagsForResourceCommand,
  StartAppBlockBuilderCommand,
  StopAppBlockBuilderCommand,
  UpdateAppBlockBuilderCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { verifyBuilderStreamingToken } from '../../src/service/app-block-builders/streaming.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { rejectsWith } from '../support/assertions.js';
import { control } from '../support/control.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT, builderInput, customAppBlock, S3 } from '../support/elastic.js';
import { assertBuilderUrl, forgedUrl, openWithoutFollowing } from '../support/streaming.js';

const ARN = (type: string, name: string) => `arn:aws:appstream:us-east-1:${ACCOUNT}:${type}/${name}`;
const STEP = 60;

for (const protocol of PROTOCOLS) {
  describe(`app block builders over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    const advance = async (seconds = STEP + 1) => assert.equal((await control(server, '/clock', { advanceSeconds: seconds })).status, 200);
    const stateOf = async (name: string) => (await c.send(new DescribeAppBlockBuildersCommand({ Names: [name] }))).AppBlockBuilders![0]!.State;

    before(async () => {
      server = await startTestServer({ transitionSeconds: STEP, quotas: { appBlockBuilders: 3 } });
      c = appStreamClient(server.url, protocol);
      await c.send(new CreateAppBlockCommand({ Name: 'pkg', SourceS3Location: S3('pkg'), PackagingType: 'APPSTREAM2' }));
      await c.send(new CreateAppBlockCommand({ Name: 'pkg-2', SourceS3Location: S3('pkg2'), PackagingType: 'APPSTREAM2' }));
      await c.send(new CreateAppBlockCommand(customAppBlock('custom')));
    });
    after(() => server.close());

    it('CreateAppBlockBuilder answers STOPPED with what was given', async () => {
      const b = (
        await c.send(
          new CreateAppBlockBuilderCommand(
            builderInput('abb', { DisplayName: 'Packager', Description: 'packs apps', IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/abb`, EnableDefaultInternetAccess: true, Tags: { t: '1' } }),
          ),
        )
      ).AppBlockBuilder!;
      assert.equal(b.Name, 'abb');
      assert.equal(b.Arn, ARN('app-block-builder', 'abb'));
      assert.equal(b.State, 'STOPPED');
      assert.equal(b.Platform, 'WINDOWS_SERVER_2019');
      assert.equal(b.InstanceType, 'stream.standard.medium');
      assert.deepEqual(b.VpcConfig, { SubnetIds: ['subnet-1111', 'subnet-2222'], SecurityGroupIds: ['sg-1'] });
      assert.equal(b.DisplayName, 'Packager');
      assert.equal(b.Description, 'packs apps');
      assert.equal(b.IamRoleArn, `arn:aws:iam::${ACCOUNT}:role/abb`);
      assert.equal(b.EnableDefaultInternetAccess, true);
      assert.ok(b.CreatedTime instanceof Date);
      assert.equal(b.AppBlockBuilderErrors, undefined);
      assert.equal(b.StateChangeReason, undefined);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn }))).Tags, { t: '1' });
      assert.equal(await stateOf('abb'), 'STOPPED');
    });

    it('CreateAppBlockBuilder refuses other instance types, fewer than two subnets, a bad role, a taken name', async () => {
      await rejectsWith(
        c.send(new CreateAppBlockBuilderCommand(builderInput('x', { InstanceType: 'stream.compute.large' }))),
        'InvalidParameterCombinationException',
        'The instance type stream.compute.large is not supported for app block builders. Use one of stream.standard.small, stream.standard.medium, stream.standard.large, stream.standard.xlarge, stream.standard.2xlarge.',
      );
      await rejectsWith(
        c.send(new CreateAppBlockBuilderCommand(builderInput('x', { VpcConfig: { SubnetIds: ['subnet-1', 'subnet-1'] } }))),
        'InvalidParameterCombinationException',
        'The VpcConfig must specify at least two subnets in different availability zones.',
      );
      await rejectsWith(c.send(new CreateAppBlockBuilderCommand(builderInput('x', { IamRoleArn: 'arn:aws:s3:::bucket' }))), 'InvalidRoleException');
      await rejectsWith(c.send(new CreateAppBlockBuilderCommand(builderInput('abb'))), 'ResourceAlreadyExistsException', 'App block builder abb already exists.');
      // Platform is an enum of one value in the model: another is a ValidationException.
      await rejectsWith(c.send(new CreateAppBlockBuilderCommand(builderInput('x', { Platform: 'AMAZON_LINUX2' }))), 'ValidationException', /at 'platform'/);
    });

    it('StartAppBlockBuilder without an app block is refused; streaming URLs need RUNNING', async () => {
      await rejectsWith(
        c.send(new StartAppBlockBuilderCommand({ Name: 'abb' })),
        'OperationNotPermittedException',
        'The app block builder abb is not associated with an app block.',
      );
      await rejectsWith(
        c.send(new CreateAppBlockBuilderStreamingURLCommand({ AppBlockBuilderName: 'abb' })),
        'OperationNotPermittedException',
        'The app block builder abb is STOPPED. The app block builder must be in a RUNNING state for this action to succeed.',
      );
      await rejectsWith(c.send(new StartAppBlockBuilderCommand({ Name: 'nope' })), 'ResourceNotFoundException', 'The app block builder nope does not exist.');
    });

    it('AssociateAppBlockBuilderAppBlock: APPSTREAM2 blocks only, one per builder, idempotent', async () => {
      await rejectsWith(
        c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'custom') })),
        'InvalidParameterCombinationException',
        'The app block custom has the PackagingType CUSTOM. Only APPSTREAM2 app blocks can be associated with an app block builder.',
      );
      const out = await c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg') }));
      assert.deepEqual(out.AppBlockBuilderAppBlockAssociation, { AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg') });
      await c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg') }));
      await rejectsWith(
        c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg-2') })),
        'LimitExceededException',
        `The app block builder abb is already associated with the app block ${ARN('app-block', 'pkg')}. An app block builder can be associated with one app block.`,
      );
      await rejectsWith(
        c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'nope', AppBlockArn: ARN('app-block', 'pkg') })),
        'ResourceNotFoundException',
        'The app block builder nope does not exist.',
      );
      await rejectsWith(
        c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'nope') })),
        'ResourceNotFoundException',
        'The app block nope does not exist.',
      );
      const byBuilder = await c.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockBuilderName: 'abb' }));
      assert.deepEqual(byBuilder.AppBlockBuilderAppBlockAssociations, [{ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg') }]);
      await rejectsWith(
        c.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({})),
        'InvalidParameterCombinationException',
        'Either AppBlockArn or AppBlockBuilderName must be specified.',
      );
    });

    it('the associated app block cannot be deleted; neither can the associated builder', async () => {
      await rejectsWith(
        c.send(new DeleteAppBlockCommand({ Name: 'pkg' })),
        'ResourceInUseException',
        'The app block pkg is associated with the app block builder abb. Disassociate it first.',
      );
      await rejectsWith(
        c.send(new DeleteAppBlockBuilderCommand({ Name: 'abb' })),
        'ResourceInUseException',
        `The app block builder abb is associated with the app block ${ARN('app-block', 'pkg')}. To delete the app block builder, you must disassociate it from the app block.`,
      );
    });

    it('Start: STARTING, then RUNNING one step later; a second start is a concurrent modification', async () => {
      const started = await c.send(new StartAppBlockBuilderCommand({ Name: 'abb' }));
      assert.equal(started.AppBlockBuilder!.State, 'STARTING');
      assert.equal(await stateOf('abb'), 'STARTING');
      await rejectsWith(
        c.send(new StartAppBlockBuilderCommand({ Name: 'abb' })),
        'ConcurrentModificationException',
        'The app block builder abb is STARTING. The app block builder must be in a STOPPED state for this action to succeed.',
      );
      await rejectsWith(
        c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', DisplayName: 'x' })),
        'ResourceInUseException',
        'Cannot update the attribute DisplayName for app block builder abb when it is STARTING. The app block builder must be stopped to complete this action.',
      );
      await advance();
      assert.equal(await stateOf('abb'), 'RUNNING');
    });

    it('CreateAppBlockBuilderStreamingURL while RUNNING: a signed URL that opens the builder page (Validity default 3600)', async () => {
      const nowMs = await server.service.clock.now();
      const out = await c.send(new CreateAppBlockBuilderStreamingURLCommand({ AppBlockBuilderName: 'abb' }));
      // AWS's image builder URL with app-block-builder/<name> (SPEC-rest §7.4 "URL as for image builders").
      assertBuilderUrl(out.StreamingURL!, server.url, { account: ACCOUNT, ref: 'app-block-builder/abb', expires: out.Expires! });
      assert.ok(Math.abs(out.Expires!.getTime() - nowMs - 3600_000) < 5_000, out.Expires!.toISOString());
      // Opened: a redirect to the builder's page, whose token is the builder's grant.
      const opened = await openWithoutFollowing(out.StreamingURL!);
      assert.equal(opened.status, 302);
      assert.match(opened.location!, /^\/_appstream\/console\/streaming\/app-block-builder\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const grant = await verifyBuilderStreamingToken(opened.location!.split('/').pop()!, server.service);
      assert.equal(grant?.appBlockBuilderName, 'abb');
      assert.equal(grant?.accountId, ACCOUNT);
      assert.equal(grant?.region, 'us-east-1');
      const pageRes = await fetch(out.StreamingURL!);
      assert.equal(pageRes.status, 200);
      const html = await pageRes.text();
      assert.match(html, /Streaming session: abb/);
      assert.match(html, /pkg \(INACTIVE\)/);
      assert.match(html, /Finish app block/);
      const short = await c.send(new CreateAppBlockBuilderStreamingURLCommand({ AppBlockBuilderName: 'abb', Validity: 60 }));
      assert.ok(Math.abs(short.Expires!.getTime() - nowMs - 60_000) < 5_000);
      await rejectsWith(c.send(new CreateAppBlockBuilderStreamingURLCommand({ AppBlockBuilderName: 'abb', Validity: 604801 })), 'ValidationException', "1 validation error detected: Value '604801' at 'validity' failed to satisfy constraint: Member must have value less than or equal to 604800");
      await rejectsWith(
        c.send(new CreateAppBlockBuilderStreamingURLCommand({ AppBlockBuilderName: 'nope' })),
        'ResourceNotFoundException',
        'The app block builder nope does not exist.',
      );
      // A forged URL opens nothing, nor does a forged page token.
      const forged = await fetch(forgedUrl(out.StreamingURL!));
      assert.equal(forged.status, 403);
      assert.match(await forged.text(), /This streaming URL is not valid/);
      const forgedPage = await fetch(server.url + opened.location!.slice(0, -3) + (opened.location!.endsWith('AAA') ? 'BBB' : 'AAA'));
      assert.equal(forgedPage.status, 403);
      // Its payload made an image builder's does not open (the payload is signed).
      const asImageBuilder = new URL(out.StreamingURL!);
      const payload = Buffer.from(asImageBuilder.searchParams.get('parameters')!, 'base64').toString('utf8').replaceAll('app-block-builder/', 'image-builder/');
      asImageBuilder.searchParams.set('parameters', Buffer.from(payload).toString('base64'));
      assert.equal((await fetch(asImageBuilder)).status, 403);
      // Expired: 410, as an image builder's; the page token expires with it. (Expires is now +
      // Validity rounded up to a whole second: a second more is past it.)
      await control(server, '/clock', { advanceSeconds: 3601 });
      const expired = await fetch(out.StreamingURL!);
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /This streaming URL has expired/);
      assert.equal((await fetch(server.url + opened.location!)).status, 403);
    });

    it('UpdateAppBlockBuilder while RUNNING: only DisplayName and Description', async () => {
      const out = await c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', DisplayName: 'Renamed', Description: 'new text' }));
      assert.equal(out.AppBlockBuilder!.DisplayName, 'Renamed');
      assert.equal(out.AppBlockBuilder!.Description, 'new text');
      assert.equal(out.AppBlockBuilder!.State, 'RUNNING');
      await rejectsWith(
        c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', InstanceType: 'stream.standard.large' })),
        'ResourceInUseException',
        'Cannot update the attribute InstanceType for app block builder abb when it is RUNNING. The app block builder must be stopped to complete this action.',
      );
    });

    it('finish-app-block (control API) makes the APPSTREAM2 app block ACTIVE', async () => {
      const res = await control(server, '/app-block-builders/finish-app-block', { AccountId: ACCOUNT, Region: 'us-east-1', AppBlockBuilderName: 'abb' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.AppBlock.Name, 'pkg');
      assert.equal(res.body.AppBlock.State, 'ACTIVE');
      const [block] = (await c.send(new DescribeAppBlocksCommand({ Arns: [ARN('app-block', 'pkg')] }))).AppBlocks!;
      assert.equal(block!.State, 'ACTIVE');
      // Again: unchanged.
      assert.equal((await control(server, '/app-block-builders/finish-app-block', { AccountId: ACCOUNT, Region: 'us-east-1', AppBlockBuilderName: 'abb' })).body.AppBlock.State, 'ACTIVE');
      const unknown = await control(server, '/app-block-builders/finish-app-block', { AccountId: ACCOUNT, Region: 'us-east-1', AppBlockBuilderName: 'nope' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.__type, 'ResourceNotFoundException');
      assert.equal(unknown.body.message, 'The app block builder nope does not exist.');
      const bad = await control(server, '/app-block-builders/finish-app-block', { AccountId: ACCOUNT, Region: 'us-east-1' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.message, 'AppBlockBuilderName is required.');
    });

    it('Stop: STOPPING, then STOPPED; stopping a stopped builder changes nothing', async () => {
      const stopped = await c.send(new StopAppBlockBuilderCommand({ Name: 'abb' }));
      assert.equal(stopped.AppBlockBuilder!.State, 'STOPPING');
      assert.equal((await c.send(new StopAppBlockBuilderCommand({ Name: 'abb' }))).AppBlockBuilder!.State, 'STOPPING');
      await rejectsWith(
        c.send(new DeleteAppBlockBuilderCommand({ Name: 'abb' })),
        'ResourceInUseException',
        /^The app block builder abb is associated with the app block/,
      );
      await advance();
      assert.equal(await stateOf('abb'), 'STOPPED');
      assert.equal((await c.send(new StopAppBlockBuilderCommand({ Name: 'abb' }))).AppBlockBuilder!.State, 'STOPPED');
      const finishStopped = await control(server, '/app-block-builders/finish-app-block', { AccountId: ACCOUNT, Region: 'us-east-1', AppBlockBuilderName: 'abb' });
      assert.equal(finishStopped.body.__type, 'OperationNotPermittedException');
      assert.equal(finishStopped.body.message, 'The app block builder abb is STOPPED. The app block builder must be in a RUNNING state for this action to succeed.');
    });

    it('UpdateAppBlockBuilder while STOPPED: everything but the name; attributes deleted; bad values refused', async () => {
      const out = await c.send(
        new UpdateAppBlockBuilderCommand({
          Name: 'abb',
          InstanceType: 'stream.standard.large',
          VpcConfig: { SubnetIds: ['subnet-3', 'subnet-4'], SecurityGroupIds: ['sg-9'] },
          AttributesToDelete: ['IAM_ROLE_ARN'],
          DisableIMDSV1: true,
          Platform: 'WINDOWS_SERVER_2019',
        }),
      );
      const b = out.AppBlockBuilder!;
      assert.equal(b.InstanceType, 'stream.standard.large');
      assert.deepEqual(b.VpcConfig, { SubnetIds: ['subnet-3', 'subnet-4'], SecurityGroupIds: ['sg-9'] });
      assert.equal(b.IamRoleArn, undefined);
      assert.equal(b.DisableIMDSV1, true);
      assert.equal(b.DisplayName, 'Renamed');
      const noSg = await c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', AttributesToDelete: ['VPC_CONFIGURATION_SECURITY_GROUP_IDS'] }));
      assert.deepEqual(noSg.AppBlockBuilder!.VpcConfig, { SubnetIds: ['subnet-3', 'subnet-4'] });
      await rejectsWith(
        c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', Platform: 'AMAZON_LINUX2' })),
        'InvalidParameterCombinationException',
        'The platform AMAZON_LINUX2 is not supported for app block builders. Use WINDOWS_SERVER_2019.',
      );
      await rejectsWith(
        c.send(new UpdateAppBlockBuilderCommand({ Name: 'abb', IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/r`, AttributesToDelete: ['IAM_ROLE_ARN'] })),
        'InvalidParameterCombinationException',
        'IamRoleArn cannot be set and deleted in the same request.',
      );
      await rejectsWith(c.send(new UpdateAppBlockBuilderCommand({ Name: 'nope' })), 'ResourceNotFoundException', 'The app block builder nope does not exist.');
    });

    it('a start that fails on purpose ends STOPPED with AppBlockBuilderErrors; the next start clears them', async () => {
      assert.equal((await control(server, '/failures', { Operation: 'StartAppBlockBuilder' })).status, 200);
      assert.equal((await c.send(new StartAppBlockBuilderCommand({ Name: 'abb' }))).AppBlockBuilder!.State, 'STARTING');
      await advance();
      const [failed] = (await c.send(new DescribeAppBlockBuildersCommand({ Names: ['abb'] }))).AppBlockBuilders!;
      assert.equal(failed!.State, 'STOPPED');
      assert.deepEqual(failed!.StateChangeReason, { Code: 'INTERNAL_ERROR', Message: 'The app block builder could not be started because of an internal error.' });
      assert.equal(failed!.AppBlockBuilderErrors!.length, 1);
      assert.equal(failed!.AppBlockBuilderErrors![0]!.ErrorCode, 'INTERNAL_SERVICE_ERROR');
      assert.ok(failed!.AppBlockBuilderErrors![0]!.ErrorTimestamp instanceof Date);
      await c.send(new StartAppBlockBuilderCommand({ Name: 'abb' }));
      await advance();
      const [ok] = (await c.send(new DescribeAppBlockBuildersCommand({ Names: ['abb'] }))).AppBlockBuilders!;
      assert.equal(ok!.State, 'RUNNING');
      assert.equal(ok!.AppBlockBuilderErrors, undefined);
      assert.equal(ok!.StateChangeReason, undefined);
      await c.send(new StopAppBlockBuilderCommand({ Name: 'abb' }));
      await rejectsWith(
        c.send(new DeleteAppBlockBuilderCommand({ Name: 'abb' })),
        'ResourceInUseException',
      );
    });

    it('Disassociate, then delete: a builder that is not STOPPED is refused; an unknown pair is ResourceNotFound', async () => {
      await rejectsWith(
        c.send(new DisassociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg-2') })),
        'ResourceNotFoundException',
        'The app block builder abb is not associated with the app block pkg-2.',
      );
      await c.send(new DisassociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', 'pkg') }));
      assert.deepEqual((await c.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockArn: ARN('app-block', 'pkg') }))).AppBlockBuilderAppBlockAssociations, []);
      await rejectsWith(
        c.send(new DeleteAppBlockBuilderCommand({ Name: 'abb' })),
        'OperationNotPermittedException',
        'Cannot delete app block builder abb when it is STOPPING. The app block builder must be stopped to complete this action.',
      );
      await advance();
      await c.send(new DeleteAppBlockBuilderCommand({ Name: 'abb' }));
      await rejectsWith(c.send(new DescribeAppBlockBuildersCommand({ Names: ['abb'] })), 'ResourceNotFoundException', 'The app block builder abb does not exist.');
      await rejectsWith(c.send(new ListTagsForResourceCommand({ ResourceArn: ARN('app-block-builder', 'abb') })), 'ResourceNotFoundException');
      await c.send(new DeleteAppBlockCommand({ Name: 'pkg' }));
    });

    it('several builders of one app block: listed by app block, paged by builder name; quota', async () => {
      for (const name of ['b1', 'b2', 'b3']) {
        await c.send(new CreateAppBlockBuilderCommand(builderInput(name)));
        await c.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: name, AppBlockArn: ARN('app-block', 'pkg-2') }));
      }
      await rejectsWith(
        c.send(new CreateAppBlockBuilderCommand(builderInput('b4'))),
        'LimitExceededException',
        `The maximum number of app block builders (3) for account ${ACCOUNT} in us-east-1 has been reached.`,
      );
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const p = await c.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockArn: ARN('app-block', 'pkg-2'), MaxResults: 2, NextToken: token }));
        assert.ok(p.AppBlockBuilderAppBlockAssociations!.length <= 2);
        seen.push(...p.AppBlockBuilderAppBlockAssociations!.map((a) => a.AppBlockBuilderName!));
        token = p.NextToken;
      } while (token);
      assert.deepEqual(seen, ['b1', 'b2', 'b3']);
      const all = await c.send(new DescribeAppBlockBuildersCommand({ MaxResults: 2 }));
      assert.deepEqual(all.AppBlockBuilders!.map((b) => b.Name), ['b1', 'b2']);
      const rest = await c.send(new DescribeAppBlockBuildersCommand({ MaxResults: 2, NextToken: all.NextToken }));
      assert.deepEqual(rest.AppBlockBuilders!.map((b) => b.Name), ['b3']);
      assert.equal(rest.NextToken, undefined);
      await rejectsWith(c.send(new DescribeAppBlockBuildersCommand({ Names: ['b1', 'zz'] })), 'ResourceNotFoundException', 'The app block builder zz does not exist.');
    });
  });
}
