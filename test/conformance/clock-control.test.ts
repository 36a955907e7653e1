// POST /_appstream/clock: forward ({"advanceSeconds"}), to a time ({"time"}, not earlier than
// real time) and back to real time ({"realTime": true}); a full reset sets it back to real time;
// the offset is data, so all of it survives a restart. States follow the clock both ways.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateImageBuilderCommand, DescribeImageBuildersCommand } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { control } from '../support/control.js';
import { tempDir } from '../support/process.js';
import { OWNER, reset } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';
/** Emulated minus real time, in ms (a few ms of slack for the request). */
async function offsetMs(server: RunningServer): Promise<number> {
  const before = Date.now();
  const { body } = await control(server, '/clock', undefined, 'GET');
  return body.epochMillis - before;
}

describe('the emulated clock goes forward, to a time, and back to real time', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 60 });
  });
  after(() => server.close());

  it('{"time"} sets the emulated time; {"realTime": true} goes back; states follow', async () => {
    const c = appStreamClient(server.url);
    await c.send(new CreateImageBuilderCommand({ Name: 'cb', ImageName: BASE, InstanceType: 'stream.standard.small' }));
    const state = async () => (await c.send(new DescribeImageBuildersCommand({ Names: ['cb'] }))).ImageBuilders![0]!.State;
    assert.equal(await state(), 'PENDING');

    const target = new Date(Date.now() + 3_600_000);
    target.setUTCMilliseconds(0);
    const set = await control(server, '/clock', { time: target.toISOString() });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.now, target.toISOString());
    assert.equal(set.body.epochMillis, target.getTime());
    assert.equal(await state(), 'RUNNING');
    // Epoch seconds too.
    assert.equal((await control(server, '/clock', { time: target.getTime() / 1000 + 60 })).body.epochMillis, target.getTime() + 60_000);

    const back = await control(server, '/clock', { realTime: true });
    assert.equal(back.status, 200);
    assert.ok(Math.abs(back.body.epochMillis - Date.now()) < 2_000, JSON.stringify(back.body));
    assert.ok(Math.abs(await offsetMs(server)) < 2_000);
    // DECISION: a state computed from the schedule follows the clock back.
    assert.equal(await state(), 'PENDING');
    await control(server, '/clock', { advanceSeconds: 60 });
    assert.equal(await state(), 'RUNNING');
  });

  it('refuses a time earlier than real time, bad times and mixed members', async () => {
    const cases: [unknown, RegExp][] = [
      [{ time: '2001-01-01T00:00:00Z' }, /^time 2001-01-01T00:00:00\.000Z is earlier than the real time now; the emulated clock can go back to real time \(\{"realTime": true\}\) but not before it\.$/],
      [{ time: Date.now() / 1000 - 60 }, /is earlier than the real time now/],
      [{ time: 'tomorrow' }, /^time must be an ISO-8601 time with a zone/],
      [{ time: '2030-01-01T00:00:00' }, /^time must be an ISO-8601 time with a zone/],
      [{ time: '9999-12-31T23:59:59.500Z' }, /^time may not be later than 9999-12-31T23:59:59Z\.$/],
      [{ realTime: false }, /^realTime must be true/],
      [{ realTime: true, advanceSeconds: 1 }, /^Give one of advanceSeconds, time or realTime, not realTime and advanceSeconds\.$/],
      [{ advanceSeconds: -1 }, /^advanceSeconds must be a number >= 0 \(to go back, use \{"time": \.\.\.\} or \{"realTime": true\}\)\.$/],
      [{ rewind: 1 }, /^Unknown member 'rewind'/],
    ];
    const before = await offsetMs(server);
    for (const [body, message] of cases) {
      const r = await control(server, '/clock', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.__type, 'InvalidRequestException');
      assert.match(r.body.message, message, JSON.stringify(body));
    }
    assert.ok(Math.abs((await offsetMs(server)) - before) < 2_000, 'refused requests leave the clock alone');
  });

  it('a full reset sets the clock back to real time; an account reset does not', async () => {
    await control(server, '/clock', { advanceSeconds: 7200 });
    assert.equal((await reset(server.url, OWNER)).status, 200);
    assert.ok((await offsetMs(server)) > 7_000_000, 'one account is not the clock');
    const r = await reset(server.url);
    assert.equal(r.status, 200);
    assert.ok(Math.abs(r.body.clock.epochMillis - Date.now()) < 2_000, JSON.stringify(r.body));
    assert.ok(Math.abs(await offsetMs(server)) < 2_000);
  });
});

describe('the clock across a restart (SQLite file)', () => {
  it('a time set, then real time, both survive a restart', async () => {
    const dataDir = tempDir();
    let server = await startTestServer({ dataDir });
    await control(server, '/clock', { time: new Date(Date.now() + 86_400_000).toISOString() });
    await server.close();
    server = await startTestServer({ dataDir });
    try {
      assert.ok((await offsetMs(server)) > 86_000_000);
      await control(server, '/clock', { realTime: true });
    } finally {
      await server.close();
    }
    server = await startTestServer({ dataDir });
    try {
      assert.ok(Math.abs(await offsetMs(server)) < 2_000);
    } finally {
      await server.close();
    }
  });
});
