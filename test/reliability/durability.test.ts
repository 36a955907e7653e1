// Durability: a write acknowledged to a client survives `kill -9` of the server at any moment.
// Several rounds: the real CLI on a SQLite data directory; concurrent clients issue a burst of
// writes (CreateImageBuilder with tags, UpdateImagePermissions, seeding of single images with
// tags) and record every one answered 200; the process is killed (SIGKILL) mid-burst; a new
// process on the same directory must show every acknowledged write, and every resource it shows
// must be whole (a builder with its tags, a seeded image with its tags), whether its write was
// acknowledged or cut off. A paging token minted before a kill works after the restart, and
// resource states go on from where they were.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  CreateImageBuilderCommand,
  DeleteImageBuilderCommand,
  DescribeImageBuildersCommand,
  DescribeImagePermissionsCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
  type ImageBuilder,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { send, sleep } from './support/wire.js';

const ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const ROUNDS = Number(process.env['APPSTREAM_LOCAL_KILL_ROUNDS']) || 5;
const CLIENTS = 8;
const BASE_IMAGE = 'durable-base';

interface Acked {
  builders: Map<string, Record<string, string>>; // name -> tags
  shares: Set<string>; // account ids
  images: Map<string, Record<string, string>>; // seeded name -> tags
  deletes: Set<string>; // builders whose DeleteImageBuilder was answered
}

async function startOn(dir: string): Promise<ChildServer> {
  return startChildServer([
    '--data-dir',
    dir,
    '--transition-seconds',
    '60',
    '--quota',
    'images=100000,imageBuilders=100000,sharedAccountsPerImage=100000',
  ]);
}

async function allBuilders(client: AppStreamClient): Promise<ImageBuilder[]> {
  const out: ImageBuilder[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeImageBuildersCommand({ MaxResults: 25, NextToken: token }));
    out.push(...(page.ImageBuilders ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

async function allShares(client: AppStreamClient): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeImagePermissionsCommand({ Name: BASE_IMAGE, MaxResults: 500, NextToken: token }));
    out.push(...(page.SharedImagePermissionsList ?? []).map((p) => p.sharedAccountId!));
    token = page.NextToken;
  } while (token);
  return out;
}

