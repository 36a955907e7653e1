// Seeding and reset of the Elastic families (POST /_appstream/seed, POST /_appstream/reset):
// app blocks, applications with their fleet associations, app block builders with their app
// block, export image tasks; entries checked first (a bad one names itself and writes nothing);
// idempotent; reset of one account or all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeAppBlockBuilderAppBlockAssociationsCommand,
  DescribeAppBlockBuildersCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationFleetAssociationsCommand,
  DescribeApplicationsCommand,
  ListExportImageTasksCommand,
  ListTagsForResourceCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { control } from '../support/control.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT, REGION } from '../support/elastic.js';

const OTHER = '222222222222';
const ARN = (type: string, name: string, account = ACCOUNT) => `arn:aws:appstream:${REGION}:${account}:${type}/${name}`;
const TASK = '6f1c2a7e-93f0-4b7e-9a55-0d1c2e3f4a5b';

const at = (AccountId: string) => ({ AccountId, Region: REGION });
const DOCUMENT = {
  images: [{ ...at(ACCOUNT), Name: 'golden' }],
  // The Elastic fleet the applications name, seeded in the same document (sections are written in order).
  fleets: [{ ...at(ACCOUNT), Name: 'elastic', FleetType: 'ELASTIC', Platform: 'WINDOWS_SERVER_2019', MaxConcurrentSessions: 5, VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'] } }],
  appBlocks: [
    { ...at(ACCOUNT), Name: 'office', PackagingType: 'APPSTREAM2', Tags: { suite: 'office' } },
    { ...at(ACCOUNT), Name: 'tools', SetupScriptDetails: { ScriptS3Location: { S3Bucket: 'b' }, ExecutablePath: 'setup.exe', TimeoutInSeconds: 60 } },
    { ...at(OTHER), Name: 'theirs' },
  ],
  applications: [
    { ...at(ACCOUNT), Name: 'word', AppBlockName: 'office', Fleets: ['elastic'], Platforms: ['WINDOWS_SERVER_2019'], Tags: { app: 'word' } },
    { ...at(ACCOUNT), Name: 'grep', AppBlockArn: ARN('app-block', 'tools'), LaunchPath: '/usr/bin/grep', Platforms: ['AMAZON_LINUX2'] },
  ],
  appBlockBuilders: [
    { ...at(ACCOUNT), Name: 'packager', AppBlockName: 'office', State: 'RUNNING' },
    { ...at(ACCOUNT), Name: 'idle' },
  ],
  exportImageTasks: [
    { ...at(ACCOUNT), TaskId: TASK, ImageName: 'golden', AmiName: 'golden-ami', State: 'COMPLETED', CreatedTime: '2026-01-02T03:04:05Z' },
    { ...at(ACCOUNT), ImageName: 'golden', AmiName: 'in-flight-ami' },
  ],
};

describe('seeding and reset of the Elastic families', () => {
  let server: RunningServer;
  let c: AppStreamClient;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 60 });
    c = appStreamClient(server.url, 'rpcv2Cbor');
  });
  after(() => server.close());

  it('a seed document of every section loads in one go and answers the counts', async () => {
    const res = await control(server, '/seed', DOCUMENT);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { images, fleets, appBlocks, applications, appBlockBuilders, exportImageTasks } = res.body;
    assert.deepEqual({ images, fleets, appBlocks, applications, appBlockBuilders, exportImageTasks }, { images: 1, fleets: 1, appBlocks: 3, applications: 2, appBlockBuilders: 2, exportImageTasks: 2 });
  });

  it('what was seeded is what the API answers', async () => {
    const blocks = (await c.send(new DescribeAppBlocksCommand({}))).AppBlocks!;
    assert.deepEqual(blocks.map((b) => [b.Name, b.PackagingType, b.State]), [
      ['office', 'APPSTREAM2', 'INACTIVE'],
      ['tools', 'CUSTOM', 'ACTIVE'],
    ]);
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: ARN('app-block', 'office') }))).Tags, { suite: 'office' });
    const apps = (await c.send(new DescribeApplicationsCommand({}))).Applications!;
    assert.deepEqual(apps.map((a) => [a.Name, a.AppBlockArn, a.Platforms]), [
      ['grep', ARN('app-block', 'tools'), ['AMAZON_LINUX2']],
      ['word', ARN('app-block', 'office'), ['WINDOWS_SERVER_2019']],
    ]);
    assert.equal(apps[0]!.LaunchPath, '/usr/bin/grep');
    assert.deepEqual(
      (await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: 'elastic' }))).ApplicationFleetAssociations,
      [{ FleetName: 'elastic', ApplicationArn: ARN('application', 'word') }],
    );
    const builders = (await c.send(new DescribeAppBlockBuildersCommand({}))).AppBlockBuilders!;
    assert.deepEqual(builders.map((b) => [b.Name, b.State]), [
      ['idle', 'STOPPED'],
      ['packager', 'RUNNING'],
    ]);
    assert.deepEqual(
      (await c.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockArn: ARN('app-block', 'office') }))).AppBlockBuilderAppBlockAssociations,
      [{ AppBlockArn: ARN('app-block', 'office'), AppBlockBuilderName: 'packager' }],
    );
    const tasks = (await c.send(new ListExportImageTasksCommand({}))).ExportImageTasks!;
    assert.deepEqual(tasks.map((t) => [t.AmiName, t.State]), [
      ['in-flight-ami', 'EXPORTING'],
      ['golden-ami', 'COMPLETED'],
    ]);
    assert.equal(tasks[1]!.TaskId, TASK);
    assert.equal(tasks[1]!.CreatedDate!.toISOString(), '2026-01-02T03:04:05.000Z');
    assert.match(tasks[1]!.AmiId!, /^ami-[0-9a-f]{17}$/);
    // The seeded RUNNING builder can finish its seeded app block.
    const finish = await control(server, '/app-block-builders/finish-app-block', { ...at(ACCOUNT), AppBlockBuilderName: 'packager' });
    assert.equal(finish.body.AppBlock.State, 'ACTIVE');
  });

  it('seeding again replaces, never duplicates', async () => {
    const res = await control(server, '/seed', { appBlocks: [{ ...at(ACCOUNT), Name: 'office', PackagingType: 'APPSTREAM2', Description: 'again' }] });
    assert.equal(res.status, 200);
    const blocks = (await c.send(new DescribeAppBlocksCommand({}))).AppBlocks!;
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0]!.Description, 'again');
    assert.equal(blocks[0]!.State, 'INACTIVE');
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: ARN('app-block', 'office') }))).Tags, {});
  });

  it('a bad entry names itself and nothing of the document is written', async () => {
    const cases: [unknown, string][] = [
      [{ applications: [{ ...at(ACCOUNT), Name: 'x', AppBlockName: 'missing' }] }, `applications[0] ("x"): account ${ACCOUNT} has no app block missing in ${REGION} (seed it in appBlocks)`],
      [{ applications: [{ ...at(ACCOUNT), Name: 'x' }] }, 'applications[0] ("x"): AppBlockName or AppBlockArn is required'],
      [{ applications: [{ ...at(ACCOUNT), Name: 'x', AppBlockName: 'tools', Platforms: ['WINDOWS'] }] }, `applications[0] ("x"): Platforms: 'WINDOWS' must be one of WINDOWS_SERVER_2019, AMAZON_LINUX2, UBUNTU_PRO_2404`],
      [{ applications: [{ ...at(ACCOUNT), Name: 'x', AppBlockName: 'tools', Fleets: ['nofleet'] }] }, `applications[0] ("x"): account ${ACCOUNT} has no fleet nofleet in ${REGION}`],
      [{ appBlockBuilders: [{ ...at(ACCOUNT), Name: 'x', State: 'RUNNING' }] }, 'appBlockBuilders[0] ("x"): a RUNNING app block builder needs an app block (AppBlockName or AppBlockArn)'],
      [{ appBlockBuilders: [{ ...at(ACCOUNT), Name: 'x', AppBlockName: 'tools' }] }, 'appBlockBuilders[0] ("x"): the app block tools is CUSTOM; builders take APPSTREAM2 app blocks'],
      [{ appBlocks: [{ ...at(ACCOUNT), Name: 'x', State: 'BROKEN' }] }, "appBlocks[0] (\"x\"): State 'BROKEN' must be one of INACTIVE, ACTIVE"],
      [{ exportImageTasks: [{ ...at(ACCOUNT), ImageName: 'nope', AmiName: 'abc' }] }, `exportImageTasks[0]: account ${ACCOUNT} has no image nope in ${REGION} (seed it in images)`],
      [{ exportImageTasks: [{ ...at(ACCOUNT), ImageName: 'golden', AmiName: 'abc', TaskId: 'not-a-uuid' }] }, "exportImageTasks[0] (\"not-a-uuid\"): TaskId 'not-a-uuid' is not a lower-case UUID"],
    ];
    for (const [doc, message] of cases) {
      const res = await control(server, '/seed', { ...(doc as object), appBlocks: [...((doc as { appBlocks?: unknown[] }).appBlocks ?? []), { ...at(ACCOUNT), Name: 'must-not-exist' }] });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.__type, 'InvalidSeedException');
      assert.equal(res.body.message, message);
    }
    const blocks = (await c.send(new DescribeAppBlocksCommand({}))).AppBlocks!;
    assert.ok(!blocks.some((b) => b.Name === 'must-not-exist'), 'nothing of a refused document is written');
  });

  it('reset of one account drops its Elastic resources only; a full reset drops all', async () => {
    const res = await control(server, '/reset', { AccountId: ACCOUNT });
    assert.equal(res.status, 200);
    for (const table of ['app_blocks', 'applications', 'application_fleet_associations', 'app_block_builders', 'app_block_builder_app_blocks', 'export_image_tasks']) {
      assert.ok(table in res.body.deleted, `reset covers ${table}`);
    }
    assert.equal(res.body.deleted.app_blocks, 2);
    assert.equal(res.body.deleted.export_image_tasks, 2);
    assert.deepEqual((await c.send(new DescribeAppBlocksCommand({}))).AppBlocks, []);
    assert.deepEqual((await c.send(new DescribeApplicationsCommand({}))).Applications, []);
    assert.deepEqual((await c.send(new DescribeAppBlockBuildersCommand({}))).AppBlockBuilders, []);
    assert.deepEqual((await c.send(new ListExportImageTasksCommand({}))).ExportImageTasks, []);
    const other = appStreamClient(server.url, 'awsJson1_1', { accountId: OTHER });
    assert.deepEqual((await other.send(new DescribeAppBlocksCommand({}))).AppBlocks!.map((b) => b.Name), ['theirs']);
    await control(server, '/reset', {});
    assert.deepEqual((await other.send(new DescribeAppBlocksCommand({}))).AppBlocks, []);
  });

  it('the failure rules accept the new failable operations', async () => {
    for (const Operation of ['StartAppBlockBuilder', 'CreateExportImageTask']) {
      const res = await control(server, '/failures', { Operation });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const rules = await control(server, '/failures', undefined, 'GET');
    assert.deepEqual(rules.body.FailureRules.map((r: { Operation: string }) => r.Operation).sort(), ['CreateExportImageTask', 'StartAppBlockBuilder']);
    await control(server, '/failures', undefined, 'DELETE');
  });
});
