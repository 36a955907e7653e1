// Durability of fleets: a write acknowledged to a client survives `kill -9` of the server at any
// moment. Rounds on the real CLI and a SQLite data directory: concurrent clients (both
// protocols) issue a burst of CreateFleet with tags and StartFleet of seeded STOPPED fleets,
// recording every one answered 200; the process is killed mid-burst; a new process on the same
// directory must show every acknowledged fleet with its tags and every acknowledged start (the
// fleet STARTING or RUNNING, never STOPPED again), and every fleet it shows must be whole,
// acknowledged or cut off. States go on from where they were.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  CreateFleetCommand,
  DescribeFleetsCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  type AppStreamClient,
  type Fleet,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { publicImageOf, WINDOWS } from '../support/fleets.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { send } from './support/wire.js';
import { burstUntilKill } from './support/kill-burst.js';

const ACCOUNT = '454545454545';
const REGION = 'us-east-1';
const ROUNDS = Number(process.env['APPSTREAM_LOCAL_KILL_ROUNDS']) || 3;
const CLIENTS = 6;
const STARTABLE = 900;
const IMAGE = publicImageOf(REGION, WINDOWS);

async function startOn(dir: string): Promise<ChildServer> {
  return startChildServer(['--data-dir', dir, '--transition-seconds', '60', '--quota', 'fleets=100000']);
}

async function allFleets(client: AppStreamClient): Promise<Fleet[]> {
  const out: Fleet[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeFleetsCommand({ NextToken: token }));
    out.push(...(page.Fleets ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

describe(`fleet durability: ${ROUNDS} rounds of kill -9 mid-burst (SQLite, real CLI)`, () => {
  const dir = tempDir('asl-durable-fleets-');
  const created = new Map<string, Record<string, string>>();
  const started = new Set<string>();
  let nextStart = 0;
  let child: ChildServer | undefined;
  const figures = { acked: 0, cutOff: 0, rounds: 0 };

  after(async () => {
    await child?.stop();
    process.stdout.write(`# fleet durability: ${figures.rounds} kill -9 rounds; ${figures.acked} writes acknowledged, ${figures.cutOff} cut off; ${created.size} fleets, ${started.size} starts checked\n`);
  });

  it('setup: STOPPED fleets for the bursts to start', async () => {
    child = await startOn(dir);
    const fleets = Array.from({ length: STARTABLE }, (_, i) => ({ AccountId: ACCOUNT, Region: REGION, Name: `s-${String(i).padStart(3, '0')}`, ImageName: IMAGE }));
    const res = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fleets }) });
    assert.equal(res.status, 200, res.body.toString());
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: burst, kill -9, restart, every acknowledged fleet and start is there and whole`, async () => {
      assert.ok(child, 'a server from the previous round');
      const counts = await burstUntilKill(child, { accountId: ACCOUNT, region: REGION, clients: CLIENTS, killAfterMs: 300 + Math.floor(Math.random() * 700) }, async (client, c, i) => {
        if (i % 2 === 1 && nextStart < STARTABLE) {
          const name = `s-${String(nextStart++).padStart(3, '0')}`;
          await client.send(new StartFleetCommand({ Name: name }));
          started.add(name);
        } else {
          const name = `f-r${round}-c${c}-${i}`;
          const tags = { round: String(round), client: String(c), seq: String(i) };
          const out = await client.send(
            new CreateFleetCommand({ Name: name, ImageName: IMAGE, InstanceType: 'stream.standard.small', ComputeCapacity: { DesiredInstances: 1 }, Tags: tags }),
          );
          assert.equal(out.Fleet?.State, 'STOPPED');
          created.set(name, tags);
        }
      });
      figures.acked += counts.acked;
      figures.cutOff += counts.cutOff;

      child = await startOn(dir);
      figures.rounds++;
      const client = appStreamClient(child.url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION });
      const fleets = await allFleets(client);
      const byName = new Map(fleets.map((f) => [f.Name!, f]));
      for (const name of created.keys()) assert.ok(byName.has(name), `acknowledged fleet ${name} is lost`);
      for (const f of fleets) {
        assert.ok(f.Arn?.endsWith(`:fleet/${f.Name}`) && f.InstanceType && f.State && f.ComputeCapacityStatus?.Desired === 1 && f.ImageName === IMAGE, `half-written fleet ${JSON.stringify(f)}`);
        if (f.Name!.startsWith(`f-r${round}-`)) {
          const m = /^f-r(\d+)-c(\d+)-(\d+)$/.exec(f.Name!)!;
          const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: f.Arn! }))).Tags;
          assert.deepEqual(tags, { round: m[1], client: m[2], seq: m[3] }, `fleet ${f.Name} without its tags`);
        }
      }
      for (const name of started) {
        const state = byName.get(name)?.State;
        assert.ok(state === 'STARTING' || state === 'RUNNING', `acknowledged start of ${name} is lost (${state})`);
      }
    });
  }

  it('states go on across restarts: advancing the clock makes every started fleet RUNNING', async () => {
    assert.ok(child);
    const res = await send(child.url, { method: 'POST', path: '/_appstream/clock', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 61 }) });
    assert.equal(res.status, 200, res.body.toString());
    const fleets = await allFleets(appStreamClient(child.url, 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION }));
    for (const f of fleets) {
      if (started.has(f.Name!)) assert.equal(f.State, 'RUNNING', `${f.Name} is ${f.State}`);
      else if (f.Name!.startsWith('f-')) assert.equal(f.State, 'STOPPED', `${f.Name} is ${f.State}`);
    }
    assert.equal((await child.stop()).code, 0);
    child = undefined;
  });
});
