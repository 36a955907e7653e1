// The console's Elastic pages in headless Chromium: applications (list, detail with fleet
// associations, delete confirmed), app blocks (states, detail, the builders that package them),
// app block builders (start, finish the app block, stop, all confirmed), and export tasks on an
// image's page (Export to AMI, EXPORTING -> COMPLETED on the clock).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { chromiumMissing, openConsolePage, row } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { startTestServer } from '../support/server.js';
import { appStreamClient } from '../support/clients.js';
import { createElasticFleet } from '../support/elastic.js';

const skip = chromiumMissing;
if (skip) console.log(`# console tests skipped: ${skip}`);

const OWNER = '111111111111';
const REGION = 'us-east-1';
const at = { AccountId: OWNER, Region: REGION };

async function control(server: RunningServer, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}/_appstream/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const data = await res.json();
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(data)}`);
  return data;
}

const consoleUrl = (server: RunningServer, view: string, extra: Record<string, string> = {}) =>
  `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account: OWNER, region: REGION, ...extra })}`;

describe('console: Elastic pages and export tasks', { skip, timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startTestServer({ transitionSeconds: 30 });
    await createElasticFleet(appStreamClient(server.url, 'awsJson1_1', { accountId: OWNER, region: REGION }), 'elastic');
    await control(server, 'seed', {
      images: [{ ...at, Name: 'golden' }],
      appBlocks: [
        { ...at, Name: 'office', PackagingType: 'APPSTREAM2', DisplayName: 'Office suite' },
        { ...at, Name: 'tools', SetupScriptDetails: { ScriptS3Location: { S3Bucket: 'b' }, ExecutablePath: 'setup.exe', TimeoutInSeconds: 60 } },
      ],
      applications: [
        { ...at, Name: 'word', AppBlockName: 'office', DisplayName: 'Word', Fleets: ['elastic'], Tags: { suite: 'office' } },
        { ...at, Name: 'grep', AppBlockName: 'tools' },
      ],
      appBlockBuilders: [{ ...at, Name: 'packager', AppBlockName: 'office' }],
    });
    ({ browser, page } = await openConsolePage(pageErrors));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('applications: the list, one in detail with its fleet and tags, and a confirmed delete', async () => {
    await page.goto(consoleUrl(server, 'applications'));
    await page.getByRole('tab', { name: 'Applications' }).waitFor();
    await row(page, 'word').getByText('office').waitFor();
    await row(page, 'grep').waitFor();
    await page.getByRole('link', { name: 'word' }).click();
    await page.getByRole('heading', { name: 'word' }).waitFor();
    await page.getByRole('region', { name: 'Fleet associations' }).getByText('elastic', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Tags' }).getByText('suite').waitFor();
    // Deleting an associated application is refused, and the console says why.
    await page.getByRole('button', { name: 'Delete application' }).click();
    await page.getByRole('dialog', { name: 'Delete word' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('ResourceInUseException: The application word is associated with the fleet elastic.').waitFor();
    await page.getByRole('button', { name: 'Disassociate from elastic' }).click();
    await page.getByRole('dialog', { name: 'Disassociate word from fleet elastic' }).getByRole('button', { name: 'Disassociate' }).click();
    await page.getByText('Not associated with any fleet.').waitFor();
    await page.getByRole('button', { name: 'Delete application' }).click();
    await page.getByRole('dialog', { name: 'Delete word' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('tab', { name: 'Applications' }).waitFor();
    await row(page, 'grep').waitFor();
    assert.equal(await row(page, 'word').count(), 0);
  });

  test('app blocks and builders: start, finish the app block (INACTIVE -> ACTIVE), stop', async () => {
    await page.goto(consoleUrl(server, 'app-blocks'));
    await row(page, 'office').getByText('INACTIVE').waitFor();
    await row(page, 'tools').getByText('ACTIVE', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'office' }).click();
    await page.getByRole('region', { name: 'App block builders' }).getByRole('link', { name: 'packager' }).click();
    await page.getByRole('heading', { name: 'packager' }).waitFor();
    await page.getByRole('button', { name: 'Start packager' }).click();
    await page.getByRole('dialog', { name: 'Start packager' }).getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'packager' }).getByText('STARTING').waitFor();
    await control(server, 'clock', { advanceSeconds: 31 });
    // The page polls while the builder is STARTING.
    await page.getByRole('heading', { name: 'packager' }).getByText('RUNNING').waitFor();
    await page.getByRole('button', { name: 'Finish the app block of packager' }).click();
    await page.getByRole('dialog', { name: 'Finish packager' }).getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('status').getByText('is ACTIVE').waitFor();
    await page.goto(consoleUrl(server, 'app-blocks'));
    await row(page, 'office').getByText('ACTIVE', { exact: true }).waitFor();
    await page.goto(consoleUrl(server, 'app-block-builders'));
    await row(page, 'packager').getByText('RUNNING').waitFor();
    await page.getByRole('button', { name: 'Stop packager' }).click();
    await page.getByRole('dialog', { name: 'Stop packager' }).getByRole('button', { name: 'Stop' }).click();
    await row(page, 'packager').getByText('STOPPING').waitFor();
  });

  test("export tasks on an image's page: Export to AMI, then EXPORTING -> COMPLETED", async () => {
    const arn = `arn:aws:appstream:${REGION}:${OWNER}:image/golden`;
    await page.goto(consoleUrl(server, 'image', { arn }));
    await page.getByRole('heading', { name: 'golden' }).waitFor();
    await page.getByText('This image was never exported.').waitFor();
    await page.getByRole('button', { name: 'Export to AMI' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export golden to an AMI' });
    await dialog.getByLabel('AMI name').fill('golden-ami-1');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const tasks = page.getByRole('region', { name: 'Export tasks' });
    await tasks.locator('tbody tr[data-name="golden-ami-1"]').getByText('EXPORTING').waitFor();
    await control(server, 'clock', { advanceSeconds: 31 });
    await tasks.locator('tbody tr[data-name="golden-ami-1"]').getByText('COMPLETED').waitFor();
    assert.match((await tasks.locator('tbody tr[data-name="golden-ami-1"]').textContent()) ?? '', /ami-[0-9a-f]{17}/);
    assert.deepEqual(pageErrors, []);
  });
});
