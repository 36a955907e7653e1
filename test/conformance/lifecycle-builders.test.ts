// Image builders through real clients (JS SDK v3 in both protocols): every operation's happy
// path, the states with transitionSeconds 0, paging, every modeled error, failures on purpose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateImageBuilderCommand,
  CreateImageBuilderStreamingURLCommand,
  DeleteImageBuilderCommand,
  DescribeImageBuildersCommand,
  ListTagsForResourceCommand,
  StartImageBuilderCommand,
  StopImageBuilderCommand,
  UpdateImagePermissionsCommand,
  type AppStreamClient,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { verifyStreamingToken } from '../../src/service/image-builders/streaming-token.js';
import { assertBuilderUrl, forgedUrl, openWithoutFollowing } from '../support/streaming.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import { rejectsWith } from '../support/assertions.js';
import { control } from '../support/control.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';
const BASE_DATE_VERSION = '11-10-2025';

const builderInput = (Name: string, extra: Record<string, unknown> = {}) => ({
  Name,
  ImageName: BASE,
  InstanceType: 'stream.standard.medium',
  ...extra,
});

for (const protocol of PROTOCOLS) {
  describe(`image builders over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    before(async () => {
      server = await startTestServer({ transitionSeconds: 0 });
      c = appStreamClient(server.url, protocol);
    });
    after(() => server.close());

    it('CreateImageBuilder answers PENDING; the next read sees RUNNING', async () => {
      const out = await c.send(
        new CreateImageBuilderCommand(
          builderInput('b-main', { DisplayName: 'Main', Description: 'the main one', Tags: { team: 'imaging' }, EnableDefaultInternetAccess: true }),
        ),
      );
      const b = out.ImageBuilder!;
      assert.equal(b.Name, 'b-main');
      assert.equal(b.State, 'PENDING');
      assert.equal(b.Arn, 'arn:aws:appstream:us-east-1:111111111111:image-builder/b-main');
      assert.equal(b.ImageArn, `arn:aws:appstream:us-east-1::image/${BASE}`);
      assert.equal(b.Platform, 'WINDOWS_SERVER_2022');
      assert.equal(b.InstanceType, 'stream.standard.medium');
      assert.equal(b.DisplayName, 'Main');
      assert.equal(b.Description, 'the main one');
      assert.equal(b.EnableDefaultInternetAccess, true);
      assert.equal(b.AppstreamAgentVersion, BASE_DATE_VERSION);
      assert.equal(b.LatestAppstreamAgentVersion, 'FALSE');
      assert.ok(b.CreatedTime instanceof Date);
      const [now] = (await c.send(new DescribeImageBuildersCommand({ Names: ['b-main'] }))).ImageBuilders!;
      assert.equal(now!.State, 'RUNNING');
      assert.match(now!.NetworkAccessConfiguration?.EniId ?? '', /^eni-[0-9a-f]+$/);
      const tags = await c.send(new ListTagsForResourceCommand({ ResourceArn: b.Arn }));
      assert.deepEqual(tags.Tags, { team: 'imaging' });
    });

    it('AppstreamAgentVersion LATEST gives the newest agent', async () => {
      const b = (await c.send(new CreateImageBuilderCommand(builderInput('b-latest', { AppstreamAgentVersion: 'LATEST' })))).ImageBuilder!;
      assert.equal(b.LatestAppstreamAgentVersion, 'TRUE');
      await c.send(new DeleteImageBuilderCommand({ Name: 'b-latest' }));
    });

    it('Stop: STOPPING, then STOPPED; Start: PENDING, then RUNNING', async () => {
      const stopped = await c.send(new StopImageBuilderCommand({ Name: 'b-main' }));
      assert.equal(stopped.ImageBuilder!.State, 'STOPPING');
      assert.equal((await c.send(new DescribeImageBuildersCommand({ Names: ['b-main'] }))).ImageBuilders![0]!.State, 'STOPPED');
      const started = await c.send(new StartImageBuilderCommand({ Name: 'b-main', AppstreamAgentVersion: 'LATEST' }));
      assert.equal(started.ImageBuilder!.State, 'PENDING');
      assert.equal(started.ImageBuilder!.LatestAppstreamAgentVersion, 'TRUE');
      assert.equal((await c.send(new DescribeImageBuildersCommand({ Names: ['b-main'] }))).ImageBuilders![0]!.State, 'RUNNING');
    });

    it('wrong states answer the modeled error naming the state', async () => {
      await rejectsWith(
        c.send(new StartImageBuilderCommand({ Name: 'b-main' })),
        'ResourceNotAvailableException',
        'The image builder b-main is RUNNING. The image builder must be in a STOPPED state for this action to succeed.',
      );
      await c.send(new StopImageBuilderCommand({ Name: 'b-main' }));
      await rejectsWith(
        c.send(new StopImageBuilderCommand({ Name: 'b-main' })),
        'OperationNotPermittedException',
        'The image builder b-main is STOPPED. The image builder must be in a RUNNING state for this action to succeed.',
      );
      await rejectsWith(
        c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'b-main' })),
        'OperationNotPermittedException',
        /^The image builder b-main is STOPPED\./,
      );
      await c.send(new StartImageBuilderCommand({ Name: 'b-main' }));
    });

    it("CreateImageBuilderStreamingURL: AWS's ADMIN URL, valid for Validity seconds (default 3600), that opens the Image Assistant", async () => {
      const before = Date.now();
      const out = await c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'b-main' }));
      assertBuilderUrl(out.StreamingURL!, server.url, { account: '111111111111', ref: 'image-builder/b-main', expires: out.Expires! });
      const expires = out.Expires!.getTime();
      assert.ok(Math.abs(expires - before - 3600_000) < 5_000, `Expires ${out.Expires!.toISOString()}`);
      // Opened: a redirect to the builder's Image Assistant page, whose token is the builder's grant.
      const opened = await openWithoutFollowing(out.StreamingURL!);
      assert.equal(opened.status, 302);
      assert.match(opened.location!, /^\/_appstream\/console\/streaming\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const grant = await verifyStreamingToken(opened.location!.split('/').pop()!, server.service);
      assert.deepEqual(
        { ...grant, expiresMs: undefined },
        { accountId: '111111111111', region: 'us-east-1', imageBuilderName: 'b-main', expiresMs: undefined },
      );
      assert.equal(grant!.expiresMs, expires);
      const page = await fetch(out.StreamingURL!);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Image Assistant/);
      // Forged: refused with the error page.
      const forged = await fetch(forgedUrl(out.StreamingURL!));
      assert.equal(forged.status, 403);
      assert.match(await forged.text(), /This streaming URL is not valid/);
      const short = await c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'b-main', Validity: 60 }));
      assert.ok(Math.abs(short.Expires!.getTime() - Date.now() - 60_000) < 5_000);
      // The model gives Validity no range: AWS's documented one, in the protocol's value-constraint form.
      await rejectsWith(
        c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'b-main', Validity: 0 })),
        'ValidationException',
        "1 validation error detected: Value '0' at 'validity' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    it('unknown builders: ResourceNotFoundException everywhere', async () => {
      const msg = 'The image builder nope for account 111111111111 does not exist.';
      await rejectsWith(c.send(new StartImageBuilderCommand({ Name: 'nope' })), 'ResourceNotFoundException', msg);
      await rejectsWith(c.send(new StopImageBuilderCommand({ Name: 'nope' })), 'ResourceNotFoundException', msg);
      await rejectsWith(c.send(new DeleteImageBuilderCommand({ Name: 'nope' })), 'ResourceNotFoundException', msg);
      await rejectsWith(c.send(new CreateImageBuilderStreamingURLCommand({ Name: 'nope' })), 'ResourceNotFoundException', msg);
      await rejectsWith(c.send(new DescribeImageBuildersCommand({ Names: ['b-main', 'nope'] })), 'ResourceNotFoundException', msg);
    });

    it('Delete: DELETING, then gone; the name is free again', async () => {
      await c.send(new CreateImageBuilderCommand(builderInput('b-temp', { Tags: { k: 'v' } })));
      const out = await c.send(new DeleteImageBuilderCommand({ Name: 'b-temp' }));
      assert.equal(out.ImageBuilder!.State, 'DELETING');
      await rejectsWith(c.send(new DescribeImageBuildersCommand({ Names: ['b-temp'] })), 'ResourceNotFoundException');
      const all = (await c.send(new DescribeImageBuildersCommand({}))).ImageBuilders!.map((b) => b.Name);
      assert.ok(!all.includes('b-temp'));
      const again = await c.send(new CreateImageBuilderCommand(builderInput('b-temp')));
      assert.equal(again.ImageBuilder!.State, 'PENDING');
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: again.ImageBuilder!.Arn }))).Tags ?? {}, {});
      await c.send(new DeleteImageBuilderCommand({ Name: 'b-temp' }));
    });

    it('CreateImageBuilder: exactly one of ImageName or ImageArn', async () => {
      const msg = 'Exactly one of ImageName or ImageArn must be specified.';
      await rejectsWith(
        c.send(new CreateImageBuilderCommand({ Name: 'x1', InstanceType: 'stream.standard.small' })),
        'InvalidParameterCombinationException',
        msg,
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x1', { ImageArn: `arn:aws:appstream:us-east-1::image/${BASE}` }))),
        'InvalidParameterCombinationException',
        msg,
      );
    });

    it('CreateImageBuilder by public ARN', async () => {
      const out = await c.send(
        new CreateImageBuilderCommand({ Name: 'b-arn', ImageArn: `arn:aws:appstream:us-east-1::image/${BASE}`, InstanceType: 'stream.compute.large' }),
      );
      assert.equal(out.ImageBuilder!.ImageArn, `arn:aws:appstream:us-east-1::image/${BASE}`);
      await c.send(new DeleteImageBuilderCommand({ Name: 'b-arn' }));
    });

    it('CreateImageBuilder: missing, deprecated and foreign-region images', async () => {
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x2', { ImageName: 'no-such-image' }))),
        'ResourceNotFoundException',
        'The image no-such-image for account 111111111111 does not exist.',
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x2', { ImageName: 'AppStream-WinServer2012R2-07-19-2021' }))),
        'ResourceNotAvailableException',
        'The image AppStream-WinServer2012R2-07-19-2021 is DEPRECATED. The image must be in an AVAILABLE state for this action to succeed.',
      );
      await rejectsWith(
        c.send(
          new CreateImageBuilderCommand({ Name: 'x2', ImageArn: `arn:aws:appstream:eu-west-1::image/${BASE}`, InstanceType: 'stream.standard.small' }),
        ),
        'ResourceNotFoundException',
      );
    });

    it('CreateImageBuilder: name taken', async () => {
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('b-main'))),
        'ResourceAlreadyExistsException',
        'The image builder b-main already exists.',
      );
    });

    it('CreateImageBuilder: instance types AppStream does not have, or the image cannot run', async () => {
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x3', { InstanceType: 'stream.standard.huge' }))),
        'InvalidParameterCombinationException',
        'The instance type stream.standard.huge is not supported by AppStream 2.0.',
      );
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x3', { InstanceType: 'm5.large' }))),
        'InvalidParameterCombinationException',
      );
      // AWS's text and code for a type of another family (issue 17; SPEC-rest §1.2).
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x3', { InstanceType: 'stream.graphics.g4dn.xlarge' }))),
        'InvalidParameterCombinationException',
        'The combination of instance type stream.graphics.g4dn.xlarge and image instance family GENERAL_PURPOSE is not supported. Select an image that belongs to image instance family supported by this instance type.',
      );
      const g4 = await c.send(
        new CreateImageBuilderCommand(
          builderInput('b-g4', { ImageName: 'AppStream-Graphics-G4dn-WinServer2022-11-10-2025', InstanceType: 'stream.graphics.g4dn.xlarge' }),
        ),
      );
      assert.equal(g4.ImageBuilder!.State, 'PENDING');
      await c.send(new DeleteImageBuilderCommand({ Name: 'b-g4' }));
    });

    it('CreateImageBuilder: an IAM role ARN that is not a role: InvalidRoleException', async () => {
      await rejectsWith(
        c.send(new CreateImageBuilderCommand(builderInput('x4', { IamRoleArn: 'arn:aws:iam::111111111111:user/bob' }))),
        'InvalidRoleException',
      );
      const ok = await c.send(
        new CreateImageBuilderCommand(builderInput('b-role', { IamRoleArn: 'arn:aws:iam::111111111111:role/AppStreamBuilder' })),
      );
      assert.equal(ok.ImageBuilder!.IamRoleArn, 'arn:aws:iam::111111111111:role/AppStreamBuilder');
      await c.send(new DeleteImageBuilderCommand({ Name: 'b-role' }));
    });

    it('DescribeImageBuilders pages with the shared paginator (NextToken absent on the last page)', async () => {
      const names = ['p-a', 'p-b', 'p-c'];
      for (const n of names) await c.send(new CreateImageBuilderCommand(builderInput(n)));
      const first = await c.send(new DescribeImageBuildersCommand({ MaxResults: 2 }));
      assert.equal(first.ImageBuilders!.length, 2);
      assert.ok(first.NextToken);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await c.send(new DescribeImageBuildersCommand({ MaxResults: 2, NextToken: token }));
        assert.ok(page.ImageBuilders!.length <= 2);
        seen.push(...page.ImageBuilders!.map((b) => b.Name!));
        token = page.NextToken;
        assert.notEqual(token, '');
      } while (token);
      assert.deepEqual(seen, [...seen].sort());
      for (const n of ['b-main', ...names]) assert.ok(seen.includes(n), n);
      const byName = await c.send(new DescribeImageBuildersCommand({ Names: ['p-c', 'p-a'], MaxResults: 1 }));
      assert.deepEqual(byName.ImageBuilders!.map((b) => b.Name), ['p-a']);
      const next = await c.send(new DescribeImageBuildersCommand({ Names: ['p-c', 'p-a'], MaxResults: 1, NextToken: byName.NextToken }));
      assert.deepEqual(next.ImageBuilders!.map((b) => b.Name), ['p-c']);
      assert.equal(next.NextToken, undefined);
      await assert.rejects(c.send(new DescribeImageBuildersCommand({ NextToken: 'forged.token' })), (e: any) => e.name === 'ValidationException');
      for (const n of names) await c.send(new DeleteImageBuilderCommand({ Name: n }));
    });

    it('another account sees none of these builders', async () => {
      const other = appStreamClient(server.url, protocol, { accountId: '222222222222' });
      assert.deepEqual((await other.send(new DescribeImageBuildersCommand({}))).ImageBuilders, []);
      await rejectsWith(other.send(new StopImageBuilderCommand({ Name: 'b-main' })), 'ResourceNotFoundException');
    });
  });
}

describe('image builder quotas, shared images and failures on purpose', () => {
  let server: RunningServer;
  let c: AppStreamClient;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0, quotas: { images: 10, imageBuilders: 2, sharedAccountsPerImage: 100 } });
    c = appStreamClient(server.url);
  });
  after(() => server.close());

  it('the builder quota: LimitExceededException beyond it; deleted builders do not count', async () => {
    await c.send(new CreateImageBuilderCommand(builderInput('q1')));
    await c.send(new CreateImageBuilderCommand(builderInput('q2')));
    await rejectsWith(
      c.send(new CreateImageBuilderCommand(builderInput('q3'))),
      'LimitExceededException',
      'The maximum number of image builders (2) for account 111111111111 in us-east-1 has been reached.',
    );
    // Another region and another account have their own quota.
    await appStreamClient(server.url, 'awsJson1_1', { region: 'eu-west-1' }).send(new CreateImageBuilderCommand(builderInput('q3')));
    await c.send(new DeleteImageBuilderCommand({ Name: 'q2' }));
    await c.send(new CreateImageBuilderCommand(builderInput('q3')));
    await c.send(new DeleteImageBuilderCommand({ Name: 'q3' }));
  });

  it('shared images: by ARN with allowImageBuilder only; by name never', async () => {
    // Account A makes an image from q1 and shares it with B.
    const made = await control(server, '/image-assistant/create-image', {
      AccountId: '111111111111',
      Region: 'us-east-1',
      ImageBuilderName: 'q1',
      Name: 'golden',
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const arn = 'arn:aws:appstream:us-east-1:111111111111:image/golden';
    const b = appStreamClient(server.url, 'awsJson1_1', { accountId: '222222222222' });
    await rejectsWith(
      b.send(new CreateImageBuilderCommand({ Name: 'sb', ImageArn: arn, InstanceType: 'stream.standard.small' })),
      'ResourceNotFoundException',
      // Named by ARN: the ARN's account (issue 17).
      'The image golden for account 111111111111 does not exist.',
    );
    await c.send(
      new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: '222222222222', ImagePermissions: { allowFleet: true, allowImageBuilder: false } }),
    );
    await rejectsWith(
      b.send(new CreateImageBuilderCommand({ Name: 'sb', ImageArn: arn, InstanceType: 'stream.standard.small' })),
      'OperationNotPermittedException',
      'The image golden is not shared with account 222222222222 for use with image builders.',
    );
    await c.send(
      new UpdateImagePermissionsCommand({ Name: 'golden', SharedAccountId: '222222222222', ImagePermissions: { allowFleet: true, allowImageBuilder: true } }),
    );
    await rejectsWith(
      b.send(new CreateImageBuilderCommand({ Name: 'sb', ImageName: 'golden', InstanceType: 'stream.standard.small' })),
      'ResourceNotFoundException',
      'The image golden for account 222222222222 does not exist.',
    );
    const out = await b.send(new CreateImageBuilderCommand({ Name: 'sb', ImageArn: arn, InstanceType: 'stream.standard.small' }));
    assert.equal(out.ImageBuilder!.ImageArn, arn);
    assert.equal(out.ImageBuilder!.Platform, 'WINDOWS_SERVER_2022');
  });

  it('a failure rule makes the next CreateImageBuilder end FAILED with its reason and errors', async () => {
    await c.send(new DeleteImageBuilderCommand({ Name: 'q1' }));
    const rule = await control(server, '/failures', { Operation: 'CreateImageBuilder', AccountId: '111111111111' });
    assert.equal(rule.status, 200);
    assert.deepEqual(rule.body.FailureRules.map((r: any) => [r.Operation, r.AccountId, r.Remaining]), [['CreateImageBuilder', '111111111111', 1]]);
    // Another account is not affected by an account's rule.
    const other = appStreamClient(server.url, 'awsJson1_1', { accountId: '333333333333' });
    await other.send(new CreateImageBuilderCommand(builderInput('fine')));
    assert.equal((await other.send(new DescribeImageBuildersCommand({ Names: ['fine'] }))).ImageBuilders![0]!.State, 'RUNNING');
    const created = await c.send(new CreateImageBuilderCommand(builderInput('f1')));
    assert.equal(created.ImageBuilder!.State, 'PENDING');
    assert.equal(created.ImageBuilder!.StateChangeReason, undefined);
    const failed = (await c.send(new DescribeImageBuildersCommand({ Names: ['f1'] }))).ImageBuilders![0]!;
    assert.equal(failed.State, 'FAILED');
    assert.equal(failed.StateChangeReason?.Code, 'INTERNAL_ERROR');
    assert.equal(failed.ImageBuilderErrors?.[0]?.ErrorCode, 'INTERNAL_SERVICE_ERROR');
    assert.ok(failed.ImageBuilderErrors?.[0]?.ErrorTimestamp instanceof Date);
    assert.deepEqual((await control(server, '/failures', undefined, 'GET')).body.FailureRules, []);
    // A FAILED builder cannot start or stream, and can be deleted.
    await rejectsWith(c.send(new StartImageBuilderCommand({ Name: 'f1' })), 'ResourceNotAvailableException', /is FAILED/);
    await c.send(new DeleteImageBuilderCommand({ Name: 'f1' }));
  });

  it('a failure rule for StartImageBuilder (any account)', async () => {
    await c.send(new CreateImageBuilderCommand(builderInput('s1')));
    await c.send(new StopImageBuilderCommand({ Name: 's1' }));
    await control(server, '/failures', { Operation: 'StartImageBuilder' });
    const started = await c.send(new StartImageBuilderCommand({ Name: 's1' }));
    assert.equal(started.ImageBuilder!.State, 'PENDING');
    const failed = (await c.send(new DescribeImageBuildersCommand({ Names: ['s1'] }))).ImageBuilders![0]!;
    assert.equal(failed.State, 'FAILED');
    assert.match(failed.StateChangeReason?.Message ?? '', /could not be started/);
  });

  it('failure rules: bad requests are 400 in the API envelope; DELETE clears them', async () => {
    const bad = await control(server, '/failures', { Operation: 'DescribeImages' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.__type, 'InvalidRequestException');
    assert.equal((await control(server, '/failures', { Operation: 'CopyImage', Count: 0 })).status, 400);
    assert.equal((await control(server, '/failures', { Operation: 'CopyImage', AccountId: '12' })).status, 400);
    await control(server, '/failures', { Operation: 'CopyImage', Count: 3 });
    assert.equal((await control(server, '/failures', undefined, 'GET')).body.FailureRules[0].Remaining, 3);
    const cleared = await control(server, '/failures', undefined, 'DELETE');
    assert.deepEqual(cleared.body.FailureRules, []);
  });
});
