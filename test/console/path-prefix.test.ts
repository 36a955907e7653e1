// The console behind a proxy that serves the emulator under a path prefix (`--public-url
// http://host/appstream`, the proxy stripping `/appstream`): every page, asset, API call,
// redirect and link goes through the prefix, and nothing is asked for outside it.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CreateImageBuilderCommand, CreateImageBuilderStreamingURLCommand } from '@aws-sdk/client-appstream';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/index.js';
import { chromiumMissing, openConsolePage } from '../support/browser.js';
import { appStreamClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';

const skip = chromiumMissing;
const PREFIX = '/appstream';
const OWNER = '111111111111';
const REGION = 'us-east-1';

/** A reverse proxy that passes `PREFIX/...` on as `/...` and answers 404 to anything else. */
function prefixProxy(target: () => string): Promise<{ url: string; outside: string[]; close(): Promise<void> }> {
  const outside: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (!path.startsWith(`${PREFIX}/`)) {
      outside.push(`${req.method} ${path}`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('outside the prefix');
      return;
    }
    const upstream = new URL(target());
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: path.slice(PREFIX.length), headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, outside, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

describe('the console under a path prefix', { skip, timeout: 60_000 }, () => {
  let server: RunningServer;
  let proxy: Awaited<ReturnType<typeof prefixProxy>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failed: string[] = [];

  before(async () => {
    proxy = await prefixProxy(() => server.url);
    server = await startTestServer({ publicUrl: `${proxy.url}${PREFIX}` });
    ({ browser, page } = await openConsolePage(pageErrors));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await proxy?.close();
  });

  test('the console, its assets and its API calls go through the prefix', async () => {
    await page.goto(`${proxy.url}${PREFIX}/_appstream/console/#/images/public?account=${OWNER}&region=${REGION}`);
    // The public catalogue's first page, read through the console's API under the prefix.
    await page.getByRole('table', { name: 'Public images' }).locator('tbody tr').first().waitFor();
    // The stylesheet came through the prefix (a page without it has the browser's default font size).
    assert.equal(await page.evaluate(() => document.styleSheets.length), 1);
    await page.getByRole('button', { name: 'Advance clock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Advance the clock' });
    await dialog.getByLabel('Seconds to advance').fill('60');
    await dialog.getByRole('button', { name: 'Advance' }).click();
    await page.getByRole('status').getByText('Clock advanced by 60 seconds.').waitFor();
    assert.deepEqual(proxy.outside, []);
    assert.deepEqual(failed, []);
    assert.deepEqual(pageErrors, []);
  });

  test("a builder's streaming URL redirects under the prefix, and its page works there", async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER, region: REGION });
    await client.send(new CreateImageBuilderCommand({ Name: 'b-prefixed', ImageName: 'AppStream-WinServer2022-11-10-2025', InstanceType: 'stream.standard.medium' }));
    await fetch(`${server.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 60 }) });
    const { StreamingURL } = await client.send(new CreateImageBuilderStreamingURLCommand({ Name: 'b-prefixed', Validity: 600 }));
    assert.ok(StreamingURL?.startsWith(`${proxy.url}${PREFIX}/_appstream/authenticate?`), StreamingURL);
    // The redirect names the prefix of the public URL (a browser, curl -L or an SDK's client follows it).
    const opened = await fetch(StreamingURL!, { redirect: 'manual' });
    assert.equal(opened.status, 302);
    assert.match(opened.headers.get('location') ?? '', new RegExp(`^${PREFIX}/_appstream/console/streaming/[^/]+$`));
    await page.goto(StreamingURL!);
    await page.getByRole('heading', { name: /Image Assistant/ }).waitFor();
    assert.ok(page.url().startsWith(`${proxy.url}${PREFIX}/_appstream/console/streaming/`), page.url());
    await page.getByLabel('Application name').fill('notepad');
    await page.getByLabel('Application display name').fill('Notepad');
    await page.getByLabel('Absolute app path').fill('C:\\Windows\\System32\\notepad.exe');
    await page.getByRole('button', { name: 'Add application' }).click();
    await page.getByRole('status').getByText('Application notepad was added').waitFor();
    // The brand link leads back to the console, under the prefix.
    assert.equal(await page.getByRole('link', { name: /appstream-local/ }).first().getAttribute('href'), '../../../_appstream/console/#/builders');
    assert.deepEqual(proxy.outside, []);
    assert.deepEqual(failed, []);
    assert.deepEqual(pageErrors, []);
  });
});
