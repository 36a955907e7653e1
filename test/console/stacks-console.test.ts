// The console's stacks page in headless Chromium (Debian's /usr/bin/chromium, playwright-core):
// the list with each stack's fleet and its live state, a stack's details (members, fleet,
// theme, tags), and the confirmed actions create, associate, disassociate and delete (refused
// with AWS's text while a fleet is associated). Takes docs/console-stacks.png
// (written with UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DescribeStacksCommand, ListAssociatedFleetsCommand } from '@aws-sdk/client-appstream';
import { type Browser, type Page } from 'playwright-core';
import { packageFile } from '../../src/package-root.js';
import { chromiumMissing, openConsolePage, row } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const skip = chromiumMissing;
if (skip) console.log(`# stacks console tests skipped: ${skip}`);

const OWNER = '111111111111';
const REGION = 'us-east-1';
const consoleUrl = (server: RunningServer, view: string, extra: Record<string, string> = {}) =>
  `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account: OWNER, region: REGION, ...extra })}`;

describe('console: stacks', { skip, timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startTestServer({ transitionSeconds: 30 });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: REGION, Name: 'office-fleet', State: 'RUNNING' },
        { AccountId: OWNER, Region: REGION, Name: 'lab-fleet', State: 'STARTING' },
      ],
      stacks: [
        { AccountId: OWNER, Region: REGION, Name: 'office', DisplayName: 'Office apps', StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }], Tags: { team: 'it' } },
        { AccountId: OWNER, Region: REGION, Name: 'lab', DisplayName: 'Lab' },
        { AccountId: OWNER, Region: REGION, Name: 'spare' },
      ],
      themes: [
        {
          AccountId: OWNER,
          Region: REGION,
          StackName: 'office',
          TitleText: 'Office portal',
          ThemeStyling: 'BLUE',
          OrganizationLogoS3Location: { S3Bucket: 'brand', S3Key: 'logo.png' },
          FaviconS3Location: { S3Bucket: 'brand', S3Key: 'favicon.ico' },
        },
      ],
      fleetStackAssociations: [
        { AccountId: OWNER, Region: REGION, StackName: 'office', FleetName: 'office-fleet' },
        { AccountId: OWNER, Region: REGION, StackName: 'lab', FleetName: 'lab-fleet' },
      ],
    });
    ({ browser, page } = await openConsolePage(pageErrors));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the list: each stack with its fleet (and the fleet\'s live state); the sidebar links it', async () => {
    await page.goto(consoleUrl(server, 'images/public'));
    await page.locator('#nav-stacks').click();
    await page.getByText(`Stacks of account ${OWNER} in ${REGION}`).waitFor();
    await row(page, 'office').getByText('office-fleet').waitFor();
    await row(page, 'lab').getByText('lab-fleet').waitFor();
    await row(page, 'spare').getByText('none').waitFor();
    assert.equal(await row(page, 'office').getByText('HOMEFOLDERS').count(), 1);
    // Fleet states come from DescribeFleets.
    await row(page, 'office').getByText('RUNNING').waitFor();
    await row(page, 'lab').getByText('STARTING').waitFor();
    // The fleet's state is live: a clock step later lab-fleet is RUNNING without a reload.
    await fetch(`${server.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 31 }) });
    await row(page, 'lab').getByText('RUNNING').waitFor();
    const image = await page.screenshot();
    assert.ok(image.length > 10_000, 'the screenshot is suspiciously small');
    if (process.env['UPDATE_SCREENSHOTS'] === '1') writeFileSync(packageFile('docs/console-stacks.png'), image);
  });

  test('create a stack and associate a fleet, each confirmed', async () => {
    await page.goto(consoleUrl(server, 'stacks'));
    await page.getByRole('button', { name: 'Create stack' }).click();
    const create = page.getByRole('dialog', { name: 'Create a stack' });
    await create.getByLabel('Name', { exact: true }).fill('kiosk');
    await create.getByLabel('Display name').fill('Kiosk');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Created stack kiosk.').waitFor();
    await row(page, 'kiosk').getByText('none').waitFor();

    await row(page, 'kiosk').getByRole('button', { name: 'Associate a fleet with kiosk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Associate a fleet with kiosk' });
    await dialog.getByLabel('Fleet name').fill('office-fleet');
    await dialog.getByRole('button', { name: 'Associate' }).click();
    await page.getByText('Associated fleet office-fleet with stack kiosk.').waitFor();
    await row(page, 'kiosk').getByText('office-fleet').waitFor();
    const client = appStreamClient(server.url);
    assert.deepEqual((await client.send(new ListAssociatedFleetsCommand({ StackName: 'kiosk' }))).Names, ['office-fleet']);
    // A second fleet is refused with the API's error.
    await page.goto(consoleUrl(server, 'stack', { name: 'spare' }));
    await page.getByRole('button', { name: 'Associate fleet' }).click();
    await page.getByRole('dialog').getByLabel('Fleet name').fill('no-such-fleet');
    await page.getByRole('dialog').getByRole('button', { name: 'Associate' }).click();
    await page.getByText('ResourceNotFoundException: The fleet no-such-fleet does not exist.').waitFor();
  });

  test("a stack's details: members, fleet, theme, tags; delete refused with a fleet, then done after disassociating", async () => {
    await page.goto(consoleUrl(server, 'stacks'));
    await page.getByRole('link', { name: 'office', exact: true }).click();
    await page.getByRole('heading', { name: 'office', exact: true }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText(`arn:aws:appstream:${REGION}:${OWNER}:stack/office`).waitFor();
    await page.getByRole('region', { name: 'Fleet' }).getByText('office-fleet').waitFor();
    await page.getByRole('region', { name: 'Theme' }).getByText('Office portal').waitFor();
    // The theme's images are the emulator's own URLs, and the page shows them.
    await page.getByRole('region', { name: 'Theme' }).getByText(`${server.url}/_appstream/console/theme-image/${OWNER}/${REGION}/office/logo`).waitFor();
    for (const name of ['Theme logo', 'Theme favicon']) {
      const img = page.getByRole('region', { name: 'Theme' }).getByRole('img', { name });
      await img.waitFor();
      await page.waitForFunction((el) => el instanceof HTMLImageElement && el.complete, await img.elementHandle());
      assert.ok((await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)) > 0, `${name} loaded`);
    }
    await page.getByRole('region', { name: 'Tags' }).getByText('team').waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete office' }).getByRole('button', { name: 'Delete' }).click();
    await page
      .getByText('ResourceInUseException: Cannot delete stack office. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.')
      .waitFor();

    await page.getByRole('button', { name: 'Disassociate fleet' }).click();
    await page.getByRole('dialog', { name: 'Disassociate office-fleet' }).getByRole('button', { name: 'Disassociate' }).click();
    await page.getByText('Disassociated fleet office-fleet from stack office.').waitFor();
    await page.getByRole('region', { name: 'Fleet' }).getByText('none').waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete office' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Deleted stack office.').waitFor();
    await page.getByText(`Stacks of account ${OWNER} in ${REGION}`).waitFor();
    assert.equal(await row(page, 'office').count(), 0);
    const names = (await appStreamClient(server.url).send(new DescribeStacksCommand({}))).Stacks!.map((s) => s.Name);
    assert.ok(!names.includes('office'));
    assert.deepEqual(pageErrors, []);
  });
});
