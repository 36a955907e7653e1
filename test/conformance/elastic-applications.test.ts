// Applications, app blocks and application-fleet associations (SPEC-rest §7.1-§7.3) through the
// JS SDK in both protocols: every operation's happy path, paging, tags, and every refused
// combination with its modeled code and text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateApplicationFleetCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  CreateFleetCommand,
  DeleteAppBlockCommand,
  DeleteApplicationCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationFleetAssociationsCommand,
  DescribeApplicationsCommand,
  DescribeFleetsCommand,
  DisassociateApplicationFleetCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateApplicationCommand,
  UpdateFleetCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { rejectsWith } from '../support/assertions.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT, applicationInput, createElasticFleet, customAppBlock, S3, SCRIPT } from '../support/elastic.js';
import { publicImageOf, WINDOWS } from '../support/fleets.js';

const ARN = (type: string, name: string, account = ACCOUNT, region = 'us-east-1') => `arn:aws:appstream:${region}:${account}:${type}/${name}`;

for (const protocol of PROTOCOLS) {
  describe(`applications and app blocks over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    before(async () => {
      server = await startTestServer({ quotas: { applications: 30, appBlocks: 40 } });
      c = appStreamClient(server.url, protocol);
      // The fleets applications attach to, made as a user makes them (CreateFleet).
      await createElasticFleet(c, 'elastic-win');
      await createElasticFleet(c, 'elastic-linux', { Platform: 'AMAZON_LINUX2' });
      await c.send(
        new CreateFleetCommand({ Name: 'always-on', FleetType: 'ALWAYS_ON', ImageName: publicImageOf('us-east-1', WINDOWS), InstanceType: 'stream.standard.small', ComputeCapacity: { DesiredInstances: 1 } }),
      );
    });
    after(() => server.close());

    it('CreateAppBlock: CUSTOM is ACTIVE, APPSTREAM2 INACTIVE; both echo what was given', async () => {
      const custom = (await c.send(new CreateAppBlockCommand({ ...customAppBlock('block-custom'), DisplayName: 'Custom', Description: 'setup script', Tags: { team: 'apps' } })))
        .AppBlock!;
      assert.equal(custom.Name, 'block-custom');
      assert.equal(custom.Arn, ARN('app-block', 'block-custom'));
      assert.equal(custom.State, 'ACTIVE');
      assert.equal(custom.PackagingType, 'CUSTOM');
      assert.equal(custom.DisplayName, 'Custom');
      assert.equal(custom.Description, 'setup script');
      assert.deepEqual(custom.SourceS3Location, S3('blocks/block-custom.vhdx'));
      assert.deepEqual(custom.SetupScriptDetails, SCRIPT);
      assert.equal(custom.PostSetupScriptDetails, undefined);
      assert.equal(custom.AppBlockErrors, undefined);
      assert.ok(custom.CreatedTime instanceof Date);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: custom.Arn }))).Tags, { team: 'apps' });

      const packaged = (await c.send(new CreateAppBlockCommand({ Name: 'block-packaged', SourceS3Location: S3('blocks/p.vhdx'), PackagingType: 'APPSTREAM2', PostSetupScriptDetails: SCRIPT })))
        .AppBlock!;
      assert.equal(packaged.State, 'INACTIVE');
      assert.equal(packaged.PackagingType, 'APPSTREAM2');
      assert.deepEqual(packaged.PostSetupScriptDetails, SCRIPT);
    });

    it('CreateAppBlock refuses a CUSTOM block without a setup script, a post-setup script on CUSTOM, and a taken name', async () => {
      await rejectsWith(
        c.send(new CreateAppBlockCommand({ Name: 'no-script', SourceS3Location: S3('x') })),
        'OperationNotPermittedException',
        'SetupScriptDetails must be provided for the CUSTOM PackagingType.',
      );
      await rejectsWith(
        c.send(new CreateAppBlockCommand({ ...customAppBlock('post-on-custom'), PostSetupScriptDetails: SCRIPT })),
        'OperationNotPermittedException',
        'PostSetupScriptDetails can only be provided for the APPSTREAM2 PackagingType.',
      );
      await rejectsWith(c.send(new CreateAppBlockCommand(customAppBlock('block-custom'))), 'ResourceAlreadyExistsException', 'App block block-custom already exists.');
      // The model's constraints answer ValidationException before the service sees the input.
      await rejectsWith(c.send(new CreateAppBlockCommand({ ...customAppBlock('bad name!') })), 'ValidationException', /at 'name' failed to satisfy constraint/);
    });

    it('CreateApplication: the Application with its derived members', async () => {
      const app = (
        await c.send(
          new CreateApplicationCommand(
            applicationInput('notepad', ARN('app-block', 'block-custom'), {
              DisplayName: 'Notepad',
              Description: 'an editor',
              WorkingDirectory: 'C:\\Temp',
              LaunchParameters: '-n',
              Platforms: ['WINDOWS_SERVER_2019', 'AMAZON_LINUX2'],
              InstanceFamilies: ['GENERAL_PURPOSE', 'GRAPHICS_G4'],
              Tags: { kind: 'editor' },
            }),
          ),
        )
      ).Application!;
      assert.equal(app.Name, 'notepad');
      assert.equal(app.Arn, ARN('application', 'notepad'));
      assert.equal(app.AppBlockArn, ARN('app-block', 'block-custom'));
      assert.equal(app.DisplayName, 'Notepad');
      assert.equal(app.Description, 'an editor');
      assert.equal(app.LaunchPath, 'C:\\Program Files\\notepad\\notepad.exe');
      assert.equal(app.WorkingDirectory, 'C:\\Temp');
      assert.equal(app.LaunchParameters, '-n');
      assert.deepEqual(app.Platforms, ['WINDOWS_SERVER_2019', 'AMAZON_LINUX2']);
      assert.deepEqual(app.InstanceFamilies, ['GENERAL_PURPOSE', 'GRAPHICS_G4']);
      assert.deepEqual(app.IconS3Location, S3('icons/notepad.png'));
      assert.equal(app.Enabled, true);
      assert.deepEqual(app.Metadata, {});
      assert.ok(app.CreatedTime instanceof Date);
      assert.equal(app.IconURL, `${server.url}/_appstream/console/application-icon/${ACCOUNT}/us-east-1/notepad`);
      const icon = await fetch(app.IconURL!);
      assert.equal(icon.status, 200);
      assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
      assert.match(await icon.text(), /^<svg /);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: app.Arn }))).Tags, { kind: 'editor' });
    });

    it('CreateApplication refuses platforms and instance families Elastic fleets lack, an unknown app block, a taken name', async () => {
      const block = ARN('app-block', 'block-custom');
      await rejectsWith(
        c.send(new CreateApplicationCommand(applicationInput('win22', block, { Platforms: ['WINDOWS_SERVER_2022'] }))),
        'OperationNotPermittedException',
        'The platform WINDOWS_SERVER_2022 is not supported for applications. Use WINDOWS_SERVER_2019, AMAZON_LINUX2, UBUNTU_PRO_2404.',
      );
      await rejectsWith(
        c.send(new CreateApplicationCommand(applicationInput('gpu', block, { InstanceFamilies: ['COMPUTE'] }))),
        'OperationNotPermittedException',
        'The instance family COMPUTE is not supported for applications. Use GENERAL_PURPOSE, GRAPHICS_G4.',
      );
      await rejectsWith(
        c.send(new CreateApplicationCommand(applicationInput('orphan', ARN('app-block', 'nope')))),
        'ResourceNotFoundException',
        'The app block nope does not exist.',
      );
      await rejectsWith(
        c.send(new CreateApplicationCommand(applicationInput('other-account', ARN('app-block', 'block-custom', '222222222222')))),
        'ResourceNotFoundException',
        `The app block ${ARN('app-block', 'block-custom', '222222222222')} does not exist.`,
      );
      await rejectsWith(c.send(new CreateApplicationCommand(applicationInput('notepad', block))), 'ResourceAlreadyExistsException', 'Application notepad already exists.');
    });

    it('UpdateApplication changes the given members, deletes attributes, checks a new app block', async () => {
      const updated = (
        await c.send(
          new UpdateApplicationCommand({
            Name: 'notepad',
            DisplayName: 'Notepad++',
            LaunchPath: 'C:\\np\\np.exe',
            AttributesToDelete: ['LAUNCH_PARAMETERS', 'WORKING_DIRECTORY'],
            AppBlockArn: ARN('app-block', 'block-packaged'),
          }),
        )
      ).Application!;
      assert.equal(updated.DisplayName, 'Notepad++');
      assert.equal(updated.Description, 'an editor');
      assert.equal(updated.LaunchPath, 'C:\\np\\np.exe');
      assert.equal(updated.LaunchParameters, undefined);
      assert.equal(updated.WorkingDirectory, undefined);
      assert.equal(updated.AppBlockArn, ARN('app-block', 'block-packaged'));
      await rejectsWith(c.send(new UpdateApplicationCommand({ Name: 'nope' })), 'ResourceNotFoundException', 'The application nope does not exist.');
      await rejectsWith(
        c.send(new UpdateApplicationCommand({ Name: 'notepad', AppBlockArn: ARN('app-block', 'gone') })),
        'ResourceNotFoundException',
        'The app block gone does not exist.',
      );
      await rejectsWith(
        c.send(new UpdateApplicationCommand({ Name: 'notepad', LaunchParameters: '-x', AttributesToDelete: ['LAUNCH_PARAMETERS'] })),
        'OperationNotPermittedException',
        'LaunchParameters cannot be set and deleted in the same request.',
      );
      await c.send(new UpdateApplicationCommand({ Name: 'notepad', AppBlockArn: ARN('app-block', 'block-custom') }));
    });

    it('DescribeApplications: all, by ARN, paged; an unknown ARN is ResourceNotFound', async () => {
      const block = ARN('app-block', 'block-custom');
      for (let i = 0; i < 4; i++) await c.send(new CreateApplicationCommand(applicationInput(`app-${i}`, block)));
      const all = await c.send(new DescribeApplicationsCommand({}));
      assert.deepEqual(all.Applications!.map((a) => a.Name), ['app-0', 'app-1', 'app-2', 'app-3', 'notepad']);
      assert.equal(all.NextToken, undefined);
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const p = await c.send(new DescribeApplicationsCommand({ MaxResults: 2, NextToken: token }));
        names.push(...p.Applications!.map((a) => a.Name!));
        assert.ok(p.Applications!.length <= 2);
        token = p.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(names, ['app-0', 'app-1', 'app-2', 'app-3', 'notepad']);
      const some = await c.send(new DescribeApplicationsCommand({ Arns: [ARN('application', 'app-2'), ARN('application', 'notepad'), ARN('application', 'app-2')] }));
      assert.deepEqual(some.Applications!.map((a) => a.Name), ['app-2', 'notepad']);
      await rejectsWith(
        c.send(new DescribeApplicationsCommand({ Arns: [ARN('application', 'app-2'), ARN('application', 'missing')] })),
        'ResourceNotFoundException',
        'The application missing does not exist.',
      );
    });

    it('AssociateApplicationFleet: Elastic fleets of a matching platform only; repeated associations succeed', async () => {
      const arn = ARN('application', 'notepad');
      const out = await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: arn }));
      assert.deepEqual(out.ApplicationFleetAssociation, { FleetName: 'elastic-win', ApplicationArn: arn });
      assert.deepEqual((await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: arn }))).ApplicationFleetAssociation, {
        FleetName: 'elastic-win',
        ApplicationArn: arn,
      });
      // notepad supports AMAZON_LINUX2 too.
      await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-linux', ApplicationArn: arn }));
      await rejectsWith(
        c.send(new AssociateApplicationFleetCommand({ FleetName: 'always-on', ApplicationArn: arn })),
        'OperationNotPermittedException',
        'The fleet always-on is ALWAYS_ON. Applications can be associated only with Elastic fleets.',
      );
      await rejectsWith(
        c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-linux', ApplicationArn: ARN('application', 'app-0') })),
        'InvalidParameterCombinationException',
        'The application app-0 does not support the platform AMAZON_LINUX2 of the fleet elastic-linux. Its platforms are WINDOWS_SERVER_2019.',
      );
      await rejectsWith(c.send(new AssociateApplicationFleetCommand({ FleetName: 'nofleet', ApplicationArn: arn })), 'ResourceNotFoundException', 'The fleet nofleet does not exist.');
      await rejectsWith(
        c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'nope') })),
        'ResourceNotFoundException',
        'The application nope does not exist.',
      );
      await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'app-1') }));
      await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'app-0') }));
    });

    it('DescribeApplicationFleetAssociations: by fleet, by application, both; neither is refused', async () => {
      const byFleet = await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: 'elastic-win' }));
      assert.deepEqual(
        byFleet.ApplicationFleetAssociations!.map((a) => a.ApplicationArn),
        [ARN('application', 'app-0'), ARN('application', 'app-1'), ARN('application', 'notepad')],
      );
      const byApp = await c.send(new DescribeApplicationFleetAssociationsCommand({ ApplicationArn: ARN('application', 'notepad') }));
      assert.deepEqual(byApp.ApplicationFleetAssociations, [
        { FleetName: 'elastic-linux', ApplicationArn: ARN('application', 'notepad') },
        { FleetName: 'elastic-win', ApplicationArn: ARN('application', 'notepad') },
      ]);
      const paged: string[] = [];
      let token: string | undefined;
      do {
        const p = await c.send(new DescribeApplicationFleetAssociationsCommand({ ApplicationArn: ARN('application', 'notepad'), MaxResults: 1, NextToken: token }));
        assert.equal(p.ApplicationFleetAssociations!.length, 1);
        paged.push(p.ApplicationFleetAssociations![0]!.FleetName!);
        token = p.NextToken;
      } while (token);
      assert.deepEqual(paged, ['elastic-linux', 'elastic-win']);
      const both = await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: 'elastic-linux', ApplicationArn: ARN('application', 'app-0') }));
      assert.deepEqual(both.ApplicationFleetAssociations, []);
      await rejectsWith(
        c.send(new DescribeApplicationFleetAssociationsCommand({})),
        'InvalidParameterCombinationException',
        'Either ApplicationArn or FleetName must be specified.',
      );
    });

    it("UpdateFleet to a platform one of the fleet's applications lacks: InvalidParameterCombinationException (the rule of AssociateApplicationFleet holds)", async () => {
      await rejectsWith(
        c.send(new UpdateFleetCommand({ Name: 'elastic-win', Platform: 'AMAZON_LINUX2' })),
        'InvalidParameterCombinationException',
        'The application app-0 does not support the platform AMAZON_LINUX2 of the fleet elastic-win. Its platforms are WINDOWS_SERVER_2019.',
      );
      const fleet = (await c.send(new DescribeFleetsCommand({ Names: ['elastic-win'] }))).Fleets![0]!;
      assert.equal(fleet.Platform, 'WINDOWS_SERVER_2019');
      // A platform every associated application lists is taken (elastic-linux has notepad, of both platforms).
      assert.equal((await c.send(new UpdateFleetCommand({ Name: 'elastic-linux', Platform: 'WINDOWS_SERVER_2019' }))).Fleet?.Platform, 'WINDOWS_SERVER_2019');
      assert.equal((await c.send(new UpdateFleetCommand({ Name: 'elastic-linux', Platform: 'AMAZON_LINUX2' }))).Fleet?.Platform, 'AMAZON_LINUX2');
    });

    it('DeleteApplication refuses an associated application; Disassociate (also of an unknown pair) succeeds', async () => {
      await rejectsWith(
        c.send(new DeleteApplicationCommand({ Name: 'notepad' })),
        'ResourceInUseException',
        'The application notepad is associated with the fleet elastic-linux. To delete the application, you must disassociate it from the fleet.',
      );
      await c.send(new DisassociateApplicationFleetCommand({ FleetName: 'elastic-linux', ApplicationArn: ARN('application', 'notepad') }));
      await c.send(new DisassociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'notepad') }));
      await c.send(new DisassociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'notepad') }));
      await c.send(new DisassociateApplicationFleetCommand({ FleetName: 'no-fleet', ApplicationArn: ARN('application', 'nothing') }));
      await c.send(new DeleteApplicationCommand({ Name: 'notepad' }));
      await rejectsWith(c.send(new DescribeApplicationsCommand({ Arns: [ARN('application', 'notepad')] })), 'ResourceNotFoundException', 'The application notepad does not exist.');
      await rejectsWith(c.send(new DeleteApplicationCommand({ Name: 'notepad' })), 'ResourceNotFoundException', 'The application notepad does not exist.');
      await rejectsWith(c.send(new ListTagsForResourceCommand({ ResourceArn: ARN('application', 'notepad') })), 'ResourceNotFoundException');
    });

    it('DescribeAppBlocks: all, by ARN; DeleteAppBlock refuses a block an application uses', async () => {
      const all = await c.send(new DescribeAppBlocksCommand({}));
      assert.deepEqual(all.AppBlocks!.map((b) => [b.Name, b.State]), [
        ['block-custom', 'ACTIVE'],
        ['block-packaged', 'INACTIVE'],
      ]);
      const one = await c.send(new DescribeAppBlocksCommand({ Arns: [ARN('app-block', 'block-packaged')], MaxResults: 5 }));
      assert.deepEqual(one.AppBlocks!.map((b) => b.Name), ['block-packaged']);
      await rejectsWith(c.send(new DescribeAppBlocksCommand({ Arns: [ARN('app-block', 'zzz')] })), 'ResourceNotFoundException', 'The app block zzz does not exist.');
      await rejectsWith(
        c.send(new DeleteAppBlockCommand({ Name: 'block-custom' })),
        'ResourceInUseException',
        'The app block block-custom is used by the application app-0. Delete the application or change its app block first.',
      );
      await c.send(new TagResourceCommand({ ResourceArn: ARN('app-block', 'block-packaged'), Tags: { a: 'b' } }));
      await c.send(new DeleteAppBlockCommand({ Name: 'block-packaged' }));
      await rejectsWith(c.send(new DeleteAppBlockCommand({ Name: 'block-packaged' })), 'ResourceNotFoundException', 'The app block block-packaged does not exist.');
      // A new block of the same name starts without the old one's tags.
      await c.send(new CreateAppBlockCommand({ Name: 'block-packaged', SourceS3Location: S3('p2'), PackagingType: 'APPSTREAM2' }));
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: ARN('app-block', 'block-packaged') }))).Tags, {});
    });

    it('quotas: applications and app blocks answer LimitExceeded past the configured count', async () => {
      const have = (await c.send(new DescribeAppBlocksCommand({ MaxResults: 25 }))).AppBlocks!.length;
      for (let i = have; i < 40; i++) await c.send(new CreateAppBlockCommand(customAppBlock(`fill-${String(i).padStart(2, '0')}`)));
      await rejectsWith(
        c.send(new CreateAppBlockCommand(customAppBlock('one-too-many'))),
        'LimitExceededException',
        `The maximum number of app blocks (40) for account ${ACCOUNT} in us-east-1 has been reached.`,
      );
      const apps = (await c.send(new DescribeApplicationsCommand({}))).Applications!.length;
      for (let i = apps; i < 30; i++) await c.send(new CreateApplicationCommand(applicationInput(`fill-${String(i).padStart(2, '0')}`, ARN('app-block', 'block-custom'))));
      await rejectsWith(
        c.send(new CreateApplicationCommand(applicationInput('one-too-many', ARN('app-block', 'block-custom')))),
        'LimitExceededException',
        `The maximum number of applications (30) for account ${ACCOUNT} in us-east-1 has been reached.`,
      );
    });

    it('another account or region sees none of it', async () => {
      const other = appStreamClient(server.url, protocol, { accountId: '222222222222' });
      assert.deepEqual((await other.send(new DescribeApplicationsCommand({}))).Applications, []);
      assert.deepEqual((await other.send(new DescribeAppBlocksCommand({}))).AppBlocks, []);
      const west = appStreamClient(server.url, protocol, { region: 'us-west-2' });
      assert.deepEqual((await west.send(new DescribeApplicationsCommand({}))).Applications, []);
      await rejectsWith(
        other.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-win', ApplicationArn: ARN('application', 'app-0') })),
        'ResourceNotFoundException',
        'The fleet elastic-win does not exist.',
      );
    });
  });
}
