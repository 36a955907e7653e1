// States over time: every state images and builders pass through, seen by moving the emulated
// clock (transitionSeconds 60 + POST /_appstream/clock), once with real seconds
// (transitionSeconds 1), and across a restart (states are data in the store).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateImageBuilderStreamingURLCommand,
  CreateImportedImageCommand,
  CreateUpdatedImageCommand,
  DeleteImageBuilderCommand,
  DeleteImageCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  StartImageBuilderCommand,
  StopImageBuilderCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { verifyStreamingToken } from '../../src/service/image-builders/streaming-token.js';
import { appStreamClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';

const ACCOUNT = '111111111111';
const BASE = 'AppStream-WinServer2022-11-10-2025';

async function control(server: RunningServer, path: string, body?: unknown, method = 'POST') {
  const res = await fetch(`${server.url}/_appstream${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, code, `expected ${code}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('states with the emulated clock (transitionSeconds 60)', () => {
  let server: RunningServer;
  let c: AppStreamClient;
  const advance = (seconds: number) => control(server, '/clock', { advanceSeconds: seconds });
  const builderState = async (name: string) => (await c.send(new DescribeImageBuildersCommand({ Names: [name] }))).ImageBuilders![0]!.State;
  const imageState = async (name: string, client = c) => (await client.send(new DescribeImagesCommand({ Names: [name] }))).Images![0]!.State;

  before(async () => {
    server = await startTestServer({ transitionSeconds: 60 });
    c = appStreamClient(server.url, 'rpcv2Cbor');
  });
  after(() => server.close());

  it('GET /_appstream/clock answers the emulated time; POST moves it forward', async () => {
    const t0 = (await control(server, '/clock', undefined, 'GET')).body;
    assert.ok(Math.abs(t0.epochMillis - Date.now()) < 5_000);
    assert.equal(new Date(t0.now).getTime(), t0.epochMillis);
    const t1 = (await advance(3600)).body;
    assert.ok(t1.epochMillis - t0.epochMillis >= 3600_000);
    assert.equal((await advance(-1)).status, 400);
    assert.equal((await advance('x' as unknown as number)).status, 400);
    assert.equal((await control(server, '/clock', { advance: 1 })).status, 400);
  });

  it('builder: PENDING -> RUNNING -> STOPPING -> STOPPED -> PENDING -> RUNNING -> SNAPSHOTTING -> STOPPED -> DELETING -> gone', async () => {
    const created = await c.send(new CreateImageBuilderCommand({ Name: 'tb', ImageName: BASE, InstanceType: 'stream.standard.large' }));
    assert.equal(created.ImageBuilder!.State, 'PENDING');
    assert.equal(await builderState('tb'), 'PENDING');
    // Not yet RUNNING: no streaming URL, and it cannot be deleted mid-transition.
    await rejectsWith(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'tb' })), 'OperationNotPermittedException', /is PENDING/);
    await rejectsWith(c.send(new DeleteImageBuilderCommand({ Name: 'tb' })), 'OperationNotPermittedException', /is PENDING/);
    await rejectsWith(c.send(new StopImageBuilderCommand({ Name: 'tb' })), 'OperationNotPermittedException', /is PENDING/);
    await advance(59);
    assert.equal(await builderState('tb'), 'PENDING');
    await advance(1);
    assert.equal(await builderState('tb'), 'RUNNING');

    await c.send(new StopImageBuilderCommand({ Name: 'tb' }));
    assert.equal(await builderState('tb'), 'STOPPING');
    await rejectsWith(c.send(new StartImageBuilderCommand({ Name: 'tb' })), 'ResourceNotAvailableException', /is STOPPING/);
    await advance(60);
    assert.equal(await builderState('tb'), 'STOPPED');

    await c.send(new StartImageBuilderCommand({ Name: 'tb' }));
    assert.equal(await builderState('tb'), 'PENDING');
    await advance(60);
    assert.equal(await builderState('tb'), 'RUNNING');

    // The streaming URL expires with the emulated clock.
    const url = await c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'tb', Validity: 120 }));
    const opens = async () => (await fetch(url.StreamingURL!, { redirect: 'manual' })).status;
    assert.equal(await opens(), 302);
    const token = (await fetch(url.StreamingURL!, { redirect: 'manual' })).headers.get('location')!.split('/').pop()!;
    assert.ok(await verifyStreamingToken(token, server.service));

    const made = await control(server, '/image-assistant/create-image', { AccountId: ACCOUNT, Region: 'us-east-1', ImageBuilderName: 'tb', Name: 'timg' });
    assert.equal(made.body.Image.State, 'PENDING');
    assert.equal(await builderState('tb'), 'SNAPSHOTTING');
    assert.equal(await imageState('timg'), 'PENDING');
    await rejectsWith(c.send(new DeleteImageCommand({ Name: 'timg' })), 'OperationNotPermittedException', /is PENDING/);
    await rejectsWith(
      c.send(new CopyImageCommand({ SourceImageName: 'timg', DestinationImageName: 'x', DestinationRegion: 'eu-west-1' })),
      'ResourceNotAvailableException',
      /^The image timg is PENDING\. The image must be in an AVAILABLE state/,
    );
    await advance(60);
    assert.equal(await builderState('tb'), 'STOPPED');
    assert.equal(await imageState('timg'), 'AVAILABLE');
    assert.ok(await verifyStreamingToken(token, server.service), 'still valid after 60 of its 120 seconds');
    assert.equal(await opens(), 302, 'the URL still opens after 60 of its 120 seconds');
    // Past its Expires: 120 seconds from its making, rounded up to a whole second.
    await advance(61);
    assert.equal(await verifyStreamingToken(token, server.service), undefined, 'the page token expired after 121 emulated seconds');
    assert.equal(await opens(), 410, 'the URL expired after 121 emulated seconds');

    await c.send(new DeleteImageBuilderCommand({ Name: 'tb' }));
    assert.equal(await builderState('tb'), 'DELETING');
    await advance(60);
    await rejectsWith(c.send(new DescribeImageBuildersCommand({ Names: ['tb'] })), 'ResourceNotFoundException');
  });

  it('copy: COPYING -> AVAILABLE in the destination region', async () => {
    await c.send(new CopyImageCommand({ SourceImageName: 'timg', DestinationImageName: 'timg-eu', DestinationRegion: 'eu-central-1' }));
    const eu = appStreamClient(server.url, 'rpcv2Cbor', { region: 'eu-central-1' });
    assert.equal(await imageState('timg-eu', eu), 'COPYING');
    await advance(60);
    assert.equal(await imageState('timg-eu', eu), 'AVAILABLE');
  });

  it('update: CREATING -> AVAILABLE; the source stays AVAILABLE', async () => {
    const out = await c.send(new CreateUpdatedImageCommand({ existingImageName: 'timg', newImageName: 'timg-2' }));
    assert.equal(out.image!.State, 'CREATING');
    assert.equal(await imageState('timg-2'), 'CREATING');
    await rejectsWith(
      c.send(new CreateUpdatedImageCommand({ existingImageName: 'timg-2', newImageName: 'timg-3' })),
      'OperationNotPermittedException',
      /is CREATING/,
    );
    assert.equal(await imageState('timg'), 'AVAILABLE');
    await advance(60);
    assert.equal(await imageState('timg-2'), 'AVAILABLE');
  });

  it('import: IMPORTING -> VALIDATING -> AVAILABLE (with RuntimeValidationConfig); IMPORTING -> AVAILABLE (without)', async () => {
    await c.send(
      new CreateImportedImageCommand({
        Name: 'timp',
        SourceAmiId: 'ami-0abcdef1234567890',
        RuntimeValidationConfig: { IntendedInstanceType: 'stream.compute.large' },
      }),
    );
    await c.send(new CreateImportedImageCommand({ Name: 'timp2', SourceAmiId: 'ami-0abcdef1234567890' }));
    assert.equal(await imageState('timp'), 'IMPORTING');
    assert.equal(await imageState('timp2'), 'IMPORTING');
    await advance(60);
    assert.equal(await imageState('timp'), 'VALIDATING');
    assert.equal(await imageState('timp2'), 'AVAILABLE');
    await advance(60);
    assert.equal(await imageState('timp'), 'AVAILABLE');
    const img = (await c.send(new DescribeImagesCommand({ Names: ['timp'] }))).Images![0]!;
    // DECISION (importedImageFamilies): the general stream.* families and the custom-only ones.
    assert.deepEqual(img.SupportedInstanceFamilies, ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED', 'MEMORY_OPTIMIZED', 'ACCELERATED']);
  });

  it('delete: DELETING (still listed), then gone', async () => {
    const out = await c.send(new DeleteImageCommand({ Name: 'timp2' }));
    assert.equal(out.Image!.State, 'DELETING');
    assert.equal(await imageState('timp2'), 'DELETING');
    await rejectsWith(c.send(new DeleteImageCommand({ Name: 'timp2' })), 'OperationNotPermittedException', /is DELETING/);
    await advance(60);
    await rejectsWith(c.send(new DescribeImagesCommand({ Names: ['timp2'] })), 'ResourceNotFoundException');
  });
});

