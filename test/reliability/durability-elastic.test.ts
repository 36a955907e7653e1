// Durability of the Elastic families' create operations: a write acknowledged to a client
// survives `kill -9` of the server at any moment. Rounds of: concurrent clients (both protocols)
// create app blocks (with tags), applications on them, app block builders (with tags) associated
// with an APPSTREAM2 block, and export image tasks; every answered write is recorded; the process
// is killed (SIGKILL) mid-burst; a new process on the same SQLite directory must show every
// acknowledged resource, whole (tags, association, state), whether acknowledged or cut off.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AssociateAppBlockBuilderAppBlockCommand,
  CreateAppBlockBuilderCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  CreateExportImageTaskCommand,
  DescribeAppBlockBuilderAppBlockAssociationsCommand,
  DescribeAppBlockBuildersCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationsCommand,
  ListExportImageTasksCommand,
  ListTagsForResourceCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { send } from './support/wire.js';
import { burstUntilKill } from './support/kill-burst.js';

const ACCOUNT = '555566667777';
const REGION = 'us-east-1';
const ROUNDS = Number(process.env['APPSTREAM_LOCAL_KILL_ROUNDS']) || 3;
const CLIENTS = 6;
const ARN = (type: string, name: string) => `arn:aws:appstream:${REGION}:${ACCOUNT}:${type}/${name}`;

async function startOn(dir: string): Promise<ChildServer> {
  return startChildServer([
    '--data-dir',
    dir,
    '--transition-seconds',
    '60',
    '--quota',
    'appBlocks=100000,applications=100000,appBlockBuilders=100000,exportImageTasks=100000',
  ]);
}

