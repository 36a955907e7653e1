// Durability of stacks: a CreateStack or AssociateFleet acknowledged to a client survives
// `kill -9` of the server at any moment, and no stack is ever half-written. Several rounds:
// the real CLI on a SQLite data directory; concurrent clients (both protocols) create stacks
// with tags and associate fleets with acknowledged stacks; the process is SIGKILLed mid-burst;
// a new process on the same directory must show every acknowledged write, every stack whole
// (its tags, its 8 user settings), every association pointing at a stack and a fleet that exist.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  type AppStreamClient,
  type Stack,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { send } from './support/wire.js';
import { burstUntilKill } from './support/kill-burst.js';

const ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const ROUNDS = Number(process.env['APPSTREAM_LOCAL_KILL_ROUNDS']) || 4;
const CLIENTS = 6;
const FLEETS = 40;
const fleetName = (i: number) => `fleet-${String(i).padStart(2, '0')}`;

async function startOn(dir: string): Promise<ChildServer> {
  return startChildServer(['--data-dir', dir, '--quota', 'stacks=100000']);
}

async function allStacks(client: AppStreamClient): Promise<Stack[]> {
  const out: Stack[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeStacksCommand({ NextToken: token }));
    out.push(...page.Stacks!);
    token = page.NextToken;
  } while (token);
  return out;
}

async function stacksOf(client: AppStreamClient, fleet: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListAssociatedStacksCommand({ FleetName: fleet, NextToken: token }));
    out.push(...page.Names!);
    token = page.NextToken;
  } while (token);
  return out;
}

describe(`stacks durability: ${ROUNDS} rounds of kill -9 mid-burst (SQLite, real CLI)`, () => {
  const dir = tempDir('asl-stacks-durable-');
  const acked = { stacks: new Map<string, Record<string, string>>(), associations: new Map<string, string>() }; // stack -> fleet
  /** Acknowledged stacks not yet given a fleet (AssociateFleet picks from these). */
  const free: string[] = [];
  let child: ChildServer | undefined;
  const figures = { writesAcked: 0, writesCutOff: 0, rounds: 0 };

  after(async () => {
    await child?.stop();
    process.stdout.write(
      `# stacks durability: ${figures.rounds} kill -9 rounds survived; ${figures.writesAcked} writes acknowledged, ${figures.writesCutOff} cut off; ${acked.stacks.size} stacks, ${acked.associations.size} associations checked\n`,
    );
  });

  it('setup: fleets to associate', async () => {
    child = await startOn(dir);
    const fleets = Array.from({ length: FLEETS }, (_, i) => ({ AccountId: ACCOUNT, Region: REGION, Name: fleetName(i), State: 'RUNNING' }));
    const res = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fleets }) });
    assert.equal(res.status, 200, res.body.toString());
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: burst, kill -9, restart, every acknowledged stack and association is there and whole`, async () => {
      assert.ok(child, 'a server from the previous round');
      const counts = await burstUntilKill(child, { accountId: ACCOUNT, region: REGION, clients: CLIENTS, killAfterMs: 300 + Math.floor(Math.random() * 700) }, async (client, c, i) => {
        const associate = i % 3 === 2 && free.length > 0;
        if (associate) {
          const stack = free.shift()!;
          const fleet = fleetName((round * 7 + c * 3 + i) % FLEETS);
          try {
            await client.send(new AssociateFleetCommand({ StackName: stack, FleetName: fleet }));
          } catch (error) {
            free.push(stack); // not acknowledged: the stack may be tried again
            throw error;
          }
          acked.associations.set(stack, fleet);
        } else {
          const name = `s-r${round}-c${c}-${i}`;
          const tags = { round: String(round), client: String(c), seq: String(i) };
          await client.send(new CreateStackCommand({ Name: name, Tags: tags, Description: `stack ${name}` }));
          acked.stacks.set(name, tags);
          free.push(name);
        }
      });
      figures.writesAcked += counts.acked;
      figures.writesCutOff += counts.cutOff;

      child = await startOn(dir);
      figures.rounds++;
      const client = appStreamClient(child.url, round % 2 ? 'rpcv2Cbor' : 'awsJson1_1', { accountId: ACCOUNT, region: REGION });
      const stacks = await allStacks(client);
      const byName = new Map(stacks.map((s) => [s.Name!, s]));
      for (const name of acked.stacks.keys()) assert.ok(byName.has(name), `acknowledged stack ${name} is lost`);
      for (const s of stacks) {
        // Whole: the defaults, the description and the tags it was created with, acknowledged or cut off.
        assert.ok(s.Arn?.endsWith(`:stack/${s.Name}`) && s.UserSettings?.length === 8 && s.ApplicationSettings && s.Description === `stack ${s.Name}`, `half-written stack ${JSON.stringify(s)}`);
        if (s.Name!.startsWith(`s-r${round}-`)) {
          const m = /^s-r(\d+)-c(\d+)-(\d+)$/.exec(s.Name!)!;
          const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: s.Arn! }))).Tags;
          assert.deepEqual(tags, { round: m[1], client: m[2], seq: m[3] }, `stack ${s.Name} without its tags`);
        }
      }
      // Every acknowledged association is listed; every listed one has a stack, and one fleet per stack.
      const fleetOf = new Map<string, string>();
      for (let f = 0; f < FLEETS; f++) {
        for (const stack of await stacksOf(client, fleetName(f))) {
          assert.ok(byName.has(stack), `association of ${fleetName(f)} with missing stack ${stack}`);
          assert.ok(!fleetOf.has(stack), `stack ${stack} has two fleets`);
          fleetOf.set(stack, fleetName(f));
        }
      }
      for (const [stack, fleet] of acked.associations) assert.equal(fleetOf.get(stack), fleet, `acknowledged association ${stack} -> ${fleet} is lost`);
      // Stacks that got a fleet by a cut-off request are not free any more.
      for (let i = free.length - 1; i >= 0; i--) if (fleetOf.has(free[i]!)) free.splice(i, 1);
    });
  }

  it('the last process stops cleanly', async () => {
    assert.ok(child);
    assert.equal((await child.stop()).code, 0);
    child = undefined;
  });
});
