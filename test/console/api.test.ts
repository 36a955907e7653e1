// The console's JSON API (no browser): it runs operations as the AWS API does (validated by the
// model, AWS's error envelope), pages filtered image lists with DescribeImages' own tokens,
// serves only its own assets, and keeps the control token's guard on everything with data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from '../../src/index.js';
import { startTestServer } from '../support/server.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

describe('console API', () => {
  let server: RunningServer;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const call = (Operation: string, Input: unknown, AccountId = ACCOUNT) =>
    post('/_appstream/console/api/call', { AccountId, Region: REGION, Operation, Input });

  before(async () => {
    server = await startTestServer();
    const images = Array.from({ length: 30 }, (_, i) => ({
      AccountId: ACCOUNT,
      Region: REGION,
      Name: `img-${String(i).padStart(2, '0')}`,
      BaseImageName: i % 3 === 0 ? 'AppStream-RHEL8-08-31-2026' : 'AppStream-WinServer2022-11-10-2025',
    }));
    const seeded = await post('/_appstream/seed', { images });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
  });
  after(() => server.close());

  test('runs an operation as the API does', async () => {
    const out = await call('DescribeImages', { Names: ['img-01'] });
    assert.equal(out.status, 200);
    const images = out.body.Images as { Name: string; CreatedTime: unknown }[];
    assert.equal(images[0]!.Name, 'img-01');
    assert.equal(typeof images[0]!.CreatedTime, 'number', 'timestamps as epoch seconds, as awsJson1_1 sends them');
  });

  test('errors in the API envelope: validation, modeled, unknown, bad caller (every operation is served: none answers 501)', async () => {
    const invalid = await call('DescribeImages', { MaxResults: 30 });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.__type, 'ValidationException');
    assert.match(String(invalid.body.message), /maxResults/);
    const missing = await call('DescribeImages', { Names: ['nope'] });
    assert.deepEqual([missing.status, missing.body.__type], [404, 'ResourceNotFoundException']);
    const unknown = await call('LaunchRockets', {});
    assert.deepEqual([unknown.status, unknown.body.__type], [400, 'UnknownOperationException']);
    const badAccount = await call('DescribeImages', {}, '12');
    assert.deepEqual([badAccount.status, badAccount.body.__type], [400, 'InvalidRequestException']);
  });

  test('filtered pages follow DescribeImages tokens and never hold more than a page', async () => {
    const page = (body: Record<string, unknown>) => post('/_appstream/console/api/images', { AccountId: ACCOUNT, Region: REGION, Type: 'PRIVATE', ...body });
    const first = await page({ PageSize: 25 });
    assert.equal((first.body.Images as unknown[]).length, 25);
    assert.equal(typeof first.body.NextToken, 'string');
    const second = await page({ PageSize: 25, NextToken: first.body.NextToken });
    assert.deepEqual((second.body.Images as { Name: string }[]).map((i) => i.Name), ['img-25', 'img-26', 'img-27', 'img-28', 'img-29']);
    assert.equal(second.body.NextToken, undefined);

    // A platform filter: only RHEL 8 (every third image), in pages of 4, all of them once.
    const names: string[] = [];
    let token: unknown;
    do {
      const out = await page({ PageSize: 4, Platform: 'RHEL8', ...(token ? { NextToken: token } : {}) });
      const images = out.body.Images as { Name: string; Platform: string }[];
      assert.ok(images.length <= 4);
      assert.ok(images.every((i) => i.Platform === 'RHEL8'));
      names.push(...images.map((i) => i.Name));
      token = out.body.NextToken;
    } while (token);
    assert.deepEqual(names, Array.from({ length: 10 }, (_, i) => `img-${String(i * 3).padStart(2, '0')}`));

    const text = await page({ Text: 'IMG-1' });
    assert.equal((text.body.Images as unknown[]).length, 10);
  });

  test('serves its own assets only', async () => {
    const css = await fetch(`${server.url}/_appstream/console/assets/console.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const page = await fetch(`${server.url}/_appstream/console`);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    for (const path of ['assets/..%2F..%2F..%2Fpackage.json', 'assets/nope.js', 'assets/console-routes.ts']) {
      const res = await fetch(`${server.url}/_appstream/console/${path}`);
      assert.equal(res.status, 404, path);
    }
  });

  test('a control token guards the data routes, not the pages; streaming routes need a valid URL token', async () => {
    const guarded = await startTestServer({ controlToken: 'sekrit' });
    try {
      assert.equal((await fetch(`${guarded.url}/_appstream/console`)).status, 200);
      const noToken = await fetch(`${guarded.url}/_appstream/console/api/call`, { method: 'POST', body: '{}' });
      assert.equal(noToken.status, 401);
      const withToken = await fetch(`${guarded.url}/_appstream/console/api/call`, {
        method: 'POST',
        headers: { authorization: 'Bearer sekrit' },
        body: JSON.stringify({ AccountId: ACCOUNT, Region: REGION, Operation: 'DescribeImages', Input: { Type: 'PUBLIC', MaxResults: 1 } }),
      });
      assert.equal(withToken.status, 200);
      const forged = await fetch(`${guarded.url}/_appstream/console/streaming/eyJhIjoxfQ.AAAA/add-application`, { method: 'POST', body: '{}' });
      assert.equal(forged.status, 403);
      assert.equal(((await forged.json()) as { __type: string }).__type, 'UnauthorizedException');
      const garbage = await fetch(`${guarded.url}/_appstream/console/streaming/not-a-token`);
      assert.equal(garbage.status, 403);
      assert.match(await garbage.text(), /This streaming URL is not valid/);
      const malformed = await fetch(`${guarded.url}/_appstream/console/streaming/%E0%A4%A`);
      assert.equal(malformed.status, 404);
    } finally {
      await guarded.close();
    }
  });
});
