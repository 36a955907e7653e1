// Terraform's Elastic fleet configuration (SPEC-rest §14), replayed call by call in both
// protocols, then run for real with the Terraform CLI and the hashicorp/aws provider.
//
// What Terraform can do here (checked against the provider, 5.100 in the local mirror):
// - hashicorp/aws has no resource for app blocks, applications or application-fleet
//   associations, and its aws_appstream_fleet has no `platform` or `max_concurrent_sessions`
//   and requires `compute_capacity` (one of desired_instances / desired_sessions). A fleet with
//   `fleet_type = "ELASTIC"` therefore sends CreateFleet with ComputeCapacity and without the
//   members an Elastic fleet needs, and AWS refuses it (ComputeCapacity "not allowed for Elastic
//   fleets" [Md]); the provider's issue for Elastic fleets (#22587) points to the awscc provider.
// - awscc (Cloud Control, i.e. CloudFormation's AWS::AppStream::AppBlock, Application, Fleet and
//   ApplicationFleetAssociation handlers) makes the Elastic fleet and its applications. Its
//   calls are the ones each handler's schema lists as its permissions (create, read, delete),
//   replayed here through the SDK; the emulator does not serve Cloud Control itself.
// - hashicorp/aws then manages what it can: the stack, the fleet-stack association, and the
//   Elastic fleet itself once imported (start/stop, in-place and stop-then-update changes).
// The real run records what the provider called and checks it against the replay's writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateApplicationFleetCommand,
  AssociateFleetCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  CreateFleetCommand,
  CreateStackCommand,
  DeleteAppBlockCommand,
  DeleteApplicationCommand,
  DeleteFleetCommand,
  DeleteStackCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationFleetAssociationsCommand,
  DescribeApplicationsCommand,
  DescribeFleetsCommand,
  DescribeStacksCommand,
  DisassociateApplicationFleetCommand,
  DisassociateFleetCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  type AppStreamClient,
  type Fleet,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { applicationInput, customAppBlock, elasticFleetInput } from '../support/elastic.js';
import { advanceClock } from '../support/fleets.js';
import { startTestServer } from '../support/server.js';
import { TerraformDir, terraformSkipReason } from '../support/terraform.js';

const REGION = 'us-east-1';
const FLEET = 'tf-elastic';
const STACK = 'tf-elastic-stack';
const SUBNETS = ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'];
const REFUSED = 'ComputeCapacity is not allowed for Elastic fleets.';

/** What the awscc side made: the ARNs Terraform refers to. */
interface ElasticParts {
  appBlockArn: string;
  applicationArn: string;
}

/**
 * The awscc resources' create handlers, each followed by its read (Cloud Control reads a
 * resource back after creating it): app block, application, Elastic fleet (tagged, STOPPED),
 * application-fleet association.
 */
