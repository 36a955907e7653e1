// The image lifecycle through the AWS CLI: create, page (--page-size / --max-items), copy, delete,
// and an error as the CLI prints it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/index.js';
import { awsCliSkipReason, runAwsCli } from '../support/python.js';
import { startTestServer } from '../support/server.js';
import { assertBuilderUrl } from '../support/streaming.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';

describe('the image lifecycle through the AWS CLI', { skip: awsCliSkipReason() }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
  });
  after(() => server.close());

  it('create-image-builder, describe-image-builders with paging, stop, delete', async () => {
    for (const name of ['cli-a', 'cli-b', 'cli-c']) {
      const r = await runAwsCli(server.url, ['create-image-builder', '--name', name, '--image-name', BASE, '--instance-type', 'stream.standard.small']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((r.json as any).ImageBuilder.State, 'PENDING');
    }
    const all = await runAwsCli(server.url, ['describe-image-builders', '--page-size', '2']);
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual((all.json as any).ImageBuilders.map((b: any) => [b.Name, b.State]), [
      ['cli-a', 'RUNNING'],
      ['cli-b', 'RUNNING'],
      ['cli-c', 'RUNNING'],
    ]);
    const some = await runAwsCli(server.url, ['describe-image-builders', '--max-items', '2', '--page-size', '1']);
    assert.equal((some.json as any).ImageBuilders.length, 2);
    assert.ok((some.json as any).NextToken);
    const stop = await runAwsCli(server.url, ['stop-image-builder', '--name', 'cli-a']);
    assert.equal((stop.json as any).ImageBuilder.State, 'STOPPING');
    const del = await runAwsCli(server.url, ['delete-image-builder', '--name', 'cli-a']);
    assert.equal((del.json as any).ImageBuilder.State, 'DELETING');
  });

  it('errors print the code and AWS message', async () => {
    const r = await runAwsCli(server.url, ['create-image-builder', '--name', 'x', '--image-name', 'AppStream-WinServer2012R2-07-19-2021', '--instance-type', 'stream.standard.small']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ResourceNotAvailableException/);
    assert.match(r.stderr, /The image AppStream-WinServer2012R2-07-19-2021 is DEPRECATED\. The image must be in an AVAILABLE state for this action to succeed\./);
    const stream = await runAwsCli(server.url, ['create-image-builder-streaming-url', '--name', 'cli-b', '--validity', '300']);
    assert.equal(stream.status, 0, stream.stderr);
    const { StreamingURL, Expires } = stream.json as { StreamingURL: string; Expires: string | number };
    assertBuilderUrl(StreamingURL, server.url, { account: '111111111111', ref: 'image-builder/cli-b', expires: new Date(typeof Expires === 'number' ? Expires * 1000 : Expires) });
  });
});
