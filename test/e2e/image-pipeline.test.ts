// The image pipeline that Packer's AppStream plugin and AWS's Step Functions image-automation
// sample run, unchanged, against the emulator with states that take real time
// (transitionSeconds 1): create a builder -> poll DescribeImageBuilders until RUNNING -> add
// applications (Image Assistant, control API) -> create the image -> poll DescribeImages
// Names:[n] until AVAILABLE -> CopyImage to two regions -> poll there -> CreateUpdatedImage ->
// poll -> DeleteImage of the old one -> poll until it is gone.
// Once through the JS SDK in each protocol, once through boto3 (the sample's Lambdas are Python).
//
// States last one real second, so whether a poll lands inside a transition depends on the
// machine's load. What each wait saw is asserted without that race: a transition started by a
// call whose answer carries the state (CreateImageBuilder, create-image, CreateUpdatedImage,
// DeleteImage) shows its transitional state in that answer, and the trace starts with it; a copy
// (CopyImage answers only the name) is checked read by read against the emulated clock: a read
// answered before CreatedTime + one transition must say COPYING, one sent after it AVAILABLE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateUpdatedImageCommand,
  DeleteImageBuilderCommand,
  DeleteImageCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS, type ProtocolChoice } from '../support/clients.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { startTestServer } from '../support/server.js';

const ACCOUNT = '444444444444';
const HOME = 'us-east-1';
const COPY_REGIONS = ['us-west-2', 'eu-west-1'];
const BASE = 'AppStream-WinServer2022-11-10-2025';
const POLL_MS = 250;
const DEADLINE_MS = 30_000;
const TRANSITION_SECONDS = 1;

/** The emulated clock now (epoch ms), from the control API. */
async function emulatedNow(server: RunningServer): Promise<number> {
  const res = await fetch(`${server.url}/_appstream/clock`);
  return ((await res.json()) as { epochMillis: number }).epochMillis;
}

/** One read of a wait: the state it answered, and the emulated clock just before it was sent and just after it came back. */
interface Read {
  state: string;
  before: number;
  after: number;
}

/**
 * Polls `read` until it answers one of `done` (or fails on FAILED / the deadline), as the
 * pipeline's wait states do. `seen` lists the states in the order they appeared, starting with
 * `first` (the state in the answer of the call that began the transition) when there is one;
 * `reads` every read with the emulated clock around it.
 */