async function awsccCreate(c: AppStreamClient): Promise<ElasticParts> {
  // AWS::AppStream::AppBlock: CreateAppBlock (tags on create), read = DescribeAppBlocks{Arns} + ListTagsForResource.
  const block = (await c.send(new CreateAppBlockCommand({ ...customAppBlock('tf-tools'), Tags: { managed_by: 'awscc' } }))).AppBlock!;
  const [readBlock] = (await c.send(new DescribeAppBlocksCommand({ Arns: [block.Arn!] }))).AppBlocks!;
  assert.deepEqual([readBlock!.Name, readBlock!.State], ['tf-tools', 'ACTIVE']);
  assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: block.Arn! }))).Tags, { managed_by: 'awscc' });
  // AWS::AppStream::Application: CreateApplication, read = DescribeApplications{Arns}.
  const app = (await c.send(new CreateApplicationCommand(applicationInput('tf-notepad', block.Arn!)))).Application!;
  const [readApp] = (await c.send(new DescribeApplicationsCommand({ Arns: [app.Arn!] }))).Applications!;
  assert.equal(readApp!.AppBlockArn, block.Arn);
  // AWS::AppStream::Fleet: CreateFleet (Platform, MaxConcurrentSessions, two subnets), read = DescribeFleets{Names} + ListTagsForResource.
  // (No tags: hashicorp/aws, which imports the fleet below, would plan to remove tags it was not given.)
  const fleet = (await c.send(new CreateFleetCommand(elasticFleetInput(FLEET, { DisplayName: 'Elastic', Description: 'first', VpcConfig: { SubnetIds: SUBNETS } })))).Fleet!;
  const [readFleet] = (await c.send(new DescribeFleetsCommand({ Names: [FLEET] }))).Fleets!;
  assert.deepEqual([readFleet!.FleetType, readFleet!.State, readFleet!.Platform, readFleet!.MaxConcurrentSessions], ['ELASTIC', 'STOPPED', 'WINDOWS_SERVER_2019', 5]);
  assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: fleet.Arn! }))).Tags, {});
  // AWS::AppStream::ApplicationFleetAssociation: AssociateApplicationFleet, read = DescribeApplicationFleetAssociations{FleetName, ApplicationArn}.
  await c.send(new AssociateApplicationFleetCommand({ FleetName: FLEET, ApplicationArn: app.Arn }));
  const read = await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: FLEET, ApplicationArn: app.Arn }));
  assert.deepEqual(read.ApplicationFleetAssociations, [{ FleetName: FLEET, ApplicationArn: app.Arn }]);
  return { appBlockArn: block.Arn!, applicationArn: app.Arn! };
}

/**
 * The awscc resources' delete handlers once Terraform has destroyed the fleet: the association
 * went with its fleet (its read finds nothing, which Cloud Control takes as deleted); the
 * application, then its app block, delete and read back as not found.
 */
async function awsccDestroy(c: AppStreamClient, parts: ElasticParts): Promise<void> {
  const left = await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: FLEET, ApplicationArn: parts.applicationArn }));
  assert.deepEqual(left.ApplicationFleetAssociations, []);
  await c.send(new DisassociateApplicationFleetCommand({ FleetName: FLEET, ApplicationArn: parts.applicationArn }));
  await c.send(new DeleteApplicationCommand({ Name: 'tf-notepad' }));
  await rejectsWith(c.send(new DescribeApplicationsCommand({ Arns: [parts.applicationArn] })), 'ResourceNotFoundException', 'The application tf-notepad does not exist.');
  await c.send(new DeleteAppBlockCommand({ Name: 'tf-tools' }));
  await rejectsWith(c.send(new DescribeAppBlocksCommand({ Arns: [parts.appBlockArn] })), 'ResourceNotFoundException', 'The app block tf-tools does not exist.');
}

/** The attributes hashicorp/aws's fleet read sets, as the plan compares them with the configuration. */
function tfFleetState(f: Fleet) {
  return {
    fleet_type: f.FleetType,
    instance_type: f.InstanceType,
    display_name: f.DisplayName ?? '',
    description: f.Description ?? '',
    'compute_capacity.0.desired_instances': f.ComputeCapacityStatus!.Desired,
    idle_disconnect_timeout_in_seconds: f.IdleDisconnectTimeoutInSeconds ?? 0,
    max_sessions_per_instance: f.MaxSessionsPerInstance ?? 0,
    'vpc_config.0.subnet_ids': f.VpcConfig?.SubnetIds,
  };
}

/** The configuration's fleet (compute_capacity is required by the provider: 0 for an Elastic fleet). */
const configuredFleet = (description: string) => ({
  fleet_type: 'ELASTIC',
  instance_type: 'stream.standard.small',
  display_name: 'Elastic',
  description,
  'compute_capacity.0.desired_instances': 0,
  idle_disconnect_timeout_in_seconds: 0,
  max_sessions_per_instance: 0,
  'vpc_config.0.subnet_ids': SUBNETS,
});

