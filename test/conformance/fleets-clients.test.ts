// Real clients of fleets (SPEC-rest §14): boto3 (its fleet_started / fleet_stopped waiters and
// the describe_fleets paginator), the AWS CLI (its waiters too), and replays of the call
// sequences of Terraform's aws_appstream_fleet, Prowler's fleet checks, Steampipe's and
// CloudQuery's fleet tables and a tag-based scheduler, through the JS SDK in both protocols.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFleetCommand,
  DeleteFleetCommand,
  DescribeFleetsCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  type AppStreamClient,
  type Fleet,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { advanceClock, publicImageOf, WINDOWS } from '../support/fleets.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const IMAGE = publicImageOf(REGION, WINDOWS);

/** Terraform's waiter (wait.go): poll DescribeFleets{Names} while STARTING/STOPPING; FleetErrors end the wait with an error. */
async function tfWaitFleet(client: AppStreamClient, name: string, target: 'RUNNING' | 'STOPPED', tick: () => Promise<void>): Promise<Fleet> {
  const pending = target === 'RUNNING' ? ['STARTING'] : ['STOPPING'];
  for (let i = 0; i < 20; i++) {
    const f = (await client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!;
    if (f.State === target) return f;
    if (!pending.includes(f.State!)) throw new Error(`unexpected state ${f.State}`);
    if (f.FleetErrors?.length) throw new Error(`fleet errors: ${f.FleetErrors.map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`).join(', ')}`);
    await tick();
  }
  throw new Error(`${name} never reached ${target}`);
}

/** Every fleet of the caller, as Steampipe, CloudQuery and the scheduler list them (NextToken until absent or ""). */
async function allFleets(client: AppStreamClient): Promise<Fleet[]> {
  const out: Fleet[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new DescribeFleetsCommand({ NextToken: token }));
    out.push(...(page.Fleets ?? []));
    token = page.NextToken;
    assert.ok(++pages < 100, 'paging ends');
  } while (token !== undefined && token !== '');
  return out;
}

describe('real clients of fleets (SPEC-rest §14)', () => {
  let server: RunningServer;
  const STEP = 30;
  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP });
  });
  after(async () => server?.close());
  const tick = () => advanceClock(server, STEP / 2);

  PROTOCOLS.forEach((protocol, p) => {
    describe(`replays over ${protocol}`, () => {
      const account = `81000000000${p}`;
      const client = () => appStreamClient(server.url, protocol, { accountId: account, region: REGION });

      it('Terraform aws_appstream_fleet: create, start, wait; update in place and with a stop; stop, wait, delete', async () => {
        const c = client();
        const name = 'tf-fleet';
        // resourceFleetCreate
        await c.send(
          new CreateFleetCommand({
            Name: name,
            InstanceType: 'stream.standard.small',
            ComputeCapacity: { DesiredInstances: 1 },
            Description: 'Description for a fleet',
            DisconnectTimeoutInSeconds: 900,
            DisplayName: 'displayname',
            EnableDefaultInternetAccess: false,
            FleetType: 'ON_DEMAND',
            IdleDisconnectTimeoutInSeconds: 60,
            ImageName: IMAGE,
            MaxUserDurationInSeconds: 600,
            StreamView: 'APP',
            VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'] },
            Tags: { Name: 'tf-fleet' },
          }),
        );
        await c.send(new StartFleetCommand({ Name: name }));
        let f = await tfWaitFleet(c, name, 'RUNNING', tick);
        // resourceFleetRead: what it sets, read unconditionally.
        assert.equal(f.ComputeCapacityStatus!.Desired, 1);
        assert.equal(f.IdleDisconnectTimeoutInSeconds, 60);
        assert.equal(f.ImageName, IMAGE);
        assert.equal(f.ImageArn, `arn:aws:appstream:${REGION}::image/${IMAGE}`);
        assert.equal(f.StreamView, 'APP');
        assert.deepEqual(f.VpcConfig, { SubnetIds: ['subnet-0a1b2c3d'] });
        assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: f.Arn }))).Tags, { Name: 'tf-fleet' });
        // resourceFleetUpdate without a "stop" attribute: UpdateFleet while RUNNING.
        await c.send(new UpdateFleetCommand({ Name: name, DisplayName: 'displayname-2', ComputeCapacity: { DesiredInstances: 2 }, IdleDisconnectTimeoutInSeconds: 120 }));
        f = (await c.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!;
        assert.deepEqual([f.State, f.DisplayName, f.ComputeCapacityStatus!.Desired], ['RUNNING', 'displayname-2', 2]);
        // With a "stop" attribute (instance_type, description): stop, wait, update, start, wait.
        await c.send(new StopFleetCommand({ Name: name }));
        await tfWaitFleet(c, name, 'STOPPED', tick);
        await c.send(new UpdateFleetCommand({ Name: name, InstanceType: 'stream.standard.medium', Description: 'Updated description' }));
        await c.send(new StartFleetCommand({ Name: name }));
        f = await tfWaitFleet(c, name, 'RUNNING', tick);
        assert.deepEqual([f.InstanceType, f.Description], ['stream.standard.medium', 'Updated description']);
        // resourceFleetDelete: StopFleet, wait, DeleteFleet; CheckDestroy: ResourceNotFound.
        await c.send(new StopFleetCommand({ Name: name }));
        await tfWaitFleet(c, name, 'STOPPED', tick);
        await c.send(new DeleteFleetCommand({ Name: name }));
        await assert.rejects(c.send(new DescribeFleetsCommand({ Names: [name] })), { name: 'ResourceNotFoundException' });
        // Destroying again finds nothing: ResourceNotFound, which Terraform treats as gone.
        await assert.rejects(c.send(new StopFleetCommand({ Name: name })), { name: 'ResourceNotFoundException' });
      });

      it('Terraform: a fleet whose start fails reports FleetErrors through the waiter', async () => {
        const c = client();
        await c.send(new CreateFleetCommand({ Name: 'tf-broken', ImageName: IMAGE, InstanceType: 'stream.standard.small', ComputeCapacity: { DesiredInstances: 1 } }));
        const r = await fetch(`${server.url}/_appstream/failures`, { method: 'POST', body: JSON.stringify({ Operation: 'StartFleet', AccountId: account, ErrorCode: 'SUBNET_NOT_FOUND' }) });
        assert.equal(r.status, 200);
        await c.send(new StartFleetCommand({ Name: 'tf-broken' }));
        await assert.rejects(tfWaitFleet(c, 'tf-broken', 'RUNNING', tick), /fleet errors: SUBNET_NOT_FOUND: The fleet could not start: subnet not found\./);
      });

      it("Steampipe's aws_appstream_fleet: list with tags, get by name with ResourceNotFound swallowed; CloudQuery's fleets table", async () => {
        const c = client();
        await seedOk(server.url, {
          fleets: Array.from({ length: 30 }, (_, i) => ({ AccountId: account, Region: REGION, Name: `inv-${String(i).padStart(2, '0')}`, ImageName: IMAGE, Tags: { n: String(i) } })),
        });
        // Steampipe: list hydrate + tags hydrate per row.
        const rows: { name: string; arn: string; tags: Record<string, string> | undefined }[] = [];
        for (const f of await allFleets(c)) {
          const tags = (await c.send(new ListTagsForResourceCommand({ ResourceArn: f.Arn! }))).Tags;
          rows.push({ name: f.Name!, arn: f.Arn!, tags });
        }
        for (let i = 0; i < 30; i++) {
          const row = rows.find((r) => r.name === `inv-${String(i).padStart(2, '0')}`);
          assert.deepEqual(row?.tags, { n: String(i) });
        }
        // get: where name = '...' (ResourceNotFound means no row).
        const get = async (name: string) => {
          try {
            return (await c.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets ?? [];
          } catch (e) {
            if ((e as Error).name === 'ResourceNotFoundException') return [];
            throw e;
          }
        };
        assert.equal((await get('inv-07'))[0]?.Name, 'inv-07');
        assert.deepEqual(await get('not-there'), []);
        // CloudQuery: DescribeFleets until NextToken is nil, every fleet once, no error on an empty region.
        const cq = await allFleets(c);
        assert.equal(new Set(cq.map((f) => f.Arn)).size, cq.length);
        assert.ok(cq.length >= 30);
        assert.deepEqual(await allFleets(appStreamClient(server.url, protocol, { accountId: account, region: 'ap-south-1' })), []);
      });

      it('a scheduler starts and stops the fleets tagged for it, twice (idempotent)', async () => {
        const c = client();
        await seedOk(server.url, {
          fleets: [
            { AccountId: account, Region: REGION, Name: 'office-a', ImageName: IMAGE, Tags: { Schedule: 'office-hours' } },
            { AccountId: account, Region: REGION, Name: 'office-b', ImageName: IMAGE, State: 'RUNNING', Tags: { Schedule: 'office-hours' } },
            { AccountId: account, Region: REGION, Name: 'always-on', ImageName: IMAGE, State: 'RUNNING', Tags: { Schedule: 'never' } },
          ],
        });
        const tagged = async () => {
          const out: string[] = [];
          for (const f of await allFleets(c)) {
            const tags = (await c.send(new ListTagsForResourceCommand({ ResourceArn: f.Arn! }))).Tags ?? {};
            if (tags['Schedule'] === 'office-hours') out.push(f.Name!);
          }
          return out;
        };
        const states = async () => Object.fromEntries((await c.send(new DescribeFleetsCommand({ Names: ['office-a', 'office-b', 'always-on'] }))).Fleets!.map((f) => [f.Name, f.State]));
        for (let round = 0; round < 2; round++) {
          for (const name of await tagged()) await c.send(new StartFleetCommand({ Name: name }));
          await advanceClock(server, STEP);
          assert.deepEqual(await states(), { 'office-a': 'RUNNING', 'office-b': 'RUNNING', 'always-on': 'RUNNING' });
        }
        for (let round = 0; round < 2; round++) {
          for (const name of await tagged()) await c.send(new StopFleetCommand({ Name: name }));
          await advanceClock(server, STEP);
          assert.deepEqual(await states(), { 'office-a': 'STOPPED', 'office-b': 'STOPPED', 'always-on': 'RUNNING' });
        }
      });
    });
  });

  describe('boto3', { skip: boto3SkipReason() }, () => {
    const account = '820000000000';
    let fast: RunningServer;
    before(async () => {
      // Real seconds: the waiters poll while the emulated clock runs with the wall clock.
      fast = await startTestServer({ transitionSeconds: 2 });
    });
    after(async () => fast?.close());

    it('fleet_started and fleet_stopped waiters wait out the transitions; a fleet in the wrong state fails them', async () => {
      const r = await runBoto3(
        fast.url,
        `
client.create_fleet(Name='w', ImageName='${IMAGE}', InstanceType='stream.standard.small', ComputeCapacity={'DesiredInstances': 1})
out = {'created': client.describe_fleets(Names=['w'])['Fleets'][0]['State']}
try:
    client.get_waiter('fleet_started').wait(Names=['w'], WaiterConfig={'Delay': 1, 'MaxAttempts': 3})
    out['early'] = 'waited'
except botocore.exceptions.WaiterError as e:
    out['early'] = e.last_response['Fleets'][0]['State']
client.start_fleet(Name='w')
out['after_start'] = client.describe_fleets(Names=['w'])['Fleets'][0]['State']
client.get_waiter('fleet_started').wait(Names=['w'], WaiterConfig={'Delay': 1, 'MaxAttempts': 10})
out['started'] = client.describe_fleets(Names=['w'])['Fleets'][0]['State']
client.stop_fleet(Name='w')
out['after_stop'] = client.describe_fleets(Names=['w'])['Fleets'][0]['State']
client.get_waiter('fleet_stopped').wait(Names=['w'], WaiterConfig={'Delay': 1, 'MaxAttempts': 10})
out['stopped'] = client.describe_fleets(Names=['w'])['Fleets'][0]['State']
client.stop_fleet(Name='w')
client.delete_fleet(Name='w')
result = out
`,
        { accountId: account },
      );
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(r.value, { created: 'STOPPED', early: 'STOPPED', after_start: 'STARTING', started: 'RUNNING', after_stop: 'STOPPING', stopped: 'STOPPED' });
    });

    it("the describe_fleets paginator, and Prowler's fleet checks (the keys it reads with [])", async () => {
      await seedOk(fast.url, {
        fleets: [
          ...Array.from({ length: 28 }, (_, i) => ({ AccountId: account, Region: REGION, Name: `p-${String(i).padStart(2, '0')}`, ImageName: IMAGE })),
          { AccountId: account, Region: REGION, Name: 'p-hardened', ImageName: IMAGE, MaxUserDurationInSeconds: 36000, DisconnectTimeoutInSeconds: 300, IdleDisconnectTimeoutInSeconds: 600 },
        ],
      });
      const r = await runBoto3(
        fast.url,
        `
fleets = []
pages = 0
for page in client.get_paginator('describe_fleets').paginate():
    pages += 1
    for fleet in page['Fleets']:
        f = {'arn': fleet['Arn'], 'name': fleet['Name'],
             'max_user_duration_in_seconds': fleet['MaxUserDurationInSeconds'],
             'disconnect_timeout_in_seconds': fleet['DisconnectTimeoutInSeconds'],
             'idle_disconnect_timeout_in_seconds': fleet.get('IdleDisconnectTimeoutInSeconds'),
             'enable_default_internet_access': fleet['EnableDefaultInternetAccess']}
        try:
            f['tags'] = [client.list_tags_for_resource(ResourceArn=f['arn']).get('Tags', {})]
        except Exception as error:
            f['tags'] = str(error)
        fleets.append(f)
findings = {}
for f in fleets:
    findings[f['name']] = [
        'PASS' if f['max_user_duration_in_seconds'] <= 36000 else 'FAIL',
        'PASS' if f['disconnect_timeout_in_seconds'] <= 300 else 'FAIL',
        'PASS' if f['idle_disconnect_timeout_in_seconds'] and f['idle_disconnect_timeout_in_seconds'] <= 600 else 'FAIL',
        'PASS' if not f['enable_default_internet_access'] else 'FAIL',
    ]
result = {'pages': pages, 'count': len(fleets), 'hardened': findings['p-hardened'], 'default': findings['p-00'], 'tags': fleets[0]['tags']}
`,
        { accountId: account },
      );
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(r.value, { pages: 2, count: 29, hardened: ['PASS', 'PASS', 'PASS', 'PASS'], default: ['FAIL', 'FAIL', 'FAIL', 'PASS'], tags: [{}] });
    });

    it('boto3 sees the modeled errors with their texts', async () => {
      const r = await runBoto3(fast.url, "result = client.describe_fleets(Names=['nope'])", { accountId: account });
      assert.deepEqual([r.ok, r.errorCode, r.errorMessage], [false, 'ResourceNotFoundException', 'The fleet nope does not exist.']);
    });
  });

  describe('the AWS CLI', { skip: awsCliSkipReason() }, () => {
    const account = '830000000000';
    let instant: RunningServer;
    before(async () => {
      instant = await startTestServer({ transitionSeconds: 0 });
    });
    after(async () => instant?.close());
    const cli = (args: string[]) => runAwsCli(instant.url, args, { accountId: account });

    it('create-fleet, start-fleet, wait fleet-started, describe-fleets (all pages), stop-fleet, wait fleet-stopped, delete-fleet', async () => {
      let r = await cli(['create-fleet', '--name', 'cli', '--image-name', IMAGE, '--instance-type', 'stream.standard.small', '--compute-capacity', 'DesiredInstances=1', '--tags', 'team=cli']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((r.json as { Fleet: Fleet }).Fleet.State, 'STOPPED');
      r = await cli(['wait', 'fleet-started', '--names', 'cli']);
      assert.notEqual(r.status, 0, 'a STOPPED fleet is a terminal failure of fleet-started');
      assert.match(r.stderr, /Waiter FleetStarted failed: Waiter encountered a terminal failure state/);
      assert.equal((await cli(['start-fleet', '--name', 'cli'])).status, 0);
      r = await cli(['wait', 'fleet-started', '--names', 'cli']);
      assert.equal(r.status, 0, r.stderr);
      await seedOk(instant.url, { fleets: Array.from({ length: 30 }, (_, i) => ({ AccountId: account, Region: REGION, Name: `cli-${i}`, ImageName: IMAGE })) });
      r = await cli(['describe-fleets']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((r.json as { Fleets: Fleet[] }).Fleets.length, 31);
      r = await cli(['describe-fleets', '--names', 'cli', '--query', 'Fleets[0].[State,ComputeCapacityStatus.Running]']);
      assert.deepEqual(r.json, ['RUNNING', 1]);
      assert.equal((await cli(['stop-fleet', '--name', 'cli'])).status, 0);
      r = await cli(['wait', 'fleet-stopped', '--names', 'cli']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((await cli(['delete-fleet', '--name', 'cli'])).status, 0);
      r = await cli(['describe-fleets', '--names', 'cli']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /ResourceNotFoundException.*The fleet cli does not exist\./);
    });
  });
});
