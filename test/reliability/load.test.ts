// Load: many concurrent clients on one account through the real CLI (SQLite): no errors but
// modeled ones, no lost updates, and no quota exceeded by a race.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateImageBuilderCommand,
  DescribeImageBuildersCommand,
  DescribeImagePermissionsCommand,
  DescribeImagesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import { MODELED_ERROR_CODES } from '../../src/errors/catalog.js';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../support/process.js';
import { send } from './support/wire.js';

const REGION = 'us-east-1';
const CLIENTS = 32;

async function seed(url: string, doc: unknown) {
  const res = await send(url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  assert.equal(res.status, 200, res.body.toString());
}

async function publicImageName(client: AppStreamClient): Promise<string> {
  const pub = await client.send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 25 }));
  const image = pub.Images?.find((i) => i.State === 'AVAILABLE' && i.ImageBuilderSupported && (i.SupportedInstanceFamilies ?? ['GENERAL_PURPOSE']).includes('GENERAL_PURPOSE'));
  assert.ok(image?.Name);
  return image.Name;
}

/** Settles every promise; answers the error names (or 'OK') in order. */
async function outcomes(promises: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => (s.status === 'fulfilled' ? 'OK' : String((s.reason as Error).name)));
}

function tally(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) out[x] = (out[x] ?? 0) + 1;
  return out;
}

const clientsOf = (url: string, accountId: string) =>
  Array.from({ length: CLIENTS }, (_, i) => appStreamClient(url, i % 2 === 0 ? 'awsJson1_1' : 'rpcv2Cbor', { accountId, region: REGION }));

