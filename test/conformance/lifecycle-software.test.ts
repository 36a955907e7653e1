// License-included software on image builders through the JS SDK (both protocols):
// SoftwaresToInstall on create, associate, deploy, disassociate, describe, and their errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateSoftwareToImageBuilderCommand,
  CreateImageBuilderCommand,
  DescribeImagesCommand,
  DescribeSoftwareAssociationsCommand,
  DisassociateSoftwareFromImageBuilderCommand,
  StartSoftwareDeploymentToImageBuilderCommand,
  StopImageBuilderCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';

const ACCOUNT = '111111111111';
const BASE = 'AppStream-WinServer2022-11-10-2025';
const OFFICE = 'Microsoft_Office_2024_LTSC_Professional_Plus_64Bit';
const VISIO = 'Microsoft_Visio_2024_LTSC_Professional_64Bit';
const PROJECT = 'Microsoft_Project_2021_Professional_32Bit';
const arnOf = (name: string) => `arn:aws:appstream:us-east-1:${ACCOUNT}:image-builder/${name}`;

for (const protocol of PROTOCOLS) {
  describe(`license-included software over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    const statuses = async (builder: string) =>
      Object.fromEntries(
        (await c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: arnOf(builder) }))).SoftwareAssociations!.map((s) => [
          s.SoftwareName,
          s.Status,
        ]),
      );
    before(async () => {
      server = await startTestServer({ transitionSeconds: 0 });
      c = appStreamClient(server.url, protocol);
    });
    after(() => server.close());

    it('SoftwaresToInstall on create: PENDING_INSTALLATION, then INSTALLED with the builder', async () => {
      await c.send(
        new CreateImageBuilderCommand({ Name: 'sw', ImageName: BASE, InstanceType: 'stream.standard.large', SoftwaresToInstall: [OFFICE] }),
      );
      const out = await c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: arnOf('sw') }));
      assert.equal(out.AssociatedResource, arnOf('sw'));
      assert.deepEqual(await statuses('sw'), { [OFFICE]: 'INSTALLED' });
    });

    it('associate: STAGED_FOR_INSTALLATION; deploy: INSTALLED', async () => {
      await c.send(new AssociateSoftwareToImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: [VISIO, PROJECT] }));
      assert.deepEqual(await statuses('sw'), { [OFFICE]: 'INSTALLED', [VISIO]: 'STAGED_FOR_INSTALLATION', [PROJECT]: 'STAGED_FOR_INSTALLATION' });
      await c.send(new StartSoftwareDeploymentToImageBuilderCommand({ ImageBuilderName: 'sw' }));
      assert.deepEqual(await statuses('sw'), { [OFFICE]: 'INSTALLED', [VISIO]: 'INSTALLED', [PROJECT]: 'INSTALLED' });
    });

    it('DescribeSoftwareAssociations pages', async () => {
      const first = await c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: arnOf('sw'), MaxResults: 2 }));
      assert.equal(first.SoftwareAssociations!.length, 2);
      assert.ok(first.NextToken);
      const second = await c.send(
        new DescribeSoftwareAssociationsCommand({ AssociatedResource: arnOf('sw'), MaxResults: 2, NextToken: first.NextToken }),
      );
      assert.equal(second.SoftwareAssociations!.length, 1);
      assert.equal(second.NextToken, undefined);
    });

    it('disassociate: STAGED_FOR_UNINSTALLATION; deploy: gone', async () => {
      await c.send(new DisassociateSoftwareFromImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: [PROJECT] }));
      assert.equal((await statuses('sw'))[PROJECT], 'STAGED_FOR_UNINSTALLATION');
      await c.send(new StartSoftwareDeploymentToImageBuilderCommand({ ImageBuilderName: 'sw', RetryFailedDeployments: true }));
      assert.deepEqual(await statuses('sw'), { [OFFICE]: 'INSTALLED', [VISIO]: 'INSTALLED' });
      // A staged (never installed) association goes at once.
      await c.send(new AssociateSoftwareToImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: [PROJECT] }));
      await c.send(new DisassociateSoftwareFromImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: [PROJECT] }));
      assert.deepEqual(Object.keys(await statuses('sw')).sort(), [OFFICE, VISIO].sort());
    });

    it('an image made from the builder carries its software', async () => {
      const res = await fetch(`${server.url}/_appstream/image-assistant/create-image`, {
        method: 'POST',
        body: JSON.stringify({ AccountId: ACCOUNT, Region: 'us-east-1', ImageBuilderName: 'sw', Name: 'with-office' }),
      });
      assert.equal(res.status, 200);
      const img = (await c.send(new DescribeImagesCommand({ Names: ['with-office'] }))).Images![0]!;
      assert.equal(img.ManagedSoftwareIncluded, true);
      const out = await c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: img.Arn }));
      assert.deepEqual(out.SoftwareAssociations!.map((s) => [s.SoftwareName, s.Status]).sort(), [
        [OFFICE, 'INSTALLED'],
        [VISIO, 'INSTALLED'],
      ].sort());
    });

    it('errors: unknown software, a Linux builder, unknown builder, wrong state, not associated', async () => {
      await rejectsWith(
        c.send(new AssociateSoftwareToImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: ['Notepad_Plus'] })),
        'InvalidParameterCombinationException',
        /Notepad_Plus/,
      );
      await rejectsWith(
        c.send(new DisassociateSoftwareFromImageBuilderCommand({ ImageBuilderName: 'sw', SoftwareNames: ['Notepad_Plus'] })),
        'InvalidParameterCombinationException',
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'x', ImageName: BASE, InstanceType: 'stream.standard.large', SoftwaresToInstall: ['Nope'] })),
        'InvalidParameterCombinationException',
      );
      await c.send(new CreateImageBuilderCommand({ Name: 'linux', ImageName: 'AppStream-RHEL8-08-31-2026', InstanceType: 'stream.standard.large' }));
      await rejectsWith(
        c.send(new AssociateSoftwareToImageBuilderCommand({ ImageBuilderName: 'linux', SoftwareNames: [OFFICE] })),
        'IncompatibleImageException',
      );
      await rejectsWith(
        c.send(
          new CreateImageBuilderCommand({
            Name: 'x',
            ImageName: 'AppStream-RHEL8-08-31-2026',
            InstanceType: 'stream.standard.large',
            SoftwaresToInstall: [OFFICE],
          }),
        ),
        'IncompatibleImageException',
      );
      await rejectsWith(
        c.send(new AssociateSoftwareToImageBuilderCommand({ ImageBuilderName: 'nope', SoftwareNames: [OFFICE] })),
        'ResourceNotFoundException',
      );
      await rejectsWith(c.send(new StartSoftwareDeploymentToImageBuilderCommand({ ImageBuilderName: 'nope' })), 'ResourceNotFoundException');
      await rejectsWith(
        c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: arnOf('nope') })),
        'ResourceNotFoundException',
      );
      await rejectsWith(
        c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: 'arn:aws:appstream:us-east-1:222222222222:image-builder/sw' })),
        'ResourceNotFoundException',
      );
      // Another kind of resource (a fleet here, existing or not): refused for its kind.
      const fleetArn = arnOf('nope').replace(':image-builder/nope', ':fleet/any');
      await rejectsWith(
        c.send(new DescribeSoftwareAssociationsCommand({ AssociatedResource: fleetArn })),
        'OperationNotPermittedException',
        `Software associations are only available for images and image builders, not for the resource type fleet (${fleetArn}).`,
      );
      await rejectsWith(
        c.send(new DisassociateSoftwareFromImageBuilderCommand({ ImageBuilderName: 'linux', SoftwareNames: [OFFICE] })),
        'ResourceNotFoundException',
        /not associated/,
      );
      // The builder snapshotted into STOPPED: deployments need RUNNING.
      await rejectsWith(
        c.send(new StartSoftwareDeploymentToImageBuilderCommand({ ImageBuilderName: 'sw' })),
        'OperationNotPermittedException',
        /is STOPPED/,
      );
      await c.send(new StopImageBuilderCommand({ Name: 'linux' }));
    });
  });
}
