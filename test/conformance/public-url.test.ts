// --public-url / publicUrl: the base of every URL the service hands out. Behind a load balancer
// the instance's own address (127.0.0.1 for --host 0.0.0.0) is not where clients reach it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateImageBuilderStreamingURLCommand, CreateStackCommand, CreateThemeForStackCommand } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, type ChildServer } from '../support/process.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const RUNNING_BUILDER = {
  imageBuilders: [{ AccountId: OWNER, Region: 'us-east-1', Name: 'b1', ImageName: 'AppStream-WinServer2022-11-10-2025', InstanceType: 'stream.standard.medium', State: 'RUNNING' }],
};

async function streamingUrl(url: string): Promise<string> {
  return (await appStreamClient(url).send(new CreateImageBuilderStreamingURLCommand({ Name: 'b1' }))).StreamingURL!;
}

describe('publicUrl (in-process)', () => {
  let behind: RunningServer;
  let plain: RunningServer;
  before(async () => {
    behind = await startTestServer({ host: '0.0.0.0', publicUrl: 'https://appstream.example.com:8443/' });
    plain = await startTestServer({ host: '0.0.0.0' });
    await seedOk(behind.url, RUNNING_BUILDER);
    await seedOk(plain.url, RUNNING_BUILDER);
  });
  after(async () => {
    await behind?.close();
    await plain?.close();
  });

  it('the streaming URL starts with the public URL, not the listening address', async () => {
    assert.equal(behind.publicUrl, 'https://appstream.example.com:8443');
    assert.match(behind.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const url = await streamingUrl(behind.url);
    assert.match(url, /^https:\/\/appstream\.example\.com:8443\/_appstream\/authenticate\?parameters=[^&]+&signature=[^&]+$/);
    // The path behind the public URL is the one this instance serves (a balancer forwards it);
    // it redirects to a path (no host), so the browser stays on the public URL.
    const opened = await fetch(behind.url + new URL(url).pathname + new URL(url).search, { redirect: 'manual' });
    assert.equal(opened.status, 302);
    assert.match(opened.headers.get('location')!, /^\/_appstream\/console\/streaming\/[^/]+$/);
    const page = await fetch(behind.url + opened.headers.get('location'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  it("a theme's logo and favicon URLs start with the public URL, and this instance serves their paths", async () => {
    const c = appStreamClient(behind.url);
    await c.send(new CreateStackCommand({ Name: 'branded' }));
    const S3 = { S3Bucket: 'brand', S3Key: 'x.png' };
    const { Theme } = await c.send(new CreateThemeForStackCommand({ StackName: 'branded', TitleText: 'Portal', ThemeStyling: 'BLUE', OrganizationLogoS3Location: S3, FaviconS3Location: S3 }));
    for (const [url, image] of [[Theme!.ThemeOrganizationLogoURL!, 'logo'], [Theme!.ThemeFaviconURL!, 'favicon']] as const) {
      assert.equal(url, `https://appstream.example.com:8443/_appstream/console/theme-image/${OWNER}/us-east-1/branded/${image}`);
      const res = await fetch(behind.url + new URL(url).pathname);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    }
  });

  it('without it, the listening address (0.0.0.0 shows as 127.0.0.1)', async () => {
    assert.equal(plain.publicUrl, plain.url);
    assert.ok((await streamingUrl(plain.url)).startsWith(`${plain.url}/_appstream/authenticate?parameters=`));
  });
});

describe('--public-url (the real CLI behind --host 0.0.0.0)', () => {
  let child: ChildServer;
  before(async () => {
    child = await startChildServer(['--in-memory', '--host', '0.0.0.0', '--public-url', 'http://lb.example:8080']);
    await seedOk(child.url, RUNNING_BUILDER);
  });
  after(() => child?.stop());

  it('the ready line links the console at the public URL; the streaming URL does not say 127.0.0.1', async () => {
    assert.match(child.stdout(), / console: http:\/\/lb\.example:8080\/_appstream\/console\n/);
    const url = await streamingUrl(child.url);
    assert.ok(url.startsWith('http://lb.example:8080/_appstream/authenticate?parameters='), url);
    assert.doesNotMatch(url, /127\.0\.0\.1|0\.0\.0\.0/);
  });
});