describe(`durability: ${ROUNDS} rounds of kill -9 mid-burst (SQLite, real CLI)`, () => {
  const dir = tempDir('asl-durable-');
  const acked: Acked = { builders: new Map(), shares: new Set(), images: new Map(), deletes: new Set() };
  const DELETABLE = 400;
  let nextDelete = 0;
  let child: ChildServer | undefined;
  let publicImage = '';
  let tokenBeforeKill: { token: string; firstPage: string[] } | undefined;
  const figures = { writesAcked: 0, writesCutOff: 0, rounds: 0 };

  after(async () => {
    await child?.stop();
    process.stdout.write(
      `# durability: ${figures.rounds} kill -9 rounds survived; ${figures.writesAcked} writes acknowledged, ${figures.writesCutOff} cut off by the kill; ${acked.builders.size} builders, ${acked.deletes.size} deletes, ${acked.shares.size} shares, ${acked.images.size} seeded images checked\n`,
    );
  });

  it('setup: a private image to share, a public image to build from', async () => {
    child = await startOn(dir);
    const seed = { images: [{ AccountId: ACCOUNT, Region: REGION, Name: BASE_IMAGE, State: 'AVAILABLE' }] };
    const res = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
    assert.equal(res.status, 200, res.body.toString());
    const client = appStreamClient(child.url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION });
    const pub = await client.send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 25 }));
    const candidate = pub.Images?.find((i) => i.State === 'AVAILABLE' && i.ImageBuilderSupported && (i.SupportedInstanceFamilies ?? ['GENERAL_PURPOSE']).includes('GENERAL_PURPOSE'));
    assert.ok(candidate?.Name, 'a public image to build from');
    publicImage = candidate.Name;
    // RUNNING builders for the burst to delete (a state change that must survive too).
    const builders = Array.from({ length: DELETABLE }, (_, i) => ({
      AccountId: ACCOUNT,
      Region: REGION,
      Name: `del-${String(i).padStart(3, '0')}`,
      ImageName: publicImage,
      InstanceType: 'stream.standard.medium',
      State: 'RUNNING',
    }));
    const seeded = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imageBuilders: builders }) });
    assert.equal(seeded.status, 200, seeded.body.toString());
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: burst, kill -9, restart, everything acknowledged is there and whole`, async () => {
      assert.ok(child, 'a server from the previous round');
      const url = child.url;
      let stop = false;
      const inFlight = new Set<string>();
      const burst = Array.from({ length: CLIENTS }, async (_, c) => {
        const client = appStreamClient(url, c % 2 === 0 ? 'awsJson1_1' : 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION });
        for (let i = 0; !stop; i++) {
          const kind = i % 4 === 3 && nextDelete < DELETABLE ? 3 : i % 3;
          const id = `r${round}-c${c}-${i}`;
          inFlight.add(id);
          try {
            if (kind === 0) {
              const tags = { round: String(round), client: String(c), seq: String(i) };
              await client.send(new CreateImageBuilderCommand({ Name: `b-${id}`, ImageName: publicImage, InstanceType: 'stream.standard.medium', Tags: tags }));
              acked.builders.set(`b-${id}`, tags);
            } else if (kind === 1) {
              const account = String(100_000_000_000 + round * 10_000 + c * 1000 + i);
              await client.send(
                new UpdateImagePermissionsCommand({ Name: BASE_IMAGE, SharedAccountId: account, ImagePermissions: { allowFleet: true, allowImageBuilder: i % 2 === 0 } }),
              );
              acked.shares.add(account);
            } else if (kind === 3) {
              const name = `del-${String(nextDelete++).padStart(3, '0')}`;
              const out = await client.send(new DeleteImageBuilderCommand({ Name: name }));
              assert.equal(out.ImageBuilder?.State, 'DELETING');
              acked.deletes.add(name);
            } else {
              const tags = { seeded: id };
              const seed = { images: [{ AccountId: ACCOUNT, Region: REGION, Name: `i-${id}`, Description: `seeded ${id}`, Tags: tags }] };
              const res = await send(url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) }, 10_000);
              if (res.status !== 200) throw new Error(`seed answered ${res.status}: ${res.body}`);
              acked.images.set(`i-${id}`, tags);
            }
            figures.writesAcked++;
          } catch (error) {
            if (!stop) throw error; // before the kill every write must succeed
            figures.writesCutOff++;
          } finally {
            inFlight.delete(id);
          }
        }
      });
      // Before the first kill, mint a paging token to use after the restart.
      if (round === 0) {
        await sleep(400);
        const client = appStreamClient(url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION });
        const page = await client.send(new DescribeImageBuildersCommand({ MaxResults: 2 }));
        assert.ok(page.NextToken, 'enough builders for two pages');
        tokenBeforeKill = { token: page.NextToken, firstPage: page.ImageBuilders!.map((b) => b.Name!) };
      }
      await sleep(300 + Math.floor(Math.random() * 700));
      const buildersBefore = acked.builders.size;
      stop = true;
      await child.crash(); // SIGKILL: no shutdown, no flush
      assert.equal(child.process.signalCode, 'SIGKILL');
      await Promise.all(burst);
      assert.ok(acked.builders.size > buildersBefore - 1);

      child = await startOn(dir);
      figures.rounds++;
      const client = appStreamClient(child.url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION });

      // Every acknowledged builder is there, with the tags it was created with; every builder
      // there (acknowledged or cut off) is whole.
      const builders = await allBuilders(client);
      const byName = new Map(builders.map((b) => [b.Name!, b]));
      for (const name of acked.builders.keys()) assert.ok(byName.has(name), `acknowledged builder ${name} is lost`);
      for (const b of builders) {
        assert.ok(b.Arn?.endsWith(`:image-builder/${b.Name}`) && b.InstanceType === 'stream.standard.medium' && b.State, `half-written builder ${JSON.stringify(b)}`);
        if (b.Name!.startsWith(`b-r${round}-`)) {
          const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn! }))).Tags;
          const m = /^b-r(\d+)-c(\d+)-(\d+)$/.exec(b.Name!)!;
          assert.deepEqual(tags, { round: m[1], client: m[2], seq: m[3] }, `builder ${b.Name} without its tags`);
        }
      }

      // Every acknowledged delete holds: the builder is DELETING (or gone), never back to RUNNING.
      for (const name of acked.deletes) {
        const b = byName.get(name);
        assert.ok(b === undefined || b.State === 'DELETING', `acknowledged delete of ${name} is lost (${b?.State})`);
      }
      for (const b of builders) if (b.Name!.startsWith('del-')) assert.ok(b.State === 'RUNNING' || b.State === 'DELETING', `${b.Name} is ${b.State}`);

      // Every acknowledged share is listed.
      const shares = new Set(await allShares(client));
      for (const account of acked.shares) assert.ok(shares.has(account), `acknowledged share with ${account} is lost`);

      // Every acknowledged seeded image is there with its tags; every seeded image there is whole.
      const names = [...acked.images.keys()];
      for (let i = 0; i < names.length; i += 20) {
        const batch = names.slice(i, i + 20);
        const out = await client.send(new DescribeImagesCommand({ Names: batch }));
        assert.equal(out.Images?.length, batch.length);
      }
      const own = await client.send(new DescribeImagesCommand({ Type: 'PRIVATE', MaxResults: 25 }));
      for (const image of own.Images ?? []) {
        if (!image.Name!.startsWith('i-')) continue;
        assert.equal(image.Description, `seeded ${image.Name!.slice(2)}`, `half-written image ${image.Name}`);
        const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: image.Arn! }))).Tags;
        assert.deepEqual(tags, { seeded: image.Name!.slice(2) }, `image ${image.Name} without its tags`);
      }

      if (round === 0 && tokenBeforeKill) {
        // The token minted by the killed process pages on in the new one.
        const next = await client.send(new DescribeImageBuildersCommand({ MaxResults: 2, NextToken: tokenBeforeKill.token }));
        assert.ok((next.ImageBuilders ?? []).length > 0);
        for (const b of next.ImageBuilders!) {
          assert.ok(!tokenBeforeKill.firstPage.includes(b.Name!), 'no repeat of the first page');
          assert.ok(b.Name! > tokenBeforeKill.firstPage.at(-1)!, `page 2 goes on after page 1 (${b.Name})`);
        }
      }
    });
  }

  it('states go on across restarts: advancing the clock makes every builder RUNNING', async () => {
    assert.ok(child);
    const clock = await send(child.url, { method: 'POST', path: '/_appstream/clock', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 61 }) });
    assert.equal(clock.status, 200, clock.body.toString());
    const client = appStreamClient(child.url, 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION });
    const builders = await allBuilders(client);
    assert.ok(builders.length >= acked.builders.size);
    for (const b of builders) assert.equal(b.State, 'RUNNING', `${b.Name} is ${b.State}`);
    for (const name of acked.deletes) assert.ok(!builders.some((b) => b.Name === name), `${name} was deleted and is back`);
    assert.equal((await child.stop()).code, 0);
    child = undefined;
  });
});