describe(`load: ${CLIENTS} concurrent clients (real CLI, SQLite)`, () => {
  let child: ChildServer;
  let publicImage = '';
  before(async () => {
    child = await startChildServer(['--data-dir', tempDir('asl-load-'), '--transition-seconds', '0', '--quota', 'imageBuilders=10,images=10,sharedAccountsPerImage=100']);
    publicImage = await publicImageName(appStreamClient(child.url, 'awsJson1_1', { accountId: '111111111111' }));
  });
  after(async () => {
    assert.equal((await child.stop()).code, 0, child.stderr());
  });

  it('a mixed read/write workload: only modeled errors, every write visible afterwards', async () => {
    const account = '500000000001';
    await seed(child.url, { images: [{ AccountId: account, Region: REGION, Name: 'load-image', State: 'AVAILABLE' }] });
    const clients = clientsOf(child.url, account);
    const modeled = new Set<string>(MODELED_ERROR_CODES);
    const errors: Record<string, number> = {};
    const unexpected: string[] = [];
    const latencies: number[] = [];
    const shared = new Set<string>();
    const tags = new Map<string, Record<string, string>>();
    const created = new Set<string>();
    const deadline = Date.now() + 6000;
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const started = performance.now();
          const op = (c + i) % 7;
          try {
            if (op === 0) {
              await client.send(new DescribeImagesCommand({ MaxResults: 25 }));
            } else if (op === 1) {
              await client.send(new DescribeImageBuildersCommand({ MaxResults: 25 }));
            } else if (op === 2) {
              const name = `load-b-${c}-${i}`;
              await client.send(new CreateImageBuilderCommand({ Name: name, ImageName: publicImage, InstanceType: 'stream.standard.small' }));
              created.add(name);
            } else if (op === 3) {
              const account2 = String(600_000_000_000 + ((c * 7 + i) % 90));
              await client.send(new UpdateImagePermissionsCommand({ Name: 'load-image', SharedAccountId: account2, ImagePermissions: { allowFleet: true } }));
              shared.add(account2);
            } else if (op === 4) {
              await client.send(new DescribeImagePermissionsCommand({ Name: 'load-image', MaxResults: 100 }));
            } else if (op === 5) {
              const key = `k${c % 40}`;
              const value = `v${c}-${i}`;
              await client.send(new TagResourceCommand({ ResourceArn: `arn:aws:appstream:${REGION}:${account}:image/load-image`, Tags: { [key]: value } }));
              tags.set(key, { value });
            } else {
              await client.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:appstream:${REGION}:${account}:image/load-image` }));
            }
            latencies.push(performance.now() - started);
          } catch (error) {
            const name = (error as Error).name;
            errors[name] = (errors[name] ?? 0) + 1;
            if (!modeled.has(name)) unexpected.push(`${name}: ${(error as Error).message}`);
          }
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const total = latencies.length + Object.values(errors).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `# load: ${CLIENTS} clients, ${total} requests in 6 s (${Math.round(total / 6)}/s), p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]?.toFixed(1)} ms; modeled errors ${JSON.stringify(errors)}\n`,
    );
    assert.deepEqual(unexpected.slice(0, 5), []);
    // No throughput bound: this machine is shared; what counts is that every client got answers.
    assert.ok(total >= CLIENTS * 2, `only ${total} requests`);
    // Quota: 10 builders, however many were attempted.
    assert.ok(created.size <= 10, `${created.size} builders created with a quota of 10`);
    const client = clients[0]!;
    const listed = new Set<string>();
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeImagePermissionsCommand({ Name: 'load-image', MaxResults: 500, NextToken: token }));
      for (const p of page.SharedImagePermissionsList ?? []) listed.add(p.sharedAccountId!);
      token = page.NextToken;
    } while (token);
    for (const a of shared) assert.ok(listed.has(a), `share with ${a} lost`);
    const builders = await client.send(new DescribeImageBuildersCommand({ MaxResults: 25 }));
    assert.equal(builders.ImageBuilders?.length, created.size);
    const onImage = (await client.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:appstream:${REGION}:${account}:image/load-image` }))).Tags ?? {};
    for (const key of tags.keys()) assert.ok(key in onImage, `tag ${key} lost`);
  });

  it('50 concurrent UpdateImagePermissions for 50 accounts on one image: all 50 listed', async () => {
    const account = '500000000002';
    await seed(child.url, { images: [{ AccountId: account, Region: REGION, Name: 'shared-50', State: 'AVAILABLE' }] });
    const clients = clientsOf(child.url, account);
    const targets = Array.from({ length: 50 }, (_, i) => String(700_000_000_000 + i));
    const results = await outcomes(
      targets.map((t, i) =>
        clients[i % CLIENTS]!.send(new UpdateImagePermissionsCommand({ Name: 'shared-50', SharedAccountId: t, ImagePermissions: { allowFleet: true, allowImageBuilder: true } })),
      ),
    );
    assert.deepEqual(tally(results), { OK: 50 });
    const listed = await clients[0]!.send(new DescribeImagePermissionsCommand({ Name: 'shared-50', MaxResults: 500 }));
    assert.deepEqual(listed.SharedImagePermissionsList!.map((p) => p.sharedAccountId).sort(), targets);
    assert.equal(listed.NextToken, undefined);
    // And each grantee sees it.
    for (const t of [targets[0]!, targets[49]!]) {
      const seen = await appStreamClient(child.url, 'rpcv2Cbor', { accountId: t, region: REGION }).send(new DescribeImagesCommand({ Type: 'SHARED' }));
      assert.deepEqual(seen.Images?.map((i) => i.Name), ['shared-50']);
    }
  });

  it('30 concurrent CreateImageBuilder with a quota of 10: exactly 10 succeed, 20 LimitExceededException', async () => {
    const clients = clientsOf(child.url, '500000000003');
    const results = await outcomes(
      Array.from({ length: 30 }, (_, i) =>
        clients[i % CLIENTS]!.send(new CreateImageBuilderCommand({ Name: `quota-${i}`, ImageName: publicImage, InstanceType: 'stream.standard.small' })),
      ),
    );
    assert.deepEqual(tally(results), { OK: 10, LimitExceededException: 20 });
    const listed = await clients[0]!.send(new DescribeImageBuildersCommand({ MaxResults: 25 }));
    assert.equal(listed.ImageBuilders?.length, 10);
  });

  it('20 concurrent CreateImageBuilder of one name: exactly one succeeds, 19 ResourceAlreadyExistsException', async () => {
    const clients = clientsOf(child.url, '500000000004');
    const results = await outcomes(
      Array.from({ length: 20 }, (_, i) =>
        clients[i % CLIENTS]!.send(new CreateImageBuilderCommand({ Name: 'same-name', ImageName: publicImage, InstanceType: 'stream.standard.small' })),
      ),
    );
    assert.deepEqual(tally(results), { OK: 1, ResourceAlreadyExistsException: 19 });
  });

  it('60 concurrent TagResource of distinct keys on one image (limit 50): exactly 50 kept, 10 LimitExceededException', async () => {
    const account = '500000000005';
    await seed(child.url, { images: [{ AccountId: account, Region: REGION, Name: 'tagged', State: 'AVAILABLE' }] });
    const arn = `arn:aws:appstream:${REGION}:${account}:image/tagged`;
    const clients = clientsOf(child.url, account);
    const results = await outcomes(Array.from({ length: 60 }, (_, i) => clients[i % CLIENTS]!.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [`key-${i}`]: `v${i}` } }))));
    assert.deepEqual(tally(results), { OK: 50, LimitExceededException: 10 });
    const tags = (await clients[0]!.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {};
    assert.equal(Object.keys(tags).length, 50);
    results.forEach((r, i) => assert.equal(r === 'OK', `key-${i}` in tags, `key-${i}: ${r}`));
  });
});

describe('load: the shares quota under a race (real CLI)', () => {
  let child: ChildServer;
  before(async () => {
    child = await startChildServer(['--in-memory', '--quota', 'sharedAccountsPerImage=10']);
  });
  after(() => child.stop());

  it('30 concurrent UpdateImagePermissions with a quota of 10 accounts: exactly 10 succeed', async () => {
    const account = '500000000006';
    await seed(child.url, { images: [{ AccountId: account, Region: REGION, Name: 'quota-shares', State: 'AVAILABLE' }] });
    const clients = clientsOf(child.url, account);
    const results = await outcomes(
      Array.from({ length: 30 }, (_, i) =>
        clients[i % CLIENTS]!.send(new UpdateImagePermissionsCommand({ Name: 'quota-shares', SharedAccountId: String(800_000_000_000 + i), ImagePermissions: { allowFleet: true } })),
      ),
    );
    assert.deepEqual(tally(results), { OK: 10, LimitExceededException: 20 });
    const listed = await clients[0]!.send(new DescribeImagePermissionsCommand({ Name: 'quota-shares' }));
    assert.equal(listed.SharedImagePermissionsList?.length, 10);
  });
});
