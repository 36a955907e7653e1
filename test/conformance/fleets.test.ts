// Fleets through the JS SDK in both protocols (SPEC-rest §1): defaults, the state machine on
// the emulated clock, UpdateFleet's rules per state, DeleteFleet's rules, input rules by
// fleet type, DescribeFleets' paging and errors, quotas, tags, isolation between accounts,
// failures on purpose (a fleet stuck STARTING with FleetErrors), seeding and reset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFleetCommand,
  DeleteFleetCommand,
  DisassociateFleetCommand,
  DescribeFleetsCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  StopFleetCommand,
  TagResourceCommand,
  UpdateFleetCommand,
  type AppStreamClient,
  type CreateFleetCommandInput,
  type Fleet,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { advanceClock, associate, LINUX, publicImageOf, publicImagesOf, WINDOWS } from '../support/fleets.js';
import { reset, seed, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const STEP = 60;
const WIN_IMAGE = publicImageOf(REGION, WINDOWS);
const LINUX_IMAGE = publicImageOf(REGION, LINUX);

const basic = (Name: string, extra: Partial<CreateFleetCommandInput> = {}): CreateFleetCommandInput => ({
  Name,
  ImageName: WIN_IMAGE,
  InstanceType: 'stream.standard.medium',
  ComputeCapacity: { DesiredInstances: 2 },
  ...extra,
});

async function fleet(client: AppStreamClient, name: string): Promise<Fleet> {
  return (await client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!;
}

describe('fleets (SPEC-rest §1)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP, quotas: { fleets: 40 } });
  });
  after(async () => server?.close());

  PROTOCOLS.forEach((protocol, p) => {
    const account = `10000000000${p}`;
    const client = () => appStreamClient(server.url, protocol, { accountId: account, region: REGION });

    describe(`over ${protocol}`, () => {
      it('a new fleet is STOPPED with the members Prowler and Terraform read, and its tags', async () => {
        const out = await client().send(new CreateFleetCommand(basic('defaults', { Tags: { team: 'blue' } })));
        const f = out.Fleet!;
        assert.equal(f.State, 'STOPPED');
        assert.equal(f.Arn, `arn:aws:appstream:${REGION}:${account}:fleet/defaults`);
        assert.equal(f.Name, 'defaults');
        assert.equal(f.InstanceType, 'stream.standard.medium');
        assert.equal(f.FleetType, 'ON_DEMAND');
        assert.equal(f.MaxUserDurationInSeconds, 57600);
        assert.equal(f.DisconnectTimeoutInSeconds, 900);
        assert.equal(f.EnableDefaultInternetAccess, false);
        assert.equal(f.StreamView, 'APP');
        assert.equal(f.IdleDisconnectTimeoutInSeconds, undefined, 'omitted when 0');
        assert.equal(f.ImageName, WIN_IMAGE);
        assert.equal(f.ImageArn, `arn:aws:appstream:${REGION}::image/${WIN_IMAGE}`);
        assert.equal(f.Platform, WINDOWS);
        assert.ok(f.CreatedTime instanceof Date);
        assert.deepEqual(f.ComputeCapacityStatus, { Desired: 2, Running: 0, InUse: 0, Available: 0 });
        assert.equal(f.FleetErrors, undefined);
        assert.deepEqual(await fleet(client(), 'defaults'), f);
        const tags = await client().send(new ListTagsForResourceCommand({ ResourceArn: f.Arn }));
        assert.deepEqual(tags.Tags, { team: 'blue' });
      });

      it('StartFleet leaves it STARTING before it returns, RUNNING one step later; Stop goes STOPPING then STOPPED', async () => {
        const c = client();
        await c.send(new CreateFleetCommand(basic('cycle')));
        assert.deepEqual(await c.send(new StartFleetCommand({ Name: 'cycle' })).then((o) => Object.keys(o).filter((k) => k !== '$metadata')), []);
        let f = await fleet(c, 'cycle');
        assert.equal(f.State, 'STARTING');
        assert.equal(f.ComputeCapacityStatus!.Running, 0);
        // Idempotent while STARTING and RUNNING.
        await c.send(new StartFleetCommand({ Name: 'cycle' }));
        await advanceClock(server, STEP);
        f = await fleet(c, 'cycle');
        assert.equal(f.State, 'RUNNING');
        assert.deepEqual(f.ComputeCapacityStatus, { Desired: 2, Running: 2, InUse: 0, Available: 2 });
        await c.send(new StartFleetCommand({ Name: 'cycle' }));
        assert.equal((await fleet(c, 'cycle')).State, 'RUNNING');
        await c.send(new StopFleetCommand({ Name: 'cycle' }));
        f = await fleet(c, 'cycle');
        assert.equal(f.State, 'STOPPING');
        assert.equal(f.ComputeCapacityStatus!.Available, 0);
        await rejectsWith(c.send(new StartFleetCommand({ Name: 'cycle' })), 'ConcurrentModificationException', 'The fleet cycle is PENDING_DEACTIVATE. Wait until it is stopped, then try again.');
        await c.send(new StopFleetCommand({ Name: 'cycle' }));
        await advanceClock(server, STEP);
        assert.equal((await fleet(c, 'cycle')).State, 'STOPPED');
        // Terraform stops before every delete, stopped fleets too.
        await c.send(new StopFleetCommand({ Name: 'cycle' }));
        assert.equal((await fleet(c, 'cycle')).State, 'STOPPED');
      });

      it('DeleteFleet: a stack association first, then the state; gone at once', async () => {
        const c = client();
        await c.send(new CreateFleetCommand(basic('doomed')));
        await c.send(new StartFleetCommand({ Name: 'doomed' }));
        await rejectsWith(
          c.send(new DeleteFleetCommand({ Name: 'doomed' })),
          'ResourceInUseException',
          'Cannot delete fleet doomed when it is PENDING_ACTIVATE. The fleet must be stopped to complete this action.',
        );
        await advanceClock(server, STEP);
        await rejectsWith(
          c.send(new DeleteFleetCommand({ Name: 'doomed' })),
          'ResourceInUseException',
          'Cannot delete fleet doomed when it is ACTIVE. The fleet must be stopped to complete this action.',
        );
        await associate(server, account, REGION, 'doomed-stack', 'doomed', true);
        await c.send(new StopFleetCommand({ Name: 'doomed' }));
        await advanceClock(server, STEP);
        await rejectsWith(
          c.send(new DeleteFleetCommand({ Name: 'doomed' })),
          'ResourceInUseException',
          'The fleet doomed is associated with a stack. To delete the fleet, you must dissociate it from the stack.',
        );
        await c.send(new DisassociateFleetCommand({ StackName: 'doomed-stack', FleetName: 'doomed' }));
        await c.send(new DeleteFleetCommand({ Name: 'doomed' }));
        await rejectsWith(c.send(new DescribeFleetsCommand({ Names: ['doomed'] })), 'ResourceNotFoundException', 'The fleet doomed does not exist.');
        await rejectsWith(c.send(new DeleteFleetCommand({ Name: 'doomed' })), 'ResourceNotFoundException', 'The fleet doomed does not exist.');
        await rejectsWith(c.send(new StartFleetCommand({ Name: 'doomed' })), 'ResourceNotFoundException', 'The fleet doomed does not exist.');
        await rejectsWith(c.send(new StopFleetCommand({ Name: 'doomed' })), 'ResourceNotFoundException', 'The fleet doomed does not exist.');
        // Its tags went with it: a new fleet of the name starts without them.
        await c.send(new CreateFleetCommand(basic('doomed')));
        const arn = `arn:aws:appstream:${REGION}:${account}:fleet/doomed`;
        await c.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k: 'v' } }));
        await c.send(new DeleteFleetCommand({ Name: 'doomed' }));
        await c.send(new CreateFleetCommand(basic('doomed')));
        assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, {});
      });

      it('UpdateFleet while RUNNING: the allowed members change, any other answers AWS ResourceInUse text', async () => {
        const c = client();
        await c.send(new CreateFleetCommand(basic('live')));
        await c.send(new StartFleetCommand({ Name: 'live' }));
        await advanceClock(server, STEP);
        const updated = await c.send(
          new UpdateFleetCommand({ Name: 'live', DisplayName: 'Live', ComputeCapacity: { DesiredInstances: 4 }, IdleDisconnectTimeoutInSeconds: 90, DisconnectTimeoutInSeconds: 300 }),
        );
        const f = updated.Fleet!;
        assert.equal(f.DisplayName, 'Live');
        assert.equal(f.IdleDisconnectTimeoutInSeconds, 120, 'rounded to whole minutes, halves up');
        assert.equal(f.DisconnectTimeoutInSeconds, 300);
        assert.equal(f.State, 'RUNNING');
        assert.equal(f.ComputeCapacityStatus!.Desired, 4);
        assert.equal(f.ComputeCapacityStatus!.Running, 2, 'instances converge over a step');
        await advanceClock(server, STEP);
        assert.deepEqual((await fleet(c, 'live')).ComputeCapacityStatus, { Desired: 4, Running: 4, InUse: 0, Available: 4 });
        const text = 'Cannot update the attribute for fleet live when it is ACTIVE. The fleet must be stopped to complete this action.';
        for (const change of [
          { InstanceType: 'stream.standard.large' },
          { Description: 'd' },
          { MaxUserDurationInSeconds: 3600 },
          { EnableDefaultInternetAccess: true },
          { StreamView: 'DESKTOP' as const },
          { IamRoleArn: 'arn:aws:iam::123456789012:role/r' },
          { VpcConfig: { SubnetIds: ['subnet-1'] } },
          { RootVolumeConfig: { VolumeSizeInGb: 300 } },
          { DisableIMDSV1: true },
          { DisplayName: 'allowed', UsbDeviceFilterStrings: ['Wacom Tablet, 056a, *, *, *, *, 1, 0'] },
        ]) {
          await rejectsWith(c.send(new UpdateFleetCommand({ Name: 'live', ...change })), 'ResourceInUseException', text);
        }
        // The same value is no change: it is accepted while RUNNING.
        await c.send(new UpdateFleetCommand({ Name: 'live', InstanceType: 'stream.standard.medium', Description: undefined }));
        // A new image of the same platform is shown at once; another platform is refused while RUNNING.
        const other = publicImagesOf(REGION, WINDOWS).find((n) => n !== WIN_IMAGE)!;
        assert.equal((await c.send(new UpdateFleetCommand({ Name: 'live', ImageName: other }))).Fleet!.ImageName, other);
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'live', ImageName: LINUX_IMAGE })),
          'IncompatibleImageException',
          `The image ${LINUX_IMAGE} is not compatible with fleet live. To change the platform, stop the fleet first.`,
        );
        await c.send(new StopFleetCommand({ Name: 'live' }));
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'live', DisplayName: 'during stop' })),
          'ResourceInUseException',
          'Cannot update the attribute for fleet live when it is PENDING_DEACTIVATE. The fleet must be stopped to complete this action.',
        );
        await advanceClock(server, STEP);
        const stopped = await c.send(
          new UpdateFleetCommand({
            Name: 'live',
            ImageName: LINUX_IMAGE,
            InstanceType: 'stream.standard.large',
            Description: 'now Linux',
            MaxUserDurationInSeconds: 3600,
            VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
            IdleDisconnectTimeoutInSeconds: 0,
          }),
        );
        assert.equal(stopped.Fleet!.Platform, LINUX);
        assert.equal(stopped.Fleet!.ImageArn, `arn:aws:appstream:${REGION}::image/${LINUX_IMAGE}`);
        assert.equal(stopped.Fleet!.IdleDisconnectTimeoutInSeconds, undefined);
        const trimmed = await c.send(new UpdateFleetCommand({ Name: 'live', AttributesToDelete: ['VPC_CONFIGURATION_SECURITY_GROUP_IDS'] }));
        assert.deepEqual(trimmed.Fleet!.VpcConfig, { SubnetIds: ['subnet-1'] });
        const gone = await c.send(new UpdateFleetCommand({ Name: 'live', DeleteVpcConfig: true }));
        assert.equal(gone.Fleet!.VpcConfig, undefined);
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'live', IamRoleArn: 'arn:aws:iam::123456789012:role/r', AttributesToDelete: ['IAM_ROLE_ARN'] })),
          'InvalidParameterCombinationException',
          'IamRoleArn cannot be set and deleted in the same request.',
        );
        await rejectsWith(c.send(new UpdateFleetCommand({ DisplayName: 'no name' })), 'InvalidParameterCombinationException', 'Name is required: it names the fleet to update.');
        await rejectsWith(c.send(new UpdateFleetCommand({ Name: 'nope', DisplayName: 'x' })), 'ResourceNotFoundException', 'The fleet nope does not exist.');
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'live', ImageName: 'no-such-image' })),
          'ResourceNotFoundException',
          `The image no-such-image for account ${account} does not exist.`,
        );
      });

      it('multi-session fleets: DesiredSessions, Desired instances = ceil(sessions / per instance), MaxSessionsPerInstance changes while RUNNING', async () => {
        const c = client();
        const out = await c.send(
          new CreateFleetCommand({ Name: 'multi', ImageName: WIN_IMAGE, InstanceType: 'stream.standard.large', MaxSessionsPerInstance: 5, ComputeCapacity: { DesiredSessions: 12 } }),
        );
        assert.equal(out.Fleet!.MaxSessionsPerInstance, 5);
        assert.deepEqual(out.Fleet!.ComputeCapacityStatus, {
          Desired: 3,
          Running: 0,
          InUse: 0,
          Available: 0,
          DesiredUserSessions: 12,
          AvailableUserSessions: 0,
          ActiveUserSessions: 0,
          ActualUserSessions: 0,
          Draining: 0,
          DrainModeActiveUserSessions: 0,
          DrainModeUnusedUserSessions: 0,
        });
        await c.send(new StartFleetCommand({ Name: 'multi' }));
        await advanceClock(server, STEP);
        const s = (await fleet(c, 'multi')).ComputeCapacityStatus!;
        assert.deepEqual([s.Running, s.ActualUserSessions, s.AvailableUserSessions], [3, 15, 15]);
        const changed = await c.send(new UpdateFleetCommand({ Name: 'multi', MaxSessionsPerInstance: 10, ComputeCapacity: { DesiredSessions: 20 } }));
        assert.equal(changed.Fleet!.ComputeCapacityStatus!.Desired, 2);
        await rejectsWith(
          c.send(new CreateFleetCommand({ Name: 'multi-bad', ImageName: WIN_IMAGE, InstanceType: 'stream.standard.large', MaxSessionsPerInstance: 5, ComputeCapacity: { DesiredInstances: 2 } })),
          'InvalidParameterCombinationException',
          'A multi-session fleet (MaxSessionsPerInstance) takes DesiredSessions, not DesiredInstances.',
        );
      });

      it('input rules: image, capacity and ranges answer InvalidParameterCombination; unknown names ResourceNotFound', async () => {
        const c = client();
        const cases: [Partial<CreateFleetCommandInput>, string, string][] = [
          [{ ImageArn: `arn:aws:appstream:${REGION}::image/${WIN_IMAGE}` }, 'InvalidParameterCombinationException', 'Exactly one of ImageName or ImageArn must be specified.'],
          [{ ImageName: undefined }, 'InvalidParameterCombinationException', 'Exactly one of ImageName or ImageArn must be specified.'],
          [{ ComputeCapacity: undefined }, 'InvalidParameterCombinationException', 'ComputeCapacity is required for Always-On and On-Demand fleets.'],
          [{ ComputeCapacity: { DesiredInstances: 1, DesiredSessions: 2 } }, 'InvalidParameterCombinationException', "ComputeCapacity: you can't define both DesiredInstances and DesiredSessions, or leave both blank."],
          [{ ComputeCapacity: {} }, 'InvalidParameterCombinationException', "ComputeCapacity: you can't define both DesiredInstances and DesiredSessions, or leave both blank."],
          [{ ComputeCapacity: { DesiredInstances: -1 } }, 'InvalidParameterCombinationException', 'ComputeCapacity.DesiredInstances must not be negative.'],
          [{ MaxUserDurationInSeconds: 599 }, 'InvalidParameterCombinationException', 'The value 599 of MaxUserDurationInSeconds is not valid. It must be between 600 and 432000.'],
          [{ MaxUserDurationInSeconds: 432001 }, 'InvalidParameterCombinationException', 'The value 432001 of MaxUserDurationInSeconds is not valid. It must be between 600 and 432000.'],
          [{ DisconnectTimeoutInSeconds: 59 }, 'InvalidParameterCombinationException', 'The value 59 of DisconnectTimeoutInSeconds is not valid. It must be between 60 and 360000.'],
          [{ IdleDisconnectTimeoutInSeconds: 30 }, 'InvalidParameterCombinationException', 'The value 30 of IdleDisconnectTimeoutInSeconds is not valid. It must be 0 or between 60 and 36000.'],
          [{ RootVolumeConfig: { VolumeSizeInGb: 100 } }, 'InvalidParameterCombinationException', 'The value 100 of RootVolumeConfig.VolumeSizeInGb is not valid. It must be between 200 and 500.'],
          [{ MaxSessionsPerInstance: 1, ComputeCapacity: { DesiredSessions: 1 } }, 'InvalidParameterCombinationException', 'The value 1 of MaxSessionsPerInstance is not valid. It must be between 2 and 50.'],
          [{ MaxConcurrentSessions: 5 }, 'InvalidParameterCombinationException', 'MaxConcurrentSessions is not allowed for Always-On and On-Demand fleets.'],
          [{ InstanceType: 'stream.turbo.huge' }, 'InvalidParameterCombinationException', 'The instance type stream.turbo.huge is not supported by AppStream 2.0.'],
          [{ Platform: 'AMAZON_LINUX2' }, 'InvalidParameterCombinationException', `The platform AMAZON_LINUX2 does not match the platform ${WINDOWS} of the image ${WIN_IMAGE}.`],
          [{ ImageName: 'missing-image' }, 'ResourceNotFoundException', `The image missing-image for account ${account} does not exist.`],
          [{ ImageName: 'AppStream-WinServer2012R2-07-19-2021' }, 'ResourceNotAvailableException', 'The image AppStream-WinServer2012R2-07-19-2021 is DEPRECATED. The image must be in an AVAILABLE state for this action to succeed.'],
          [{ DomainJoinInfo: { DirectoryName: 'corp.example.com' } }, 'ResourceNotFoundException', 'The directory config corp.example.com does not exist.'],
        ];
        for (const [change, code, message] of cases) {
          await rejectsWith(c.send(new CreateFleetCommand({ ...basic('bad'), ...change })), code, message);
        }
        await rejectsWith(c.send(new DescribeFleetsCommand({ Names: ['bad'] })), 'ResourceNotFoundException', 'The fleet bad does not exist.');
        // The model's own constraints come first, as AWS's front end checks them.
        await rejectsWith(c.send(new CreateFleetCommand({ ...basic('bad name!') })), 'ValidationException');
      });

      it('Elastic fleets: no image, MaxConcurrentSessions, Platform, two subnets; Desired 0', async () => {
        const c = client();
        const elastic = (extra: Partial<CreateFleetCommandInput> = {}): CreateFleetCommandInput => ({
          Name: 'elastic',
          FleetType: 'ELASTIC',
          InstanceType: 'stream.standard.medium',
          MaxConcurrentSessions: 5,
          Platform: 'WINDOWS_SERVER_2019',
          VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'] },
          ...extra,
        });
        const cases: [Partial<CreateFleetCommandInput>, string][] = [
          [{ ImageName: WIN_IMAGE }, 'ImageName or ImageArn is not allowed for Elastic fleets.'],
          [{ ComputeCapacity: { DesiredInstances: 1 } }, 'ComputeCapacity is not allowed for Elastic fleets.'],
          [{ MaxConcurrentSessions: undefined }, 'MaxConcurrentSessions is required for Elastic fleets.'],
          [{ MaxConcurrentSessions: 101 }, 'The value 101 of MaxConcurrentSessions is not valid. It must be between 1 and 100.'],
          [{ Platform: undefined }, 'Platform is required for Elastic fleets.'],
          [{ Platform: 'WINDOWS_SERVER_2022' }, 'The platform WINDOWS_SERVER_2022 is not supported for Elastic fleets. Use WINDOWS_SERVER_2019, AMAZON_LINUX2, UBUNTU_PRO_2404.'],
          [{ VpcConfig: { SubnetIds: ['subnet-a', 'subnet-a'] } }, 'The VpcConfig must specify at least two subnets in different availability zones.'],
          [{ VpcConfig: undefined }, 'The VpcConfig must specify at least two subnets in different availability zones.'],
          [{ DomainJoinInfo: { DirectoryName: 'corp.example.com' } }, 'DomainJoinInfo is not allowed for Elastic fleets.'],
          [{ MaxSessionsPerInstance: 2 }, 'MaxSessionsPerInstance is not allowed for Elastic fleets.'],
          [{ InstanceType: 'stream.compute.large' }, 'The instance type stream.compute.large is not available for Elastic fleets.'],
        ];
        for (const [change, message] of cases) {
          await rejectsWith(c.send(new CreateFleetCommand(elastic(change))), 'InvalidParameterCombinationException', message);
        }
        const f = (await c.send(new CreateFleetCommand(elastic()))).Fleet!;
        assert.equal(f.FleetType, 'ELASTIC');
        assert.equal(f.ImageName, undefined);
        assert.equal(f.ImageArn, undefined);
        assert.equal(f.Platform, 'WINDOWS_SERVER_2019');
        assert.equal(f.MaxConcurrentSessions, 5);
        assert.deepEqual(f.ComputeCapacityStatus, { Desired: 0, Running: 0, InUse: 0, Available: 0 });
        await c.send(new StartFleetCommand({ Name: 'elastic' }));
        await advanceClock(server, STEP);
        assert.deepEqual((await fleet(c, 'elastic')).ComputeCapacityStatus, { Desired: 0, Running: 0, InUse: 0, Available: 5 });
        // While RUNNING an Elastic fleet changes its own list of members.
        assert.equal((await c.send(new UpdateFleetCommand({ Name: 'elastic', MaxConcurrentSessions: 8 }))).Fleet!.MaxConcurrentSessions, 8);
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'elastic', ComputeCapacity: { DesiredInstances: 3 } })),
          'InvalidParameterCombinationException',
          'ComputeCapacity is not allowed for Elastic fleets.',
        );
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'elastic', Platform: 'AMAZON_LINUX2' })),
          'ResourceInUseException',
          'Cannot update the attribute for fleet elastic when it is ACTIVE. The fleet must be stopped to complete this action.',
        );
      });

      it('DescribeFleets pages by 25 in name order, NextToken absent on the last page; an unknown name is ResourceNotFound', async () => {
        const c = client();
        const names = Array.from({ length: 27 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
        await seedOk(server.url, { fleets: names.map((Name) => ({ AccountId: account, Region: REGION, Name, ImageName: WIN_IMAGE })) });
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const out = await c.send(new DescribeFleetsCommand({ NextToken: token }));
          assert.ok(out.Fleets!.length <= 25);
          seen.push(...out.Fleets!.map((f) => f.Name!));
          token = out.NextToken;
          if (token !== undefined) assert.notEqual(token, '');
          pages++;
        } while (token);
        assert.ok(pages >= 2);
        assert.deepEqual(seen, [...seen].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
        for (const n of names) assert.ok(seen.includes(n));
        const some = await c.send(new DescribeFleetsCommand({ Names: ['page-03', 'page-01', 'page-03'] }));
        assert.deepEqual(some.Fleets!.map((f) => f.Name), ['page-01', 'page-03']);
        assert.equal(some.NextToken, undefined);
        await rejectsWith(c.send(new DescribeFleetsCommand({ Names: ['page-01', 'ghost', 'ghost2'] })), 'ResourceNotFoundException', 'The fleet ghost does not exist.');
        // A token of another filter is refused.
        const first = await c.send(new DescribeFleetsCommand({}));
        await rejectsWith(c.send(new DescribeFleetsCommand({ Names: ['page-01'], NextToken: first.NextToken })), 'ValidationException');
      });

      it('everything is per account and region', async () => {
        const stranger = appStreamClient(server.url, protocol, { accountId: `20000000000${p}`, region: REGION });
        const elsewhere = appStreamClient(server.url, protocol, { accountId: account, region: 'eu-west-1' });
        await client().send(new CreateFleetCommand(basic('mine')));
        for (const other of [stranger, elsewhere]) {
          assert.ok(!(await other.send(new DescribeFleetsCommand({}))).Fleets!.some((f) => f.Name === 'mine'));
          await rejectsWith(other.send(new DescribeFleetsCommand({ Names: ['mine'] })), 'ResourceNotFoundException', 'The fleet mine does not exist.');
          await rejectsWith(other.send(new StartFleetCommand({ Name: 'mine' })), 'ResourceNotFoundException');
          await rejectsWith(other.send(new DeleteFleetCommand({ Name: 'mine' })), 'ResourceNotFoundException');
          await rejectsWith(other.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:appstream:${REGION}:${account}:fleet/mine` })), 'ResourceNotFoundException');
        }
        // The same name is free in another account.
        await stranger.send(new CreateFleetCommand(basic('mine')));
        await rejectsWith(client().send(new CreateFleetCommand(basic('mine'))), 'ResourceAlreadyExistsException', 'Fleet mine already exists.');
      });
    });
  });

  it('the fleet quota (--quota fleets=N) answers LimitExceeded', async () => {
    const s = await startTestServer({ quotas: { fleets: 2 } });
    try {
      const c = appStreamClient(s.url, 'awsJson1_1', { accountId: '300000000000', region: REGION });
      await c.send(new CreateFleetCommand(basic('q1')));
      await c.send(new CreateFleetCommand(basic('q2')));
      await rejectsWith(
        c.send(new CreateFleetCommand(basic('q3'))),
        'LimitExceededException',
        `The maximum number of fleets (2) for account 300000000000 in ${REGION} has been reached.`,
      );
      // Other accounts and regions have their own.
      await appStreamClient(s.url, 'rpcv2Cbor', { accountId: '300000000001', region: REGION }).send(new CreateFleetCommand(basic('q3')));
      await c.send(new DeleteFleetCommand({ Name: 'q1' }));
      await c.send(new CreateFleetCommand(basic('q3')));
    } finally {
      await s.close();
    }
  });

  it('fleet instances with default internet access: 100 together per account and region (SPEC-rest §12), on create and update', async () => {
    const account = '300000000010';
    const c = appStreamClient(server.url, 'rpcv2Cbor', { accountId: account, region: REGION });
    const internet = (Name: string, DesiredInstances: number) => basic(Name, { EnableDefaultInternetAccess: true, ComputeCapacity: { DesiredInstances } });
    const text = (total: number) =>
      `The maximum number of fleet instances with default internet access (100) for account ${account} in ${REGION} would be exceeded: the fleets with default internet access would have ${total} desired instances.`;
    await rejectsWith(c.send(new CreateFleetCommand(internet('too-many', 101))), 'LimitExceededException', text(101));
    await c.send(new CreateFleetCommand(internet('sixty', 60)));
    await rejectsWith(c.send(new CreateFleetCommand(internet('fifty', 50))), 'LimitExceededException', text(110));
    await c.send(new CreateFleetCommand(internet('forty', 40)));
    // Fleets without default internet access do not count, and stay free to grow.
    await c.send(new CreateFleetCommand(basic('private', { ComputeCapacity: { DesiredInstances: 150 } })));
    // An update that raises the count is checked (the fleet's own instances counted once).
    await rejectsWith(c.send(new UpdateFleetCommand({ Name: 'forty', ComputeCapacity: { DesiredInstances: 41 } })), 'LimitExceededException', text(101));
    await rejectsWith(c.send(new UpdateFleetCommand({ Name: 'private', EnableDefaultInternetAccess: true })), 'LimitExceededException', text(250));
    await c.send(new UpdateFleetCommand({ Name: 'forty', ComputeCapacity: { DesiredInstances: 30 } }));
    await c.send(new UpdateFleetCommand({ Name: 'sixty', ComputeCapacity: { DesiredInstances: 70 } }));
    // Another account has its own 100; a quota of its own is configurable.
    await appStreamClient(server.url, 'awsJson1_1', { accountId: '300000000011', region: REGION }).send(new CreateFleetCommand(internet('sixty', 100)));
    const s = await startTestServer({ quotas: { defaultInternetAccessInstances: 5 } });
    try {
      const q = appStreamClient(s.url, 'awsJson1_1', { accountId: account, region: REGION });
      await rejectsWith(
        q.send(new CreateFleetCommand(internet('six', 6))),
        'LimitExceededException',
        `The maximum number of fleet instances with default internet access (5) for account ${account} in ${REGION} would be exceeded: the fleets with default internet access would have 6 desired instances.`,
      );
    } finally {
      await s.close();
    }
  });

  it('failures on purpose: a fleet stuck STARTING with FleetErrors, then started again', async () => {
    const account = '400000000000';
    const c = appStreamClient(server.url, 'rpcv2Cbor', { accountId: account, region: REGION });
    await c.send(new CreateFleetCommand(basic('stuck')));
    const bad = await control(server, '/failures', { Operation: 'StartFleet', ErrorCode: 'NOT_A_CODE' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^ErrorCode must be one of IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION, /);
    assert.equal((await control(server, '/failures', { Operation: 'CopyImage', ErrorCode: 'SUBNET_NOT_FOUND' })).status, 400);
    const rule = await control(server, '/failures', { Operation: 'StartFleet', AccountId: account, ErrorCode: 'SUBNET_NOT_FOUND' });
    assert.equal(rule.status, 200);
    assert.deepEqual(rule.body.FailureRules.at(-1), { Id: rule.body.FailureRules.at(-1).Id, Operation: 'StartFleet', AccountId: account, Remaining: 1, ErrorCode: 'SUBNET_NOT_FOUND' });
    await c.send(new StartFleetCommand({ Name: 'stuck' }));
    await advanceClock(server, STEP * 10);
    let f = await fleet(c, 'stuck');
    assert.equal(f.State, 'STARTING');
    assert.deepEqual(f.FleetErrors, [{ ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'The fleet could not start: subnet not found.' }]);
    assert.equal(f.ComputeCapacityStatus!.Running, 0);
    await c.send(new StopFleetCommand({ Name: 'stuck' }));
    await advanceClock(server, STEP);
    assert.equal((await fleet(c, 'stuck')).State, 'STOPPED');
    // Without an ErrorCode the rule reports INTERNAL_SERVICE_ERROR.
    await control(server, '/failures', { Operation: 'StartFleet', AccountId: account });
    await c.send(new StartFleetCommand({ Name: 'stuck' }));
    await advanceClock(server, STEP);
    assert.deepEqual((await fleet(c, 'stuck')).FleetErrors, [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'The fleet could not start: internal service error.' }]);
    await c.send(new StopFleetCommand({ Name: 'stuck' }));
    await advanceClock(server, STEP);
    // The rules are used up: the next start runs, and FleetErrors are gone.
    await c.send(new StartFleetCommand({ Name: 'stuck' }));
    await advanceClock(server, STEP);
    f = await fleet(c, 'stuck');
    assert.equal(f.State, 'RUNNING');
    assert.equal(f.FleetErrors, undefined);
  });

  it('seeding fleets (states, capacity, tags, a stuck fleet), refused entries, and reset', async () => {
    const account = '500000000000';
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: account, region: REGION });
    const counts = await seedOk(server.url, {
      fleets: [
        { AccountId: account, Region: REGION, Name: 'seeded-running', ImageName: WIN_IMAGE, State: 'RUNNING', ComputeCapacity: { DesiredInstances: 3 }, Tags: { env: 'test' } },
        { AccountId: account, Region: REGION, Name: 'seeded-starting', ImageArn: `arn:aws:appstream:${REGION}::image/${LINUX_IMAGE}`, State: 'STARTING' },
        {
          AccountId: account,
          Region: REGION,
          Name: 'seeded-stuck',
          ImageName: WIN_IMAGE,
          State: 'STARTING',
          FleetErrors: [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'no role' }],
        },
        { AccountId: account, Region: REGION, Name: 'seeded-elastic', FleetType: 'ELASTIC', Platform: 'AMAZON_LINUX2', MaxConcurrentSessions: 3, VpcConfig: { SubnetIds: ['a', 'b'] } },
      ],
    });
    assert.equal(counts.fleets, 4);
    const running = await fleet(c, 'seeded-running');
    assert.equal(running.State, 'RUNNING');
    assert.deepEqual(running.ComputeCapacityStatus, { Desired: 3, Running: 3, InUse: 0, Available: 3 });
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: running.Arn }))).Tags, { env: 'test' });
    const starting = await fleet(c, 'seeded-starting');
    assert.deepEqual([starting.State, starting.ImageName, starting.Platform], ['STARTING', LINUX_IMAGE, LINUX]);
    await advanceClock(server, STEP);
    assert.equal((await fleet(c, 'seeded-starting')).State, 'RUNNING');
    assert.equal((await fleet(c, 'seeded-stuck')).State, 'STARTING');
    assert.deepEqual((await fleet(c, 'seeded-stuck')).FleetErrors, [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'no role' }]);

    const refused = [
      [{ fleets: [{ AccountId: account, Region: REGION, Name: 'x', ImageName: WIN_IMAGE, ImageArn: `arn:aws:appstream:${REGION}::image/${WIN_IMAGE}` }] }, 'fleets[0] ("x"): give ImageName or ImageArn, not both'],
      [{ fleets: [{ AccountId: account, Region: REGION, Name: 'x', ImageName: 'nope' }] }, `fleets[0] ("x"): no image nope in ${REGION} (a public image, or one seeded in images)`],
      [{ fleets: [{ AccountId: account, Region: REGION, Name: 'x', ImageName: WIN_IMAGE, State: 'FLYING' }] }, "fleets[0] (\"x\"): State 'FLYING' must be one of STARTING, RUNNING, STOPPING, STOPPED"],
      [{ sessions: [{ AccountId: account, Region: REGION, StackName: 's', FleetName: 'ghost', UserId: 'alice' }] }, `sessions[0] ("alice"): account ${account} has no fleet ghost in ${REGION} (seed it in fleets)`],
      // A seeded fleet follows CreateFleet's type rules: an Elastic fleet without a Platform would
      // answer DescribeFleets without one (a member always present), one without MaxConcurrentSessions no capacity.
      [
        { fleets: [{ AccountId: account, Region: REGION, Name: 'x', FleetType: 'ELASTIC', MaxConcurrentSessions: 3, VpcConfig: { SubnetIds: ['a', 'b'] } }] },
        'fleets[0] ("x"): Platform is required for Elastic fleets.',
      ],
      [
        { fleets: [{ AccountId: account, Region: REGION, Name: 'x', FleetType: 'ELASTIC', Platform: 'WINDOWS_SERVER_2019', VpcConfig: { SubnetIds: ['a', 'b'] } }] },
        'fleets[0] ("x"): MaxConcurrentSessions is required for Elastic fleets.',
      ],
      [
        { fleets: [{ AccountId: account, Region: REGION, Name: 'x', FleetType: 'ELASTIC', Platform: 'WINDOWS_SERVER_2019', MaxConcurrentSessions: 3 }] },
        'fleets[0] ("x"): The VpcConfig must specify at least two subnets in different availability zones.',
      ],
      [
        { fleets: [{ AccountId: account, Region: REGION, Name: 'x', ImageName: WIN_IMAGE, MaxConcurrentSessions: 3 }] },
        'fleets[0] ("x"): MaxConcurrentSessions is not allowed for Always-On and On-Demand fleets.',
      ],
    ] as const;
    for (const [doc, message] of refused) {
      const r = await seed(server.url, doc);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.message, message);
    }
    const r = await reset(server.url, account);
    assert.equal(r.status, 200);
    assert.equal(r.body.deleted.fleets, 4);
    assert.deepEqual((await c.send(new DescribeFleetsCommand({}))).Fleets, []);
    assert.equal((await c.send(new ListTagsForResourceCommand({ ResourceArn: running.Arn })).catch((e) => e)).name, 'ResourceNotFoundException');
  });
});