/** hashicorp/aws's waiter (wait.go): DescribeFleets{Names} while the state is pending; `tick` lets time pass. */
async function tfWaitFleet(c: AppStreamClient, target: 'RUNNING' | 'STOPPED', tick: () => Promise<void>): Promise<Fleet> {
  for (let i = 0; i < 10; i++) {
    const f = (await c.send(new DescribeFleetsCommand({ Names: [FLEET] }))).Fleets![0]!;
    if (f.State === target) return f;
    assert.equal(f.State, target === 'RUNNING' ? 'STARTING' : 'STOPPING', `waiting for ${target}`);
    await tick();
  }
  throw new Error(`${FLEET} never reached ${target}`);
}

for (const protocol of PROTOCOLS) {
  describe(`Terraform's Elastic fleet configuration replayed over ${protocol}`, () => {
    const STEP = 60;
    let server: RunningServer;
    let c: AppStreamClient;
    let parts: ElasticParts;
    before(async () => {
      server = await startTestServer({ transitionSeconds: STEP });
      c = appStreamClient(server.url, protocol, { region: REGION });
    });
    after(async () => server?.close());
    const tick = () => advanceClock(server, STEP / 2);

    it('hashicorp/aws aws_appstream_fleet with fleet_type ELASTIC: its CreateFleet is refused, and nothing is left behind', async () => {
      // resourceFleetCreate's input for { fleet_type = "ELASTIC", compute_capacity { desired_instances = N }, vpc_config { subnet_ids } }.
      for (const DesiredInstances of [0, 1]) {
        await rejectsWith(
          c.send(
            new CreateFleetCommand({
              Name: FLEET,
              InstanceType: 'stream.standard.small',
              FleetType: 'ELASTIC',
              ComputeCapacity: { DesiredInstances },
              VpcConfig: { SecurityGroupIds: [], SubnetIds: SUBNETS },
            }),
          ),
          'InvalidParameterCombinationException',
          REFUSED,
        );
      }
      await rejectsWith(c.send(new DescribeFleetsCommand({ Names: [FLEET] })), 'ResourceNotFoundException', `The fleet ${FLEET} does not exist.`);
    });

    it('apply: the awscc resources, then hashicorp/aws imports the fleet and adds the stack and the fleet-stack association', async () => {
      parts = await awsccCreate(c);
      // import: resourceFleetRead (DescribeFleets{Names}, then the tags).
      const imported = (await c.send(new DescribeFleetsCommand({ Names: [FLEET] }))).Fleets!;
      assert.equal(imported.length, 1);
      assert.deepEqual(tfFleetState(imported[0]!), configuredFleet('first'));
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: imported[0]!.Arn! }))).Tags, {});
      // aws_appstream_stack: CreateStack, read = DescribeStacks{Names} + tags.
      const stack = (await c.send(new CreateStackCommand({ Name: STACK }))).Stack!;
      assert.equal((await c.send(new DescribeStacksCommand({ Names: [STACK] }))).Stacks![0]!.Arn, stack.Arn);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: stack.Arn! }))).Tags, {});
      // aws_appstream_fleet_stack_association: AssociateFleet, read = ListAssociatedStacks{FleetName} matched.
      await c.send(new AssociateFleetCommand({ FleetName: FLEET, StackName: STACK }));
      assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: FLEET }))).Names, [STACK]);
    });

    it('plan: every read answers what the configuration says (no drift), the Elastic fleet unchanged by the stack', async () => {
      const f = (await c.send(new DescribeFleetsCommand({ Names: [FLEET] }))).Fleets![0]!;
      assert.deepEqual(tfFleetState(f), configuredFleet('first'));
      assert.deepEqual([f.Platform, f.MaxConcurrentSessions, f.State], ['WINDOWS_SERVER_2019', 5, 'STOPPED']);
      assert.equal((await c.send(new DescribeStacksCommand({ Names: [STACK] }))).Stacks!.length, 1);
      assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: FLEET }))).Names, [STACK]);
      assert.deepEqual((await c.send(new DescribeApplicationFleetAssociationsCommand({ FleetName: FLEET }))).ApplicationFleetAssociations, [
        { FleetName: FLEET, ApplicationArn: parts.applicationArn },
      ]);
    });

    it('apply a new description (a "stop" attribute): StopFleet, wait, UpdateFleet, StartFleet, wait; the Elastic fleet runs', async () => {
      await c.send(new StopFleetCommand({ Name: FLEET }));
      await tfWaitFleet(c, 'STOPPED', tick);
      await c.send(new UpdateFleetCommand({ Name: FLEET, Description: 'second' }));
      await c.send(new StartFleetCommand({ Name: FLEET }));
      const f = await tfWaitFleet(c, 'RUNNING', tick);
      assert.deepEqual(tfFleetState(f), configuredFleet('second'));
      assert.deepEqual(f.ComputeCapacityStatus, { Desired: 0, Running: 0, InUse: 0, Available: 5 });
    });

    it('destroy: the association, the stack, the fleet (stopped first); then the awscc side deletes the rest', async () => {
      // aws_appstream_fleet_stack_association: DisassociateFleet.
      await c.send(new DisassociateFleetCommand({ FleetName: FLEET, StackName: STACK }));
      // aws_appstream_stack: DeleteStack, then read until ResourceNotFound.
      await c.send(new DeleteStackCommand({ Name: STACK }));
      await rejectsWith(c.send(new DescribeStacksCommand({ Names: [STACK] })), 'ResourceNotFoundException', `The stack ${STACK} does not exist.`);
      // aws_appstream_fleet: StopFleet, wait STOPPED, DeleteFleet.
      await c.send(new StopFleetCommand({ Name: FLEET }));
      await tfWaitFleet(c, 'STOPPED', tick);
      await c.send(new DeleteFleetCommand({ Name: FLEET }));
      await rejectsWith(c.send(new DescribeFleetsCommand({ Names: [FLEET] })), 'ResourceNotFoundException', `The fleet ${FLEET} does not exist.`);
      await awsccDestroy(c, parts);
    });
  });
}

