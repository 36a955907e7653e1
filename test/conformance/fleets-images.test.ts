// Fleets and images (SPEC-rest §11), through the JS SDK in both protocols: which images a
// fleet may use (public and own by name, shared by ARN with allowFleet), DeleteImage of an
// image in use, revoking allowFleet (the grantee's fleets drop to desired capacity 0), and a
// fleet whose image went away since (StartFleet: stuck STARTING with IMAGE_NOT_FOUND).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFleetCommand,
  DeleteFleetCommand,
  DeleteImageCommand,
  DeleteImagePermissionsCommand,
  DescribeFleetsCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  UpdateImagePermissionsCommand,
  type Fleet,
} from '@aws-sdk/client-appstream';
import type { AppStreamClient } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { advanceClock, publicImageOf, WINDOWS } from '../support/fleets.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const STEP = 60;
const BASE = publicImageOf(REGION, WINDOWS);

async function fleet(client: AppStreamClient, name: string): Promise<Fleet> {
  return (await client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!;
}

describe('fleets and images (SPEC-rest §11)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP });
  });
  after(async () => server?.close());

  PROTOCOLS.forEach((protocol, p) => {
    const owner = `61000000000${p}`;
    const grantee = `62000000000${p}`;
    const stranger = `63000000000${p}`;
    const as = (account: string) => appStreamClient(server.url, protocol, { accountId: account, region: REGION });
    const arnOf = (name: string) => `arn:aws:appstream:${REGION}:${owner}:image/${name}`;
    const fleetOn = (Name: string, image: { ImageName?: string; ImageArn?: string }) =>
      new CreateFleetCommand({ Name, ...image, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 2 } });

    describe(`over ${protocol}`, () => {
      before(async () => {
        await seedOk(server.url, {
          images: [
            { AccountId: owner, Region: REGION, Name: 'golden', BaseImageName: BASE },
            { AccountId: owner, Region: REGION, Name: 'golden-nofleet', BaseImageName: BASE },
            { AccountId: owner, Region: REGION, Name: 'baking', BaseImageName: BASE, State: 'PENDING' },
            { AccountId: owner, Region: REGION, Name: 'spare', BaseImageName: BASE },
          ],
          imagePermissions: [
            { AccountId: owner, Region: REGION, Name: 'golden', SharedAccountId: grantee, allowFleet: true, allowImageBuilder: false },
            { AccountId: owner, Region: REGION, Name: 'golden-nofleet', SharedAccountId: grantee, allowFleet: false, allowImageBuilder: true },
          ],
        });
      });

      it('own images by name or ARN: both members shown; an image not AVAILABLE is refused', async () => {
        const c = as(owner);
        const byName = (await c.send(fleetOn('own-by-name', { ImageName: 'spare' }))).Fleet!;
        assert.deepEqual([byName.ImageName, byName.ImageArn, byName.Platform], ['spare', arnOf('spare'), WINDOWS]);
        const byArn = (await c.send(fleetOn('own-by-arn', { ImageArn: arnOf('spare') }))).Fleet!;
        assert.deepEqual([byArn.ImageName, byArn.ImageArn], ['spare', arnOf('spare')]);
        await rejectsWith(
          c.send(fleetOn('too-early', { ImageName: 'baking' })),
          'ResourceNotAvailableException',
          'The image baking is PENDING. The image must be in an AVAILABLE state for this action to succeed.',
        );
      });

      it('a shared image is found by ARN only, and needs allowFleet', async () => {
        const c = as(grantee);
        await rejectsWith(c.send(fleetOn('by-name', { ImageName: 'golden' })), 'ResourceNotFoundException', `The image golden for account ${grantee} does not exist.`);
        await rejectsWith(
          c.send(fleetOn('no-permission', { ImageArn: arnOf('golden-nofleet') })),
          'OperationNotPermittedException',
          `You do not have permission to create a fleet from image ${arnOf('golden-nofleet')}.`,
        );
        await rejectsWith(as(stranger).send(fleetOn('stranger', { ImageArn: arnOf('golden') })), 'ResourceNotFoundException', `The image golden for account ${stranger} does not exist.`);
        const f = (await c.send(fleetOn('shared', { ImageArn: arnOf('golden') }))).Fleet!;
        assert.deepEqual([f.ImageName, f.ImageArn, f.Platform], ['golden', arnOf('golden'), WINDOWS]);
      });

      it('DeleteImage of an image a fleet uses (by name or ARN, any state) answers ResourceInUse', async () => {
        const c = as(owner);
        await c.send(fleetOn('pinned', { ImageName: 'spare' }));
        await rejectsWith(
          c.send(new DeleteImageCommand({ Name: 'spare' })),
          'ResourceInUseException',
          'The image spare is in use by fleet own-by-arn. Update or delete the fleet before you delete the image.',
        );
        for (const name of ['own-by-arn', 'own-by-name']) await c.send(new DeleteFleetCommand({ Name: name }));
        await c.send(new StartFleetCommand({ Name: 'pinned' }));
        await rejectsWith(
          c.send(new DeleteImageCommand({ Name: 'spare' })),
          'ResourceInUseException',
          'The image spare is in use by fleet pinned. Update or delete the fleet before you delete the image.',
        );
        // The shared check comes first.
        await rejectsWith(
          c.send(new DeleteImageCommand({ Name: 'golden' })),
          'ResourceInUseException',
          'The image golden is shared with other accounts. Remove its image permissions before you delete it.',
        );
        await advanceClock(server, STEP);
        // Pointing the fleet at another image (same platform, while RUNNING) frees it.
        await c.send(new UpdateFleetCommand({ Name: 'pinned', ImageName: BASE }));
        assert.equal((await c.send(new DeleteImageCommand({ Name: 'spare' }))).Image!.State, 'DELETING');
      });

      it("revoking allowFleet drops the grantee's fleets to desired capacity 0 over a step; they keep their image", async () => {
        const owners = as(owner);
        const c = as(grantee);
        await c.send(fleetOn('shared-2', { ImageArn: arnOf('golden') }));
        await c.send(new StartFleetCommand({ Name: 'shared' }));
        await advanceClock(server, STEP);
        assert.deepEqual((await fleet(c, 'shared')).ComputeCapacityStatus, { Desired: 2, Running: 2, InUse: 0, Available: 2 });
        // Still shared for image builders, no longer for fleets.
        await owners.send(new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: grantee, ImagePermissions: { allowFleet: false, allowImageBuilder: true } }));
        let f = await fleet(c, 'shared');
        assert.equal(f.ComputeCapacityStatus!.Desired, 0);
        assert.equal(f.ComputeCapacityStatus!.Running, 2, 'draining over one step');
        assert.equal(f.ImageArn, arnOf('golden'));
        await advanceClock(server, STEP);
        f = await fleet(c, 'shared');
        assert.deepEqual(f.ComputeCapacityStatus, { Desired: 0, Running: 0, InUse: 0, Available: 0 });
        assert.equal(f.State, 'RUNNING');
        // A STOPPED fleet on the image: desired 0 too; starting it finds no image it may use.
        assert.equal((await fleet(c, 'shared-2')).ComputeCapacityStatus!.Desired, 0);
        await c.send(new StartFleetCommand({ Name: 'shared-2' }));
        await advanceClock(server, STEP);
        f = await fleet(c, 'shared-2');
        assert.equal(f.State, 'STARTING');
        assert.deepEqual(f.FleetErrors, [
          { ErrorCode: 'IMAGE_NOT_FOUND', ErrorMessage: 'The image golden does not exist or is no longer shared with this account for use with fleets.' },
        ]);
        // The image cannot be chosen again; another one can.
        await c.send(new StopFleetCommand({ Name: 'shared' }));
        await advanceClock(server, STEP);
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'shared', ImageArn: arnOf('golden') })),
          'OperationNotPermittedException',
          `You do not have permission to create a fleet from image ${arnOf('golden')}.`,
        );
        const moved = await c.send(new UpdateFleetCommand({ Name: 'shared', ImageName: BASE, ComputeCapacity: { DesiredInstances: 1 } }));
        assert.equal(moved.Fleet!.ImageName, BASE);
        // DeleteImagePermissions revokes too.
        await owners.send(new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: grantee, ImagePermissions: { allowFleet: true } }));
        await c.send(fleetOn('shared-3', { ImageArn: arnOf('golden') }));
        await owners.send(new DeleteImagePermissionsCommand({ Name: 'golden', SharedAccountId: grantee }));
        assert.equal((await fleet(c, 'shared-3')).ComputeCapacityStatus!.Desired, 0);
        // The owner may now delete the image: the grantee's fleets are not the owner's to see.
        assert.equal((await owners.send(new DeleteImageCommand({ Name: 'golden' }))).Image!.State, 'DELETING');
      });
    });
  });
});
