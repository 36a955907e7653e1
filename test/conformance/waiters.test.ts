// waitForImage / waitForImageBuilder (exported by the package): poll with the caller's SDK client
// until a state; with `clock`, move the emulated clock instead of sleeping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CopyImageCommand, CreateImageBuilderCommand } from '@aws-sdk/client-appstream';
import { waitForImage, waitForImageBuilder, WaitError, type RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { OWNER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';

/** A control call with the server's token; fails the test unless 200. */
async function ctl(server: RunningServer, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${server.url}/_appstream${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.config.controlToken}` }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

async function emulatedNow(server: RunningServer): Promise<number> {
  return (await fetch(`${server.url}/_appstream/clock`, { headers: server.config.controlToken ? { authorization: `Bearer ${server.config.controlToken}` } : {} }).then((r) => r.json()) as { epochMillis: number }).epochMillis;
}

describe('waiters on an in-process server, moving its emulated clock', () => {
  let server: RunningServer;
  before(async () => {
    // A control token, so the waiter must send it (it takes it from the server's config).
    server = await startTestServer({ transitionSeconds: 300, controlToken: 'tok' });
  });
  after(() => server.close());

  it('a builder is RUNNING after 300 emulated seconds, in far less real time (both protocols)', async () => {
    for (const protocol of ['awsJson1_1', 'rpcv2Cbor'] as const) {
      const c = appStreamClient(server.url, protocol);
      const name = `wb-${protocol}`;
      await c.send(new CreateImageBuilderCommand({ Name: name, ImageName: BASE, InstanceType: 'stream.standard.small' }));
      const t0 = await emulatedNow(server);
      const started = Date.now();
      const builder = await waitForImageBuilder(c, name, 'RUNNING', { clock: server, intervalSeconds: 10 });
      assert.equal(builder.State, 'RUNNING');
      assert.equal(builder.Name, name);
      const moved = (await emulatedNow(server)) - t0;
      assert.ok(moved >= 300_000 && moved < 330_000, `the clock moved ${moved} ms`);
      assert.ok(Date.now() - started < 10_000, 'far less real time');
    }
  });

  it('an image being copied, waited for with a list of states', async () => {
    const c = appStreamClient(server.url);
    await ctl(server, '/seed', { images: [{ AccountId: OWNER, Region: 'us-east-1', Name: 'w-src', BaseImageName: BASE, State: 'AVAILABLE' }] });
    await c.send(new CopyImageCommand({ SourceImageName: 'w-src', DestinationImageName: 'w-copy', DestinationRegion: 'us-east-1' }));
    const image = await waitForImage(c, 'w-copy', ['AVAILABLE', 'FAILED'], { clock: server, intervalSeconds: 60 });
    assert.equal(image.State, 'AVAILABLE');
  });

  it('FAILED (not asked for) throws at once with the reason; a missing resource throws; time runs out', async () => {
    const c = appStreamClient(server.url);
    await ctl(server, '/failures', { Operation: 'CreateImageBuilder' });
    await c.send(new CreateImageBuilderCommand({ Name: 'w-fail', ImageName: BASE, InstanceType: 'stream.standard.small' }));
    await assert.rejects(waitForImageBuilder(c, 'w-fail', 'RUNNING', { clock: server, intervalSeconds: 100 }), (e: unknown) => {
      assert.ok(e instanceof WaitError);
      assert.match(e.message, /^image builder 'w-fail' is FAILED: .+/);
      assert.equal(e.lastState, 'FAILED');
      return true;
    });
    // Asked for, FAILED is just a state.
    assert.equal((await waitForImageBuilder(c, 'w-fail', 'FAILED', { clock: server })).State, 'FAILED');
    await assert.rejects(waitForImage(c, 'no-such-image', 'AVAILABLE', { clock: server }), { name: 'WaitError', message: "image 'no-such-image' does not exist" });
    await assert.rejects(waitForImageBuilder(c, 'wb-awsJson1_1', 'STOPPED', { clock: server, timeoutSeconds: 20, intervalSeconds: 5 }), {
      name: 'WaitError',
      message: "image builder 'wb-awsJson1_1' is still RUNNING after 20 emulated seconds (waiting for STOPPED)",
    });
  });
});

describe('waiters in real time (no clock)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 1 });
  });
  after(() => server.close());

  it('sleeps between polls until the state, and leaves the emulated clock alone', async () => {
    const c = appStreamClient(server.url);
    await c.send(new CreateImageBuilderCommand({ Name: 'rt', ImageName: BASE, InstanceType: 'stream.standard.small' }));
    const started = Date.now();
    const builder = await waitForImageBuilder(c, 'rt', 'RUNNING', { intervalSeconds: 0.2, timeoutSeconds: 30 });
    assert.equal(builder.State, 'RUNNING');
    const took = Date.now() - started;
    assert.ok(took >= 500 && took < 10_000, `took ${took} ms`);
    const offset = (await emulatedNow(server)) - Date.now();
    assert.ok(Math.abs(offset) < 2_000, `offset ${offset} ms`);
    await assert.rejects(waitForImageBuilder(c, 'rt', 'STOPPED', { intervalSeconds: 0.1, timeoutSeconds: 0.3 }), /is still RUNNING after 0\.3 seconds/);
  });
});