/** The writes among the operations the provider called: what the configuration did, whatever the reads. */
const writes = (operations: string[]) => operations.filter((op) => !/^(Describe|List)/.test(op));

describe('Terraform and the hashicorp/aws provider on an Elastic fleet, for real', { skip: terraformSkipReason() }, () => {
  let server: RunningServer;
  let tf: TerraformDir;
  const calls: string[] = [];
  before(async () => {
    server = await startTestServer({
      logLevel: 'info',
      logger: {
        enabled: () => true,
        log: (_level, message, fields) => {
          if (message === 'request') calls.push(`${String(fields?.['operation'])}${fields?.['error'] ? `:${String(fields['error'])}` : ''}`);
        },
      },
    });
    tf = new TerraformDir(server.url, { accountId: '123456789012', region: REGION });
  });
  after(async () => {
    tf?.remove();
    await server?.close();
  });

  /** Runs a command of the CLI (`-no-color` added); answers its output and the operations it called. */
  const run = async (command: string, ...args: string[]) => {
    calls.length = 0;
    const out = await tf.run(command, ...args, '-no-color');
    return { ...out, operations: [...calls] };
  };

  /** hashicorp/aws's fleet with fleet_type ELASTIC; the provider requires compute_capacity. */
  const fleetResource = (desiredInstances: number, members = '') => `
resource "aws_appstream_fleet" "elastic" {
  name          = "${FLEET}"
  fleet_type    = "ELASTIC"
  instance_type = "stream.standard.small"
  ${members}
  compute_capacity {
    desired_instances = ${desiredInstances}
  }
  vpc_config {
    subnet_ids = ${JSON.stringify(SUBNETS)}
  }
}
`;

  const config = (description: string) => `
import {
  to = aws_appstream_fleet.elastic
  id = "${FLEET}"
}
${fleetResource(0, `display_name = "Elastic"\n  description  = "${description}"`)}
resource "aws_appstream_stack" "stack" {
  name = "${STACK}"
}
resource "aws_appstream_fleet_stack_association" "assoc" {
  fleet_name = aws_appstream_fleet.elastic.name
  stack_name = aws_appstream_stack.stack.name
}
`;

  it('import the Elastic fleet, add its stack and association; plan without drift; update through a stop; destroy', { timeout: 600_000 }, async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: '123456789012', region: REGION });
    const parts = await awsccCreate(c);
    tf.config(config('first'));
    const init = await run('init');
    assert.equal(init.status, 0, init.stderr + init.stdout);

    const apply = await run('apply', '-auto-approve');
    assert.equal(apply.status, 0, apply.stderr + apply.stdout);
    assert.match(apply.stdout, /Apply complete! Resources: 1 imported, 2 added, 0 changed, 0 destroyed\./);
    assert.deepEqual(writes(apply.operations).sort(), ['AssociateFleet', 'CreateStack']);
    assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: FLEET }))).Names, [STACK]);

    const plan = await run('plan', '-detailed-exitcode');
    assert.equal(plan.status, 0, `the plan after apply shows changes:\n${plan.stdout}${plan.stderr}`);
    assert.deepEqual(writes(plan.operations), []);

    tf.config(config('second'));
    const update = await run('apply', '-auto-approve');
    assert.equal(update.status, 0, update.stderr + update.stdout);
    assert.match(update.stdout, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    assert.deepEqual(writes(update.operations), ['StopFleet', 'UpdateFleet', 'StartFleet']);
    const running = (await c.send(new DescribeFleetsCommand({ Names: [FLEET] }))).Fleets![0]!;
    assert.deepEqual([running.State, running.Description, running.FleetType, running.ComputeCapacityStatus!.Available], ['RUNNING', 'second', 'ELASTIC', 5]);
    const again = await run('plan', '-detailed-exitcode');
    assert.equal(again.status, 0, `the plan after the update shows changes:\n${again.stdout}${again.stderr}`);

    const destroy = await run('destroy', '-auto-approve');
    assert.equal(destroy.status, 0, destroy.stderr + destroy.stdout);
    assert.match(destroy.stdout, /Destroy complete! Resources: 3 destroyed\./);
    assert.deepEqual(writes(destroy.operations).sort(), ['DeleteFleet', 'DeleteStack', 'DisassociateFleet', 'StopFleet']);
    await rejectsWith(c.send(new DescribeFleetsCommand({ Names: [FLEET] })), 'ResourceNotFoundException', `The fleet ${FLEET} does not exist.`);
    await awsccDestroy(c, parts);
  });

  it('aws_appstream_fleet with fleet_type ELASTIC created by Terraform: the apply fails with the refusal, and nothing exists', { timeout: 600_000 }, async () => {
    tf.config(fleetResource(1));
    const apply = await run('apply', '-auto-approve');
    assert.notEqual(apply.status, 0, apply.stdout);
    assert.match(apply.stderr, new RegExp(`InvalidParameterCombinationException: ${REFUSED.replace(/\./g, '\\.')}`));
    // One CreateFleet, refused; the provider retries only ResourceNotFound and its IAM-role message.
    assert.deepEqual(apply.operations.filter((op) => op.startsWith('CreateFleet')), ['CreateFleet:InvalidParameterCombinationException']);
    const state = await tf.run('state', 'list');
    assert.equal(state.status, 0, state.stderr);
    assert.equal(state.stdout.trim(), '', 'nothing in the state');
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: '123456789012', region: REGION });
    await rejectsWith(c.send(new DescribeFleetsCommand({ Names: [FLEET] })), 'ResourceNotFoundException', `The fleet ${FLEET} does not exist.`);
  });
});
