// The web console end to end, in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the image registry's tabs, an image's details, sharing, the clock, the
// Image Assistant behind a builder's streaming URL, deleting, and the control token. Saves the
// README's screenshots to docs/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateImageBuilderStreamingURLCommand,
  DescribeImagesCommand,
} from '@aws-sdk/client-appstream';
import { type Browser, type Page } from 'playwright-core';
import { packageFile } from '../../src/package-root.js';
import { chromiumMissing, openConsolePage, row } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';

const skip = chromiumMissing;
if (skip) console.log(`# console tests skipped: ${skip}`);

const OWNER = '111111111111';
const GRANTEE = '222222222222';
const REGION = 'us-east-1';
const BASE_IMAGE = 'AppStream-WinServer2022-11-10-2025';
const SAMPLE_IMAGE = 'Amazon-AppStream2-Sample-Image-06-17-2024';
const TIMEOUT = 10_000;

async function control(server: RunningServer, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}/_appstream/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await res.json()) as unknown;
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(data)}`);
  return data;
}

/** The console's URL for a view of an account. */
function consoleUrl(server: RunningServer, view: string, account = OWNER, extra: Record<string, string> = {}): string {
  return `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account, region: REGION, ...extra })}`;
}

/** Awaits `work`, and says so in the test output when it was slow (a loaded CI machine, a stuck socket). */
async function timed<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work;
  } finally {
    const ms = Date.now() - started;
    if (ms > 5000) console.log(`# slow: ${label} took ${(ms / 1000).toFixed(1)} s`);
  }
}

/**
 * The README's screenshots: taken in every run (so a broken page shows in the test), written
 * to docs/ only with UPDATE_SCREENSHOTS=1 (so a test run leaves the work tree as it was).
 */
async function screenshot(page: Page, file: string, fullPage = false): Promise<void> {
  const image = await page.screenshot({ fullPage });
  assert.ok(image.length > 10_000, `${file}: the screenshot is suspiciously small`);
  if (process.env['UPDATE_SCREENSHOTS'] === '1') writeFileSync(packageFile(file), image);
}

/**
 * A row of the image list of one tab. A tab click shows the new list only when its answer
 * arrives; until then the old list is on the page, so rows are looked for in the table the tab
 * renders (captioned "<tab> images"), never in whichever list is there.
 */
const tabRow = (page: Page, tab: string, name: string) => page.getByRole('table', { name: `${tab} images` }).locator(`tbody tr[data-name="${name}"]`);