/** Every page of a Describe/List, following NextToken. */
async function all<T>(fetch: (token?: string) => Promise<{ items?: T[]; NextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(page.items ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

describe(`durability of the Elastic families: ${ROUNDS} rounds of kill -9 mid-burst (SQLite, real CLI)`, () => {
  const dir = tempDir('asl-durable-elastic-');
  const acked = {
    blocks: new Map<string, Record<string, string>>(),
    apps: new Set<string>(),
    builders: new Map<string, string>(), // builder -> app block
    tasks: new Set<string>(), // AMI names
  };
  const figures = { writesAcked: 0, writesCutOff: 0, rounds: 0 };
  let child: ChildServer | undefined;

  after(async () => {
    await child?.stop();
    process.stdout.write(
      `# durability (Elastic): ${figures.rounds} kill -9 rounds survived; ${figures.writesAcked} writes acknowledged, ${figures.writesCutOff} cut off; ${acked.blocks.size} app blocks, ${acked.apps.size} applications, ${acked.builders.size} builders, ${acked.tasks.size} export tasks checked\n`,
    );
  });

  it('setup: an image to export, an APPSTREAM2 app block for the builders', async () => {
    child = await startOn(dir);
    const seed = {
      images: [{ AccountId: ACCOUNT, Region: REGION, Name: 'golden' }],
      appBlocks: [{ AccountId: ACCOUNT, Region: REGION, Name: 'packaged', PackagingType: 'APPSTREAM2' }],
    };
    const res = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
    assert.equal(res.status, 200, res.body.toString());
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: burst, kill -9, restart, every acknowledged create is there and whole`, async () => {
      assert.ok(child, 'a server from the previous round');
      const counts = await burstUntilKill(child, { accountId: ACCOUNT, region: REGION, clients: CLIENTS, killAfterMs: 400 + Math.floor(Math.random() * 600) }, async (client, c, i) => {
        const id = `r${round}-c${c}-${i}`;
        switch (i % 4) {
          case 0: {
            const tags = { round: String(round), client: String(c), seq: String(i) };
            await client.send(
              new CreateAppBlockCommand({
                Name: `blk-${id}`,
                SourceS3Location: { S3Bucket: 'bucket', S3Key: id },
                SetupScriptDetails: { ScriptS3Location: { S3Bucket: 'bucket' }, ExecutablePath: 'setup.exe', TimeoutInSeconds: 60 },
                Tags: tags,
              }),
            );
            acked.blocks.set(`blk-${id}`, tags);
            break;
          }
          case 1:
            await client.send(
              new CreateApplicationCommand({
                Name: `app-${id}`,
                AppBlockArn: ARN('app-block', 'packaged'),
                IconS3Location: { S3Bucket: 'bucket', S3Key: 'icon.png' },
                LaunchPath: 'C:\\app.exe',
                Platforms: ['WINDOWS_SERVER_2019'],
                InstanceFamilies: ['GENERAL_PURPOSE'],
              }),
            );
            acked.apps.add(`app-${id}`);
            break;
          case 2:
            // Two writes: the builder is acknowledged whole only once its association is.
            await client.send(
              new CreateAppBlockBuilderCommand({
                Name: `abb-${id}`,
                Platform: 'WINDOWS_SERVER_2019',
                InstanceType: 'stream.standard.small',
                VpcConfig: { SubnetIds: ['s-1', 's-2'] },
                Tags: { builder: id },
              }),
            );
            await client.send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: `abb-${id}`, AppBlockArn: ARN('app-block', 'packaged') }));
            acked.builders.set(`abb-${id}`, ARN('app-block', 'packaged'));
            break;
          default:
            await client.send(new CreateExportImageTaskCommand({ ImageName: 'golden', AmiName: `ami-${id}`, IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/x` }));
            acked.tasks.add(`ami-${id}`);
        }
      });
      figures.writesAcked += counts.acked;
      figures.writesCutOff += counts.cutOff;

      child = await startOn(dir);
      figures.rounds++;
      const client: AppStreamClient = appStreamClient(child.url, round % 2 ? 'rpcv2Cbor' : 'awsJson1_1', { accountId: ACCOUNT, region: REGION });

      const blocks = await all(async (t) => {
        const p = await client.send(new DescribeAppBlocksCommand({ NextToken: t }));
        return { items: p.AppBlocks, NextToken: p.NextToken };
      });
      const blockNames = new Set(blocks.map((b) => b.Name!));
      for (const name of acked.blocks.keys()) assert.ok(blockNames.has(name), `acknowledged app block ${name} is lost`);
      for (const b of blocks) {
        if (!b.Name!.startsWith(`blk-r${round}-`)) continue;
        assert.equal(b.State, 'ACTIVE', `half-written app block ${JSON.stringify(b)}`);
        const m = /^blk-r(\d+)-c(\d+)-(\d+)$/.exec(b.Name!)!;
        const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn! }))).Tags;
        assert.deepEqual(tags, { round: m[1], client: m[2], seq: m[3] }, `app block ${b.Name} without its tags`);
      }

      const apps = new Set(
        (
          await all(async (t) => {
            const p = await client.send(new DescribeApplicationsCommand({ NextToken: t }));
            return { items: p.Applications, NextToken: p.NextToken };
          })
        ).map((a) => a.Name!),
      );
      for (const name of acked.apps) assert.ok(apps.has(name), `acknowledged application ${name} is lost`);

      const builders = await all(async (t) => {
        const p = await client.send(new DescribeAppBlockBuildersCommand({ NextToken: t }));
        return { items: p.AppBlockBuilders, NextToken: p.NextToken };
      });
      const builderNames = new Set(builders.map((b) => b.Name!));
      for (const name of acked.builders.keys()) assert.ok(builderNames.has(name), `acknowledged builder ${name} is lost`);
      const associated = new Set(
        (
          await all(async (t) => {
            const p = await client.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockArn: ARN('app-block', 'packaged'), NextToken: t }));
            return { items: p.AppBlockBuilderAppBlockAssociations, NextToken: p.NextToken };
          })
        ).map((a) => a.AppBlockBuilderName!),
      );
      for (const name of acked.builders.keys()) assert.ok(associated.has(name), `acknowledged association of ${name} is lost`);
      for (const b of builders) {
        assert.equal(b.State, 'STOPPED', `${b.Name} is ${b.State}`);
        if (b.Name!.startsWith(`abb-r${round}-`)) {
          const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn! }))).Tags;
          assert.deepEqual(tags, { builder: b.Name!.slice(4) }, `builder ${b.Name} without its tags`);
        }
      }

      const tasks = await all(async (t) => {
        const p = await client.send(new ListExportImageTasksCommand({ NextToken: t, MaxResults: 500 }));
        return { items: p.ExportImageTasks, NextToken: p.NextToken };
      });
      const amiNames = new Set(tasks.map((t) => t.AmiName!));
      for (const name of acked.tasks) assert.ok(amiNames.has(name), `acknowledged export task ${name} is lost`);
      for (const t of tasks) assert.ok(t.TaskId && t.ImageArn === `arn:aws:appstream:${REGION}:${ACCOUNT}:image/golden` && t.State, `half-written task ${JSON.stringify(t)}`);
    });
  }

  it('states go on across restarts: the clock completes every export task', async () => {
    assert.ok(child);
    const clock = await send(child.url, { method: 'POST', path: '/_appstream/clock', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 61 }) });
    assert.equal(clock.status, 200, clock.body.toString());
    const client = appStreamClient(child.url, 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION });
    const exporting = await client.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['EXPORTING'] }] }));
    assert.deepEqual(exporting.ExportImageTasks, []);
    const done = await all(async (t) => {
      const p = await client.send(new ListExportImageTasksCommand({ NextToken: t, Filters: [{ Name: 'State', Values: ['COMPLETED'] }] }));
      return { items: p.ExportImageTasks, NextToken: p.NextToken };
    });
    assert.ok(done.length >= acked.tasks.size);
    assert.equal((await child.stop()).code, 0);
    child = undefined;
  });
});
