// The Elastic families through boto3 and the AWS CLI, and the replays of real clients
// (SPEC-rest §14): CloudQuery's application, application-fleet association and app block tables
// through Elastic fleets made with CreateFleet (in both protocols of the JS SDK, with CloudQuery's
// own paging loop: stop when NextToken is nil or "").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateApplicationFleetCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationFleetAssociationsCommand,
  DescribeApplicationsCommand,
  type AppBlock,
  type Application,
  type ApplicationFleetAssociation,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT, applicationInput, createElasticFleet, customAppBlock } from '../support/elastic.js';

const ARN = (type: string, name: string) => `arn:aws:appstream:us-east-1:${ACCOUNT}:${type}/${name}`;

/** CloudQuery's loop [C:cloudquery appstream *_fetch.go]: MaxResults unset, NextToken until nil or "". */
async function cloudQueryPages<T>(fetch: (token?: string) => Promise<{ items?: T[]; NextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch(token);
    out.push(...(page.items ?? []));
    if (page.NextToken === undefined || page.NextToken === '') return out;
    assert.notEqual(page.NextToken, token, 'a repeated token would loop forever');
    token = page.NextToken;
  }
  throw new Error('CloudQuery would still be paging');
}

for (const protocol of PROTOCOLS) {
  describe(`CloudQuery's appstream tables replayed over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    before(async () => {
      server = await startTestServer();
      c = appStreamClient(server.url, protocol);
    });
    after(() => server.close());

    it('empty inventories answer empty lists, never an error', async () => {
      assert.deepEqual(await cloudQueryPages(async (t) => { const p = await c.send(new DescribeApplicationsCommand({ NextToken: t })); return { items: p.Applications, NextToken: p.NextToken }; }), []);
      assert.deepEqual(await cloudQueryPages(async (t) => { const p = await c.send(new DescribeAppBlocksCommand({ NextToken: t })); return { items: p.AppBlocks, NextToken: p.NextToken }; }), []);
    });

    it('applications -> per application its fleet associations; app blocks: every row once', async () => {
      // The Elastic fleets the applications are associated with, made as a user makes them.
      for (const name of ['elastic-a', 'elastic-b']) assert.equal((await createElasticFleet(c, name)).FleetType, 'ELASTIC');
      for (let i = 0; i < 30; i++) await c.send(new CreateAppBlockCommand(customAppBlock(`blk-${String(i).padStart(2, '0')}`)));
      for (let i = 0; i < 28; i++) {
        const name = `app-${String(i).padStart(2, '0')}`;
        await c.send(new CreateApplicationCommand(applicationInput(name, ARN('app-block', `blk-${String(i % 30).padStart(2, '0')}`))));
        if (i % 2 === 0) await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-a', ApplicationArn: ARN('application', name) }));
        if (i % 3 === 0) await c.send(new AssociateApplicationFleetCommand({ FleetName: 'elastic-b', ApplicationArn: ARN('application', name) }));
      }
      // aws_appstream_applications
      const apps = await cloudQueryPages<Application>(async (t) => {
        const p = await c.send(new DescribeApplicationsCommand({ NextToken: t }));
        return { items: p.Applications, NextToken: p.NextToken };
      });
      assert.equal(apps.length, 28);
      assert.equal(new Set(apps.map((a) => a.Arn)).size, 28);
      // aws_appstream_application_fleet_associations: a child table of applications.
      const associations: ApplicationFleetAssociation[] = [];
      for (const app of apps) {
        associations.push(
          ...(await cloudQueryPages<ApplicationFleetAssociation>(async (t) => {
            const p = await c.send(new DescribeApplicationFleetAssociationsCommand({ ApplicationArn: app.Arn, NextToken: t }));
            return { items: p.ApplicationFleetAssociations, NextToken: p.NextToken };
          })),
        );
      }
      assert.equal(associations.filter((a) => a.FleetName === 'elastic-a').length, 14);
      assert.equal(associations.filter((a) => a.FleetName === 'elastic-b').length, 10);
      assert.ok(associations.every((a) => a.ApplicationArn?.startsWith(`arn:aws:appstream:us-east-1:${ACCOUNT}:application/`)));
      // aws_appstream_app_blocks
      const blocks = await cloudQueryPages<AppBlock>(async (t) => {
        const p = await c.send(new DescribeAppBlocksCommand({ NextToken: t }));
        return { items: p.AppBlocks, NextToken: p.NextToken };
      });
      assert.equal(blocks.length, 30);
      assert.ok(blocks.every((b) => b.Arn && b.Name && b.State === 'ACTIVE' && b.CreatedTime instanceof Date));
    });
  });
}

describe('boto3 and the AWS CLI on the Elastic families', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('boto3: app block, application, association, builder and export task round trip', { skip: boto3SkipReason() }, async () => {
    const seeded = await fetch(`${server.url}/_appstream/seed`, { method: 'POST', body: JSON.stringify({ images: [{ AccountId: ACCOUNT, Region: 'us-east-1', Name: 'golden' }] }) });
    assert.equal(seeded.status, 200);
    const out = await runBoto3(
      server.url,
      `
fleet = client.create_fleet(Name='elastic', FleetType='ELASTIC', InstanceType='stream.standard.small', Platform='WINDOWS_SERVER_2019',
    MaxConcurrentSessions=5, VpcConfig={'SubnetIds': ['subnet-a', 'subnet-b']})['Fleet']
blk = client.create_app_block(Name='py-block', SourceS3Location={'S3Bucket': 'bkt', 'S3Key': 'k'},
    SetupScriptDetails={'ScriptS3Location': {'S3Bucket': 'bkt'}, 'ExecutablePath': 'setup.exe', 'TimeoutInSeconds': 60})['AppBlock']
app = client.create_application(Name='py-app', AppBlockArn=blk['Arn'], IconS3Location={'S3Bucket': 'bkt', 'S3Key': 'i.png'},
    LaunchPath='C:\\\\py.exe', Platforms=['WINDOWS_SERVER_2019'], InstanceFamilies=['GENERAL_PURPOSE'])['Application']
assoc = client.associate_application_fleet(FleetName='elastic', ApplicationArn=app['Arn'])['ApplicationFleetAssociation']
listed = client.describe_application_fleet_associations(FleetName='elastic')['ApplicationFleetAssociations']
abb = client.create_app_block_builder(Name='py-abb', Platform='WINDOWS_SERVER_2019', InstanceType='stream.standard.small',
    VpcConfig={'SubnetIds': ['s-1', 's-2']})['AppBlockBuilder']
try:
    client.start_app_block_builder(Name='py-abb')
    start_error = None
except client.exceptions.OperationNotPermittedException as e:
    start_error = e.response['Error']['Message']
task = client.create_export_image_task(ImageName='golden', AmiName='py-ami', IamRoleArn='arn:aws:iam::${ACCOUNT}:role/x')['ExportImageTask']
got = client.get_export_image_task(TaskId=task['TaskId'])['ExportImageTask']
tasks = client.list_export_image_tasks(Filters=[{'Name': 'ImageName', 'Values': ['golden']}])['ExportImageTasks']
try:
    client.delete_application(Name='py-app')
    delete_error = None
except client.exceptions.ResourceInUseException as e:
    delete_error = e.response['Error']['Code']
result = {'fleet': [fleet['FleetType'], fleet['Platform'], fleet['MaxConcurrentSessions'], fleet['State'], fleet['ComputeCapacityStatus']], 'block': blk['State'], 'app': app['Arn'], 'assoc': assoc, 'listed': listed, 'abb': abb['State'], 'start_error': start_error,
    'task': got['State'], 'tasks': len(tasks), 'created': isinstance(got['CreatedDate'], datetime.datetime), 'delete_error': delete_error}
`,
    );
    assert.ok(out.ok, JSON.stringify(out));
    assert.deepEqual(out.value, {
      fleet: ['ELASTIC', 'WINDOWS_SERVER_2019', 5, 'STOPPED', { Desired: 0, Running: 0, InUse: 0, Available: 0 }],
      block: 'ACTIVE',
      app: ARN('application', 'py-app'),
      assoc: { FleetName: 'elastic', ApplicationArn: ARN('application', 'py-app') },
      listed: [{ FleetName: 'elastic', ApplicationArn: ARN('application', 'py-app') }],
      abb: 'STOPPED',
      start_error: 'The app block builder py-abb is not associated with an app block.',
      task: 'COMPLETED',
      tasks: 1,
      created: true,
      delete_error: 'ResourceInUseException',
    });
  });

  it('AWS CLI: describe-applications, describe-app-blocks, describe-app-block-builders, list-export-image-tasks', { skip: awsCliSkipReason() }, async () => {
    const apps = await runAwsCli(server.url, ['describe-applications']);
    assert.equal(apps.status, 0, apps.stderr);
    assert.deepEqual((apps.json as { Applications: { Name: string }[] }).Applications.map((a) => a.Name), ['py-app']);
    const blocks = await runAwsCli(server.url, ['describe-app-blocks', '--arns', ARN('app-block', 'py-block')]);
    assert.equal(blocks.status, 0, blocks.stderr);
    assert.equal((blocks.json as { AppBlocks: { State: string }[] }).AppBlocks[0]!.State, 'ACTIVE');
    const builders = await runAwsCli(server.url, ['describe-app-block-builders', '--names', 'py-abb']);
    assert.equal(builders.status, 0, builders.stderr);
    assert.equal((builders.json as { AppBlockBuilders: { State: string }[] }).AppBlockBuilders[0]!.State, 'STOPPED');
    const tasks = await runAwsCli(server.url, ['list-export-image-tasks', '--filters', 'Name=State,Values=COMPLETED']);
    assert.equal(tasks.status, 0, tasks.stderr);
    assert.equal((tasks.json as { ExportImageTasks: unknown[] }).ExportImageTasks.length, 1);
    const missing = await runAwsCli(server.url, ['describe-applications', '--arns', ARN('application', 'nope')]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ResourceNotFoundException.*The application nope does not exist\./);
    const neither = await runAwsCli(server.url, ['describe-application-fleet-associations']);
    assert.notEqual(neither.status, 0);
    assert.match(neither.stderr, /InvalidParameterCombinationException.*Either ApplicationArn or FleetName must be specified\./);
  });
});