describe('console', { skip, timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startTestServer({ transitionSeconds: 30 });
    ({ browser, page } = await openConsolePage(pageErrors, TIMEOUT));
    mkdirSync(packageFile('docs'), { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('shows the public images, and one of them in detail', async () => {
    await page.goto(`${server.url}/_appstream/console`);
    await page.getByRole('tab', { name: 'Public' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Public' }).getAttribute('aria-selected'), 'true');
    await page.getByRole('link', { name: SAMPLE_IMAGE }).waitFor();
    // A page holds 25 images (one DescribeImages page); the next page comes by its NextToken.
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 25);
    assert.equal(await row(page, BASE_IMAGE).count(), 0);
    await page.getByRole('button', { name: 'Next page' }).click();
    await row(page, BASE_IMAGE).getByText('AVAILABLE').waitFor();
    await page.getByText('Page 2').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await row(page, SAMPLE_IMAGE).waitFor();

    // Filters narrow the page (server-side, through DescribeImages pages).
    await page.getByLabel('Platform').selectOption('ROCKY_LINUX8');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('Rocky Linux 8'));
    });
    await page.getByLabel('Platform').selectOption('');
    await page.getByLabel('Filter images').fill('Sample');
    await page.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return rows.length === 1 && rows[0]!.textContent!.includes(name);
    }, SAMPLE_IMAGE);
    await page.getByLabel('Filter images').fill('WinServer2022-11');
    await row(page, BASE_IMAGE).waitFor();
    await page.getByLabel('Filter images').fill('');
    await row(page, 'AppStream-Graphics-G4dn-RHEL8-08-31-2026').waitFor();

    await page.getByRole('link', { name: SAMPLE_IMAGE }).click();
    await page.getByRole('heading', { name: SAMPLE_IMAGE }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('PUBLIC', { exact: true }).waitFor();
    await details.getByText('NATIVE', { exact: true }).waitFor();
    // The sample image carries applications, each with its launch path.
    const apps = page.getByRole('region', { name: 'Applications' });
    assert.ok((await apps.locator('tbody tr code').count()) > 0, 'the sample image lists applications with launch paths');
  });

  test('a private image and a share appear in the right tabs; share and unshare from the page', async () => {
    await control(server, 'seed', {
      images: [
        {
          AccountId: OWNER,
          Region: REGION,
          Name: 'team-base-2026',
          DisplayName: 'Team base image',
          Description: 'Windows Server 2022 with the team tools',
          BaseImageName: BASE_IMAGE,
          Applications: [
            { Name: 'notepad', DisplayName: 'Notepad', LaunchPath: 'C:\\Windows\\System32\\notepad.exe', Enabled: true, Platforms: ['WINDOWS_SERVER_2022'] },
            { Name: 'vscode', DisplayName: 'Visual Studio Code', LaunchPath: 'C:\\Program Files\\Microsoft VS Code\\Code.exe', LaunchParameters: '--new-window', Enabled: true, Platforms: ['WINDOWS_SERVER_2022'] },
          ],
          Tags: { team: 'desktop', env: 'dev' },
        },
        { AccountId: OWNER, Region: REGION, Name: 'analytics-rhel8', DisplayName: 'Analytics (RHEL 8)', BaseImageName: 'AppStream-RHEL8-08-31-2026' },
        { AccountId: OWNER, Region: REGION, Name: 'build-agents', DisplayName: 'Build agents', BaseImageName: 'AppStream-WinServer2019-11-10-2025' },
        {
          AccountId: OWNER,
          Region: REGION,
          Name: 'legacy-2016',
          DisplayName: 'Legacy apps',
          BaseImageName: 'AppStream-WinServer2016-11-10-2025',
          State: 'FAILED',
          StateChangeReason: { Code: 'IMAGE_BUILDER_NOT_AVAILABLE', Message: 'The image builder was not available.' },
        },
        { AccountId: OWNER, Region: REGION, Name: 'nightly-snapshot', DisplayName: 'Nightly snapshot', BaseImageName: BASE_IMAGE, State: 'PENDING' },
      ],
      imagePermissions: [{ AccountId: OWNER, Region: REGION, Name: 'team-base-2026', SharedAccountId: GRANTEE, allowFleet: true, allowImageBuilder: false }],
    });

    // The owner, chosen with the account picker.
    await page.goto(consoleUrl(server, 'images/public', '000000000000'));
    // The picker offers the accounts that have resources (owner and grantee).
    await page.locator(`#account-list option[value="${GRANTEE}"]`).waitFor({ state: 'attached' });
    await page.locator(`#account-list option[value="${OWNER}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Account').fill(OWNER);
    await page.getByLabel('Account').press('Enter');
    await page.getByText(`Images of account ${OWNER} in ${REGION}`).waitFor();
    await page.getByRole('tab', { name: 'Private' }).click();
    await tabRow(page, 'Private', 'team-base-2026').getByText('AVAILABLE').waitFor();
    await tabRow(page, 'Private', 'legacy-2016').getByText('FAILED').waitFor();
    await tabRow(page, 'Private', 'nightly-snapshot').getByText('PENDING').waitFor();
    await screenshot(page, 'docs/console-images.png');

    await page.getByRole('tab', { name: 'Shared with others' }).click();
    await tabRow(page, 'Shared with others', 'team-base-2026').waitFor();
    assert.equal(await tabRow(page, 'Shared with others', 'build-agents').count(), 0);
    assert.equal(await row(page, 'build-agents').count(), 0, 'the Private list is gone');
    await page.getByRole('tab', { name: 'Shared with me' }).click();
    await page.getByText('No other account shares an image with this account').waitFor();

    // The grantee sees it as shared with it, and owns nothing.
    await page.goto(consoleUrl(server, 'images/shared-with-me', GRANTEE));
    await row(page, 'team-base-2026').getByText('Shared with me').waitFor();
    await page.getByRole('tab', { name: 'Private' }).click();
    await page.getByText('This account owns no images in this region.').waitFor();

    // The owner's detail page: every member, applications, permissions, tags, history.
    await page.goto(consoleUrl(server, 'images/private'));
    await page.getByRole('link', { name: 'team-base-2026' }).click();
    await page.getByRole('heading', { name: 'team-base-2026' }).waitFor();
    await page.getByRole('region', { name: 'Applications' }).getByText('--new-window').waitFor();
    await page.getByRole('region', { name: 'Permissions' }).getByText(GRANTEE).waitFor();
    await page.getByRole('region', { name: 'Tags' }).getByText('desktop').waitFor();
    await page.getByRole('region', { name: 'State history' }).getByText('AVAILABLE').waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    for (const member of ['Arn', 'BaseImageArn', 'Platform', 'AppstreamAgentVersion', 'ImageSharedWithOthers', 'SupportedInstanceFamilies']) {
      await details.getByText(member, { exact: true }).waitFor();
    }
    await screenshot(page, 'docs/console-image-detail.png', true);

    await page.getByRole('button', { name: 'Share image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share team-base-2026' });
    await dialog.getByLabel('Target account ID').fill('333333333333');
    await dialog.getByLabel('Allow image builder').uncheck();
    await dialog.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('status').getByText('now shared with account 333333333333').waitFor();
    await page.getByRole('region', { name: 'Permissions' }).getByText('333333333333').waitFor();

    await page.getByRole('button', { name: 'Unshare with 333333333333' }).click();
    await page.getByRole('dialog', { name: 'Unshare team-base-2026' }).getByRole('button', { name: 'Unshare' }).click();
    await page.getByRole('status').getByText('no longer shared with account 333333333333').waitFor();
    await page.getByRole('region', { name: 'Permissions' }).getByText('333333333333').waitFor({ state: 'detached' });

    // An error shows as an alert, not a crash: sharing with itself is refused by the service.
    await page.getByRole('button', { name: 'Share image' }).click();
    await page.getByRole('dialog').getByLabel('Target account ID').fill(OWNER);
    await page.getByRole('dialog').getByRole('button', { name: 'Share' }).click();
    await page.getByRole('alert').waitFor();
  });

  test('advancing the clock turns a PENDING image AVAILABLE while the page watches', async () => {
    await control(server, 'seed', { images: [{ AccountId: OWNER, Region: REGION, Name: 'slow-image', BaseImageName: BASE_IMAGE, State: 'PENDING' }] });
    await page.goto(consoleUrl(server, 'images/private'));
    await row(page, 'slow-image').getByText('PENDING').waitFor();
    await page.getByRole('button', { name: 'Advance clock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Advance the clock' });
    await dialog.getByLabel('Seconds to advance').fill('60');
    await dialog.getByRole('button', { name: 'Advance' }).click();
    await page.getByRole('status').getByText('Clock advanced by 60 seconds').waitFor();
    await row(page, 'slow-image').getByText('AVAILABLE').waitFor();
    await row(page, 'nightly-snapshot').getByText('AVAILABLE').waitFor();
  });

  test('a planned failure: the next CopyImage ends FAILED, watched in the other region', async () => {
    await page.goto(consoleUrl(server, 'images/private'));
    await page.getByRole('button', { name: 'Fail next transition' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make the next transition fail' });
    // Not every planned failure ends in FAILED: the dialog says what each kind of resource does.
    await dialog.getByText('a started fleet stays STARTING with FleetErrors').waitFor();
    await dialog.getByLabel('Operation').selectOption('CopyImage');
    await dialog.getByRole('button', { name: 'Plan failure' }).click();
    await page.getByRole('status').getByText(`The next CopyImage transition of account ${OWNER} will fail.`).waitFor();

    const client = appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER, region: REGION });
    await client.send(new CopyImageCommand({ SourceImageName: 'slow-image', DestinationImageName: 'copy-fails', DestinationRegion: 'us-west-2' }));
    await page.getByLabel('Region').fill('us-west-2');
    await page.getByLabel('Region').press('Enter');
    await row(page, 'copy-fails').getByText('COPYING').waitFor();
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByRole('dialog', { name: 'Advance the clock' }).getByRole('button', { name: 'Advance' }).click();
    await row(page, 'copy-fails').getByText('FAILED').waitFor();
    await page.getByRole('link', { name: 'copy-fails' }).click();
    await page.getByRole('region', { name: 'Details' }).getByText('IMAGE_COPY_FAILURE').waitFor();
  });

  test('a builder\'s streaming URL opens the Image Assistant, which makes an image', async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER, region: REGION });
    await client.send(new CreateImageBuilderCommand({ Name: 'builder-1', ImageName: BASE_IMAGE, InstanceType: 'stream.standard.medium' }));
    await control(server, 'clock', { advanceSeconds: 60 });
    const { StreamingURL } = await client.send(new CreateImageBuilderStreamingURLCommand({ Name: 'builder-1', Validity: 600 }));
    assert.ok(StreamingURL?.startsWith(`${server.url}/_appstream/authenticate?parameters=`), StreamingURL);

    // The builders tab shows it RUNNING, with a way to connect.
    await page.goto(consoleUrl(server, 'builders'));
    await row(page, 'builder-1').getByText('RUNNING').waitFor();
    await page.getByRole('button', { name: 'Connect to builder-1' }).waitFor();

    await page.goto(StreamingURL!);
    await page.getByRole('heading', { name: /Image Assistant/ }).waitFor();
    // The URL led to the builder's page (its token authorizes the page's actions).
    const assistantUrl = page.url();
    assert.match(assistantUrl, new RegExp(`^${server.url}/_appstream/console/streaming/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    await page.getByText('RUNNING').first().waitFor();
    await page.getByLabel('Application name').fill('notepad');
    await page.getByLabel('Application display name').fill('Notepad');
    await page.getByLabel('Absolute app path').fill('C:\\Windows\\System32\\notepad.exe');
    await page.getByLabel('Launch parameters').fill('/A readme.txt');
    await page.getByLabel('Working directory').fill('C:\\Users\\Public');
    await page.getByRole('button', { name: 'Add application' }).click();
    await page.getByRole('status').getByText('Application notepad was added').waitFor();
    await row(page, 'notepad').getByText('/A readme.txt').waitFor();
    await screenshot(page, 'docs/console-image-assistant.png', true);

    await page.getByLabel('Image name').fill('made-in-assistant');
    await page.getByLabel('Image display name').fill('Made in the assistant');
    await page.getByRole('button', { name: 'Disconnect and create image' }).click();
    await page.getByRole('dialog', { name: 'Disconnect and create image' }).getByRole('button', { name: 'Create image' }).click();
    await page.getByRole('status').getByText('Image made-in-assistant is being created').waitFor();
    await page.getByRole('heading', { name: 'Image created' }).waitFor();

    const { Images } = await client.send(new DescribeImagesCommand({ Names: ['made-in-assistant'] }));
    assert.equal(Images?.[0]?.ImageBuilderName, 'builder-1');
    assert.deepEqual(
      Images?.[0]?.Applications?.map((a) => [a.Name, a.LaunchPath, a.LaunchParameters]),
      [['notepad', 'C:\\Windows\\System32\\notepad.exe', '/A readme.txt']],
    );

    // The link back to the console opens the new image, which the console watches turn AVAILABLE.
    await page.getByRole('link', { name: 'Open the image in the console' }).click();
    await page.getByRole('heading', { name: 'made-in-assistant' }).waitFor();
    await control(server, 'clock', { advanceSeconds: 60 });
    await page.getByRole('heading', { name: 'made-in-assistant' }).getByText('AVAILABLE').waitFor();

    // The builder's page: its catalogue, and the states it went through.
    await page.goto(consoleUrl(server, 'builders'));
    await page.getByRole('link', { name: 'builder-1' }).click();
    await page.getByRole('region', { name: 'Image Assistant applications' }).getByText('notepad.exe').waitFor();
    const builderHistory = page.getByRole('region', { name: 'State history' });
    for (const state of ['PENDING', 'RUNNING', 'SNAPSHOTTING', 'STOPPED']) await builderHistory.getByText(state, { exact: true }).waitFor();

    // A forged URL and an expired one: clear error pages.
    const at = StreamingURL!.length - 10;
    const forged = StreamingURL!.slice(0, at) + (StreamingURL![at] === 'x' ? 'y' : 'x') + StreamingURL!.slice(at + 1);
    const forgedResponse = await page.goto(forged);
    assert.equal(forgedResponse?.status(), 403);
    await page.getByRole('heading', { name: 'This streaming URL is not valid' }).waitFor();
    await control(server, 'clock', { advanceSeconds: 3600 });
    const expiredResponse = await page.goto(StreamingURL!);
    assert.equal(expiredResponse?.status(), 410);
    await page.getByRole('heading', { name: 'This streaming URL has expired' }).waitFor();
    // Its actions are refused too.
    const expiredPage = await page.goto(assistantUrl);
    assert.equal(expiredPage?.status(), 410);
    const res = await fetch(`${assistantUrl}/create-image`, { method: 'POST', body: JSON.stringify({ Name: 'sneaky' }) });
    assert.equal(res.status, 403);
  });

  test('deletes an image', async () => {
    await page.goto(consoleUrl(server, 'images/private'));
    await page.getByRole('link', { name: 'build-agents' }).click();
    await page.getByRole('heading', { name: 'build-agents' }).waitFor();
    await page.getByRole('button', { name: 'Delete image' }).click();
    await page.getByRole('dialog', { name: 'Delete build-agents' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').getByText('Image build-agents is being deleted').waitFor();
    await row(page, 'build-agents').getByText('DELETING').waitFor();
    await control(server, 'clock', { advanceSeconds: 60 });
    await row(page, 'build-agents').waitFor({ state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });

  test('asks for the control token when the server has one, and keeps it for the tab', async () => {
    const guarded = await timed('starting a server', startTestServer({ controlToken: 'console-secret' }));
    try {
      // (Another origin than the first server's: its own sessionStorage, in the same tab.)
      await page.goto(`${guarded.url}/_appstream/console`);
      await page.getByRole('heading', { name: 'Control token required' }).waitFor();
      await page.getByLabel('Control token').fill('console-secret');
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.getByRole('link', { name: SAMPLE_IMAGE }).waitFor();
      // ?token= works once and leaves the address.
      await page.evaluate(() => sessionStorage.clear());
      await page.goto(`${guarded.url}/_appstream/console?token=console-secret`);
      await page.getByRole('link', { name: SAMPLE_IMAGE }).waitFor();
      assert.ok(!page.url().includes('console-secret'));
      // The data routes still need it.
      const res = await fetch(`${guarded.url}/_appstream/console/api/accounts`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 401);
    } finally {
      // Leave its origin first, so that no page keeps a connection to it open.
      await page.goto('about:blank');
      await timed('closing the server', guarded.close());
    }
  });
});