describe('states in real seconds (transitionSeconds 1)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 1 });
  });
  after(() => server.close());

  it('a builder is PENDING, then RUNNING about a second later, without touching the clock', async () => {
    const c = appStreamClient(server.url);
    const t0 = Date.now();
    await c.send(new CreateImageBuilderCommand({ Name: 'rb', ImageName: BASE, InstanceType: 'stream.standard.small' }));
    const states: string[] = [];
    for (;;) {
      const s = (await c.send(new DescribeImageBuildersCommand({ Names: ['rb'] }))).ImageBuilders![0]!.State!;
      if (states[states.length - 1] !== s) states.push(s);
      if (s === 'RUNNING') break;
      assert.ok(Date.now() - t0 < 5_000, `still ${s} after 5 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(states, ['PENDING', 'RUNNING']);
    assert.ok(Date.now() - t0 >= 900, 'RUNNING came after about a second');
  });
});

describe('states survive a restart (they are data in the store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appstream-lifecycle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a builder created before a restart keeps its schedule after it', async () => {
    let server = await startTestServer({ inMemory: false, dataDir: dir, transitionSeconds: 60 });
    await appStreamClient(server.url).send(new CreateImageBuilderCommand({ Name: 'persist', ImageName: BASE, InstanceType: 'stream.standard.small' }));
    await control(server, '/clock', { advanceSeconds: 30 });
    await server.close();
    server = await startTestServer({ inMemory: false, dataDir: dir, transitionSeconds: 60 });
    try {
      const c = appStreamClient(server.url);
      assert.equal((await c.send(new DescribeImageBuildersCommand({ Names: ['persist'] }))).ImageBuilders![0]!.State, 'PENDING');
      await control(server, '/clock', { advanceSeconds: 30 });
      assert.equal((await c.send(new DescribeImageBuildersCommand({ Names: ['persist'] }))).ImageBuilders![0]!.State, 'RUNNING');
    } finally {
      await server.close();
    }
  });
});