async function pollUntil(server: RunningServer, what: string, read: () => Promise<string | undefined>, done: string[], first?: string): Promise<{ seen: string[]; reads: Read[] }> {
  const seen: string[] = first === undefined ? [] : [first];
  const reads: Read[] = [];
  const start = Date.now();
  for (;;) {
    const before = await emulatedNow(server);
    const state = await read();
    const after = await emulatedNow(server);
    if (state !== undefined) reads.push({ state, before, after });
    if (state !== undefined && seen[seen.length - 1] !== state) seen.push(state);
    if (state !== undefined && done.includes(state)) return { seen, reads };
    if (state === 'FAILED') throw new Error(`${what} FAILED (saw ${seen.join(' -> ')})`);
    if (Date.now() - start > DEADLINE_MS) throw new Error(`${what}: still ${state} after ${DEADLINE_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * A copy's reads against its schedule (COPYING from `createdMs` for one transition, then
 * AVAILABLE): a read answered before the transition's end saw COPYING, one sent after it saw
 * AVAILABLE, one in flight across it either; the last is AVAILABLE. Answers what it saw.
 */
function assertCopyFollowedClock(what: string, reads: readonly Read[], createdMs: number): string[] {
  const endMs = createdMs + TRANSITION_SECONDS * 1000;
  for (const r of reads) {
    const expected = r.after < endMs ? ['COPYING'] : r.before >= endMs ? ['AVAILABLE'] : ['COPYING', 'AVAILABLE'];
    assert.ok(expected.includes(r.state), `${what}: read ${r.state} between ${r.before} and ${r.after}, the copy made at ${createdMs} is COPYING until ${endMs}`);
  }
  const seen = reads.map((r) => r.state).filter((state, i, all) => all[i - 1] !== state);
  assert.equal(seen.at(-1), 'AVAILABLE', what);
  return seen;
}

async function imageAssistant(server: RunningServer, step: 'add-application' | 'create-image', body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/_appstream/image-assistant/${step}`, {
    method: 'POST',
    body: JSON.stringify({ AccountId: ACCOUNT, Region: HOME, ...body }),
  });
  const json = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

async function runPipeline(server: RunningServer, protocol: ProtocolChoice, prefix: string) {
  const client = (region = HOME): AppStreamClient => appStreamClient(server.url, protocol, { accountId: ACCOUNT, region });
  const home = client();
  const builder = `${prefix}-builder`;
  const image = `${prefix}-image`;
  const trace: Record<string, string[]> = {};

  // 1. Create the image builder and wait for RUNNING.
  const created = await home.send(
    new CreateImageBuilderCommand({
      Name: builder,
      ImageName: BASE,
      InstanceType: 'stream.standard.medium',
      EnableDefaultInternetAccess: true,
      Tags: { pipeline: prefix },
    }),
  );
  assert.equal(created.ImageBuilder!.State, 'PENDING');
  trace.builder = (
    await pollUntil(
      server,
      'builder',
      async () => (await home.send(new DescribeImageBuildersCommand({ Names: [builder] }))).ImageBuilders![0]!.State,
      ['RUNNING'],
      created.ImageBuilder!.State,
    )
  ).seen;

  // 2. Install applications with the Image Assistant, then create the image.
  for (const [Name, AbsoluteAppPath] of [
    ['firefox', 'C:\\Program Files\\Mozilla Firefox\\firefox.exe'],
    ['notepadpp', 'C:\\Program Files\\Notepad++\\notepad++.exe'],
  ] as const) {
    await imageAssistant(server, 'add-application', { ImageBuilderName: builder, Name, AbsoluteAppPath });
  }
  const made = await imageAssistant(server, 'create-image', {
    ImageBuilderName: builder,
    Name: image,
    DisplayName: `${prefix} image`,
    Description: 'made by the pipeline',
    Tags: { pipeline: prefix },
  });
  assert.equal(made.Image.State, 'PENDING');

  // 3. Poll DescribeImages Names:[n] (Type PRIVATE, as Packer sends it) until AVAILABLE.
  trace.image = (
    await pollUntil(
      server,
      'image',
      async () => (await home.send(new DescribeImagesCommand({ Names: [image], Type: 'PRIVATE' }))).Images![0]!.State,
      ['AVAILABLE'],
      made.Image.State,
    )
  ).seen;
  const available = (await home.send(new DescribeImagesCommand({ Names: [image] }))).Images![0]!;
  assert.deepEqual(available.Applications!.map((a) => a.Name), ['firefox', 'notepadpp']);
  assert.equal(available.ImageBuilderName, builder);
  trace.builderAfter = (
    await pollUntil(
      server,
      'builder after snapshot',
      async () => (await home.send(new DescribeImageBuildersCommand({ Names: [builder] }))).ImageBuilders![0]!.State,
      ['STOPPED'],
    )
  ).seen;

  // 4. Copy to two regions and poll there. CopyImage answers only the name: each copy's reads
  // are checked against its schedule on the emulated clock (COPYING from its CreatedTime for one
  // transition, then AVAILABLE), the copy made during the call.
  const copyStarted = await emulatedNow(server);
  for (const region of COPY_REGIONS) {
    const out = await home.send(new CopyImageCommand({ SourceImageName: image, DestinationImageName: image, DestinationRegion: region }));
    assert.equal(out.DestinationImageName, image);
  }
  const copyAnswered = await emulatedNow(server);
  for (const region of COPY_REGIONS) {
    const there = client(region);
    const { reads } = await pollUntil(
      server,
      `copy in ${region}`,
      async () => (await there.send(new DescribeImagesCommand({ Names: [image], Type: 'PRIVATE' }))).Images![0]!.State,
      ['AVAILABLE'],
    );
    const copy = (await there.send(new DescribeImagesCommand({ Names: [image] }))).Images![0]!;
    assert.equal(copy.Arn, `arn:aws:appstream:${region}:${ACCOUNT}:image/${image}`);
    const createdMs = copy.CreatedTime!.getTime();
    assert.ok(createdMs >= copyStarted && createdMs <= copyAnswered, `the copy in ${region} was made by CopyImage (${copyStarted} <= ${createdMs} <= ${copyAnswered})`);
    trace[`copy-${region}`] = assertCopyFollowedClock(`copy in ${region}`, reads, createdMs);
  }

  // 5. Update the image to the latest agent (dry run first, as the sample does).
  const dry = await home.send(new CreateUpdatedImageCommand({ existingImageName: image, newImageName: `${image}-v2`, dryRun: true }));
  assert.equal(dry.canUpdateImage, true);
  const updated = await home.send(new CreateUpdatedImageCommand({ existingImageName: image, newImageName: `${image}-v2` }));
  assert.equal(updated.image!.State, 'CREATING');
  trace.updated = (
    await pollUntil(
      server,
      'updated image',
      async () => (await home.send(new DescribeImagesCommand({ Names: [`${image}-v2`] }))).Images![0]!.State,
      ['AVAILABLE'],
      updated.image!.State,
    )
  ).seen;

  // 6. Delete the old image and wait until it is gone; clean up the builder.
  const deleted = await home.send(new DeleteImageCommand({ Name: image }));
  assert.equal(deleted.Image!.State, 'DELETING');
  trace.deleted = (
    await pollUntil(
      server,
      'deleted image',
      async () => {
        try {
          return (await home.send(new DescribeImagesCommand({ Names: [image] }))).Images![0]!.State;
        } catch (e: any) {
          if (e.name === 'ResourceNotFoundException') return 'GONE';
          throw e;
        }
      },
      ['GONE'],
      deleted.Image!.State,
    )
  ).seen;
  await home.send(new DeleteImageBuilderCommand({ Name: builder }));
  return trace;
}

describe('the image pipeline (real seconds: transitionSeconds 1)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: TRANSITION_SECONDS });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    it(`runs end to end through the JS SDK over ${protocol}`, async () => {
      const trace = await runPipeline(server, protocol, `js-${protocol === 'awsJson1_1' ? 'json' : 'cbor'}`);
      assert.deepEqual(trace.builder, ['PENDING', 'RUNNING']);
      assert.deepEqual(trace.image, ['PENDING', 'AVAILABLE']);
      assert.equal(trace.builderAfter!.at(-1), 'STOPPED');
      // The copies: every read followed the copy's schedule on the clock (assertCopyFollowedClock).
      for (const region of COPY_REGIONS) assert.equal(trace[`copy-${region}`]!.at(-1), 'AVAILABLE');
      assert.deepEqual(trace.updated, ['CREATING', 'AVAILABLE']);
      assert.deepEqual(trace.deleted, ['DELETING', 'GONE']);
    });
  }

  it('runs end to end through boto3 (the Step Functions sample is Python)', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(
      server.url,
      `
import json, time, urllib.request
def ctl(step, body):
    body = dict(body, AccountId='${ACCOUNT}', Region='${HOME}')
    req = urllib.request.Request(sys.argv[1] + '/_appstream/image-assistant/' + step, data=json.dumps(body).encode(), method='POST')
    return json.loads(urllib.request.urlopen(req).read())
def now():
    return json.loads(urllib.request.urlopen(sys.argv[1] + '/_appstream/clock').read())['epochMillis']
def wait(read, done, what, first=None):
    seen, reads, start = ([first] if first else []), [], time.time()
    while True:
        before = now()
        s = read()
        reads.append([s, before, now()])
        if not seen or seen[-1] != s: seen.append(s)
        if s in done: return {'seen': seen, 'reads': reads}
        if s == 'FAILED' or time.time() - start > 30: raise Exception(what + ' ' + ' -> '.join(seen))
        time.sleep(0.25)
def in_region(r):
    return boto3.client('appstream', endpoint_url=sys.argv[1], region_name=r, aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4])
def image_state(c, n):
    try:
        return c.describe_images(Names=[n], Type='PRIVATE')['Images'][0]['State']
    except client.exceptions.ResourceNotFoundException:
        return 'GONE'
trace = {}
b = client.create_image_builder(Name='py-builder', ImageName='${BASE}', InstanceType='stream.standard.medium')['ImageBuilder']
trace['builder'] = wait(lambda: client.describe_image_builders(Names=['py-builder'])['ImageBuilders'][0]['State'], ['RUNNING'], 'builder', b['State'])['seen']
ctl('add-application', {'ImageBuilderName': 'py-builder', 'Name': 'firefox', 'AbsoluteAppPath': 'C:\\\\firefox.exe'})
made = ctl('create-image', {'ImageBuilderName': 'py-builder', 'Name': 'py-image'})['Image']
trace['image'] = wait(lambda: image_state(client, 'py-image'), ['AVAILABLE'], 'image', made['State'])['seen']
copy_started = now()
for r in ${JSON.stringify(COPY_REGIONS)}:
    client.copy_image(SourceImageName='py-image', DestinationImageName='py-image', DestinationRegion=r)
copy_answered = now()
for r in ${JSON.stringify(COPY_REGIONS)}:
    c = in_region(r)
    reads = wait(lambda: image_state(c, 'py-image'), ['AVAILABLE'], 'copy')['reads']
    created = round(c.describe_images(Names=['py-image'])['Images'][0]['CreatedTime'].timestamp() * 1000)
    trace['copy-' + r] = {'reads': reads, 'created': created}
trace['copyWindow'] = [copy_started, copy_answered]
assert client.create_updated_image(existingImageName='py-image', newImageName='py-image-v2', dryRun=True)['canUpdateImage']
u = client.create_updated_image(existingImageName='py-image', newImageName='py-image-v2')['image']
trace['updated'] = wait(lambda: image_state(client, 'py-image-v2'), ['AVAILABLE'], 'update', u['State'])['seen']
d = client.delete_image(Name='py-image')['Image']
trace['deleted'] = wait(lambda: image_state(client, 'py-image'), ['GONE'], 'delete', d['State'])['seen']
result = trace
`,
      { accountId: ACCOUNT },
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    const v = r.value as Record<string, any>;
    const [copyStarted, copyAnswered] = v['copyWindow'] as [number, number];
    for (const region of COPY_REGIONS) {
      const { reads, created } = v[`copy-${region}`] as { reads: [string, number, number][]; created: number };
      assert.ok(created >= copyStarted && created <= copyAnswered, `the copy in ${region} was made by copy_image (${copyStarted} <= ${created} <= ${copyAnswered})`);
      assertCopyFollowedClock(`boto3 copy in ${region}`, reads.map(([state, before, after]) => ({ state, before, after })), created);
      delete v[`copy-${region}`];
    }
    delete v['copyWindow'];
    assert.deepEqual(v, {
      builder: ['PENDING', 'RUNNING'],
      image: ['PENDING', 'AVAILABLE'],
      updated: ['CREATING', 'AVAILABLE'],
      deleted: ['DELETING', 'GONE'],
    });
  });
});
