// Durability of the user pool, user-stack associations, entitlements, directory configs and the
// usage report subscription: a write acknowledged to a client survives `kill -9` of the server
// at any moment, and what a restarted server shows is whole. Several rounds on one SQLite data
// directory with the real CLI: concurrent clients (both protocols) create users (with names),
// associate each acknowledged user with a stack, create directory configs (with OUs and a
// service account) and entitlements (with attributes), and subscribe to usage reports; the
// process is killed mid-burst; a new process on the same directory must show every
// acknowledged write. The stack is made with CreateStack before the first burst.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  BatchAssociateUserStackCommand,
  CreateDirectoryConfigCommand,
  CreateEntitlementCommand,
  CreateStackCommand,
  CreateUsageReportSubscriptionCommand,
  CreateUserCommand,
  DescribeDirectoryConfigsCommand,
  DescribeEntitlementsCommand,
  DescribeUsageReportSubscriptionsCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { burstUntilKill } from './support/kill-burst.js';

const ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const STACK = 'durable-stack';
const ROUNDS = Number(process.env['APPSTREAM_LOCAL_KILL_ROUNDS']) || 4;
const CLIENTS = 6;

function startOn(dir: string): Promise<ChildServer> {
  return startChildServer(['--data-dir', dir, '--quota', 'users=100000,directoryConfigs=100000,entitlements=100000']);
}

async function walk<T>(fetch: (token?: string) => Promise<{ items?: T[]; token?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await fetch(token);
    out.push(...(p.items ?? []));
    token = p.token;
  } while (token);
  return out;
}

describe(`durability of users, associations, entitlements, directory configs, usage reports: ${ROUNDS} rounds of kill -9`, () => {
  const dir = tempDir('asl-durable-users-');
  const acked = { users: new Set<string>(), associations: new Set<string>(), configs: new Set<string>(), entitlements: new Set<string>(), subscription: false };
  const figures = { acked: 0, cutOff: 0 };
  let child: ChildServer | undefined;

  after(async () => {
    await child?.stop();
    process.stdout.write(
      `# durability (users): ${figures.acked} writes acknowledged, ${figures.cutOff} cut off; ${acked.users.size} users, ${acked.associations.size} associations, ${acked.configs.size} directory configs, ${acked.entitlements.size} entitlements checked\n`,
    );
  });

  it('setup: the server, and the stack (CreateStack)', async () => {
    child = await startOn(dir);
    await appStreamClient(child.url, 'awsJson1_1', { accountId: ACCOUNT, region: REGION }).send(new CreateStackCommand({ Name: STACK }));
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: burst, kill -9, restart, every acknowledged write is there and whole`, async () => {
      assert.ok(child);
      const counts = await burstUntilKill(child, { accountId: ACCOUNT, region: REGION, clients: CLIENTS, killAfterMs: 400 + Math.floor(Math.random() * 600) }, async (client, c, i) => {
        const id = `r${round}-c${c}-${i}`;
        switch (i % 4) {
          case 0: {
            await client.send(new CreateUserCommand({ UserName: `${id}@x.com`, AuthenticationType: 'USERPOOL', FirstName: `F${c}`, LastName: `L${i}` }));
            acked.users.add(`${id}@x.com`);
            break;
          }
          case 1: {
            const user = `r${round}-c${c}-${i - 1}@x.com`;
            const out = await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: STACK, UserName: user, AuthenticationType: 'USERPOOL' }] }));
            assert.deepEqual(out.errors, []);
            acked.associations.add(user);
            break;
          }
          case 2: {
            await client.send(
              new CreateDirectoryConfigCommand({ DirectoryName: `${id}.example.com`, OrganizationalUnitDistinguishedNames: [`OU=${id}`], ServiceAccountCredentials: { AccountName: id, AccountPassword: 'pw' } }),
            );
            acked.configs.add(`${id}.example.com`);
            break;
          }
          default: {
            await client.send(new CreateEntitlementCommand({ Name: id, StackName: STACK, AppVisibility: 'ALL', Attributes: [{ Name: 'roles', Value: id }] }));
            acked.entitlements.add(id);
            if (!acked.subscription) {
              await client.send(new CreateUsageReportSubscriptionCommand({}));
              acked.subscription = true;
            }
          }
        }
      });
      figures.acked += counts.acked;
      figures.cutOff += counts.cutOff;

      child = await startOn(dir);
      const client: AppStreamClient = appStreamClient(child.url, 'rpcv2Cbor', { accountId: ACCOUNT, region: REGION });
      const users = await walk((t) => client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', NextToken: t })).then((r) => ({ items: r.Users, token: r.NextToken })));
      const byName = new Map(users.map((u) => [u.UserName!, u]));
      for (const name of acked.users) assert.ok(byName.has(name), `acknowledged user ${name} is lost`);
      for (const u of users) {
        const m = /^r\d+-c(\d+)-(\d+)@x\.com$/.exec(u.UserName!)!;
        assert.ok(m && u.FirstName === `F${m[1]}` && u.LastName === `L${m[2]}` && /:user\/userpool\/[0-9a-f-]{36}$/.test(u.Arn!), `half-written user ${JSON.stringify(u)}`);
      }
      const associations = await walk((t) => client.send(new DescribeUserStackAssociationsCommand({ StackName: STACK, MaxResults: 500, NextToken: t })).then((r) => ({ items: r.UserStackAssociations, token: r.NextToken })));
      const associated = new Set(associations.map((a) => a.UserName!));
      for (const user of acked.associations) assert.ok(associated.has(user), `acknowledged association of ${user} is lost`);
      for (const user of associated) assert.ok(byName.has(user), `an association of ${user}, who does not exist`);
      const configs = await walk((t) => client.send(new DescribeDirectoryConfigsCommand({ NextToken: t })).then((r) => ({ items: r.DirectoryConfigs, token: r.NextToken })));
      const configNames = new Set(configs.map((d) => d.DirectoryName!));
      for (const name of acked.configs) assert.ok(configNames.has(name), `acknowledged directory config ${name} is lost`);
      for (const d of configs) {
        const id = d.DirectoryName!.replace('.example.com', '');
        assert.deepEqual([d.OrganizationalUnitDistinguishedNames, d.ServiceAccountCredentials], [[`OU=${id}`], { AccountName: id }], `half-written config ${d.DirectoryName}`);
      }
      const entitlements = await walk((t) => client.send(new DescribeEntitlementsCommand({ StackName: STACK, NextToken: t })).then((r) => ({ items: r.Entitlements, token: r.NextToken })));
      const entNames = new Set(entitlements.map((e) => e.Name!));
      for (const name of acked.entitlements) assert.ok(entNames.has(name), `acknowledged entitlement ${name} is lost`);
      for (const e of entitlements) assert.deepEqual(e.Attributes, [{ Name: 'roles', Value: e.Name }], `half-written entitlement ${e.Name}`);
      if (acked.subscription) assert.equal((await client.send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions!.length, 1);
    });
  }
});
