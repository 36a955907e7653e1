// The console's fleets page in headless Chromium (Debian's /usr/bin/chromium, playwright-core):
// the list with live states and capacity, a fleet's details (capacity, stacks, sessions, tags,
// FleetErrors, state history), and the confirmed actions start, stop, associate with a stack,
// stream as a user, expire a session and delete (refused with AWS's text while the fleet is in
// a stack). Takes docs/console-fleets.png and docs/console-fleet-detail.png (written with
// UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DescribeFleetsCommand, DescribeSessionsCommand, ListAssociatedStacksCommand } from '@aws-sdk/client-appstream';
import { type Browser, type Page } from 'playwright-core';
import { packageFile } from '../../src/package-root.js';
import { chromiumMissing, openConsolePage, row } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const skip = chromiumMissing;
if (skip) console.log(`# fleets console tests skipped: ${skip}`);

const OWNER = '111111111111';
const REGION = 'us-east-1';
const STEP = 30;
const consoleUrl = (server: RunningServer, view: string, extra: Record<string, string> = {}) =>
  `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account: OWNER, region: REGION, ...extra })}`;
const advance = (server: RunningServer, seconds: number) => fetch(`${server.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });

describe('console: fleets', { skip, timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: REGION, Name: 'office-fleet', State: 'RUNNING', DisplayName: 'Office', ComputeCapacity: { DesiredInstances: 3 }, Tags: { team: 'it' } },
        { AccountId: OWNER, Region: REGION, Name: 'lab-fleet', State: 'STARTING' },
        { AccountId: OWNER, Region: REGION, Name: 'spare-fleet', State: 'STOPPED' },
        { AccountId: OWNER, Region: REGION, Name: 'broken-fleet', State: 'STARTING', FleetErrors: [{ ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'The subnet subnet-1 does not exist.' }] },
      ],
      stacks: [
        { AccountId: OWNER, Region: REGION, Name: 'office' },
        { AccountId: OWNER, Region: REGION, Name: 'kiosk' },
      ],
      fleetStackAssociations: [{ AccountId: OWNER, Region: REGION, StackName: 'office', FleetName: 'office-fleet' }],
      sessions: [{ AccountId: OWNER, Region: REGION, StackName: 'office', FleetName: 'office-fleet', UserId: 'alice' }],
    });
    ({ browser, page } = await openConsolePage(pageErrors));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the list: states, capacity, the live state of a starting fleet; the sidebar links it', async () => {
    await page.goto(consoleUrl(server, 'images/public'));
    await page.locator('#nav-fleets').click();
    await page.getByText(`Fleets of account ${OWNER} in ${REGION}`).waitFor();
    await row(page, 'office-fleet').getByText('RUNNING', { exact: true }).waitFor();
    await row(page, 'office-fleet').getByText('3/3 running · 1 in use · 2 available').waitFor();
    await row(page, 'spare-fleet').getByText('STOPPED', { exact: true }).waitFor();
    await row(page, 'lab-fleet').getByText('STARTING', { exact: true }).waitFor();
    // Live: a clock step later lab-fleet is RUNNING without a reload.
    await advance(server, STEP + 1);
    await row(page, 'lab-fleet').getByText('RUNNING', { exact: true }).waitFor();
    // Actions fit the state: Start only on a stopped fleet, Stop on a running one.
    assert.equal(await row(page, 'spare-fleet').getByRole('button', { name: 'Start spare-fleet' }).count(), 1);
    assert.equal(await row(page, 'office-fleet').getByRole('button', { name: 'Start office-fleet' }).count(), 0);
    assert.equal(await row(page, 'office-fleet').getByRole('button', { name: 'Stop office-fleet' }).count(), 1);
    const image = await page.screenshot();
    assert.ok(image.length > 10_000, 'the screenshot is suspiciously small');
    if (process.env['UPDATE_SCREENSHOTS'] === '1') writeFileSync(packageFile('docs/console-fleets.png'), image);
  });

  test('start and stop, each confirmed, follow the state machine', async () => {
    await page.goto(consoleUrl(server, 'fleets'));
    await row(page, 'spare-fleet').getByRole('button', { name: 'Start spare-fleet' }).click();
    await page.getByRole('dialog', { name: 'Start spare-fleet' }).getByRole('button', { name: 'Start' }).click();
    await page.getByText('Start: fleet spare-fleet.').waitFor();
    await row(page, 'spare-fleet').getByText('STARTING', { exact: true }).waitFor();
    await advance(server, STEP);
    await row(page, 'spare-fleet').getByText('RUNNING', { exact: true }).waitFor();
    await row(page, 'spare-fleet').getByRole('button', { name: 'Stop spare-fleet' }).click();
    await page.getByRole('dialog', { name: 'Stop spare-fleet' }).getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stop: fleet spare-fleet.').waitFor();
    await row(page, 'spare-fleet').getByText('STOPPING', { exact: true }).waitFor();
    const client = appStreamClient(server.url);
    assert.equal((await client.send(new DescribeFleetsCommand({ Names: ['spare-fleet'] }))).Fleets![0]!.State, 'STOPPING');
  });

  test("a fleet's details: capacity, FleetErrors, stacks, sessions (stream as a user, expire), tags, history", async () => {
    await page.goto(consoleUrl(server, 'fleet', { name: 'broken-fleet' }));
    await page.getByText('SUBNET_NOT_FOUND: The subnet subnet-1 does not exist.').waitFor();

    await page.goto(consoleUrl(server, 'fleets'));
    await page.getByRole('link', { name: 'office-fleet', exact: true }).click();
    await page.getByRole('heading', { name: 'office-fleet' }).waitFor();
    await page.getByRole('region', { name: 'Details' }).getByText(`arn:aws:appstream:${REGION}:${OWNER}:fleet/office-fleet`).waitFor();
    await page.getByRole('region', { name: 'Capacity' }).getByText('Desired').waitFor();
    await page.getByRole('region', { name: 'Tags' }).getByText('team').waitFor();
    await page.getByRole('region', { name: 'State history' }).getByText('RUNNING').first().waitFor();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.locator('tbody tr').filter({ hasText: 'alice' }).waitFor();

    // Stream as a user: a streaming URL, opened, makes a session.
    await page.getByRole('region', { name: 'Stacks' }).getByRole('button', { name: 'Stream from office' }).click();
    const stream = page.getByRole('dialog', { name: 'Stream office-fleet from office' });
    await stream.getByLabel('User ID').fill('bob');
    await stream.getByRole('button', { name: 'Stream' }).click();
    await page.getByText(/Session [0-9a-f-]{36} of bob is (PENDING|ACTIVE)\./).waitFor();
    await sessions.locator('tbody tr').filter({ hasText: 'bob' }).waitFor();
    const client = appStreamClient(server.url);
    const listed = (await client.send(new DescribeSessionsCommand({ StackName: 'office', FleetName: 'office-fleet' }))).Sessions!;
    assert.deepEqual(listed.map((s) => s.UserId).sort(), ['alice', 'bob']);

    await sessions.getByRole('button', { name: 'Expire the session of alice' }).click();
    await page.getByRole('dialog', { name: 'Expire the session of alice' }).getByRole('button', { name: 'Expire' }).click();
    await sessions.locator('tbody tr').filter({ hasText: 'alice' }).getByText('EXPIRED').waitFor();
    const image = await page.screenshot({ fullPage: true });
    assert.ok(image.length > 10_000, 'the screenshot is suspiciously small');
    if (process.env['UPDATE_SCREENSHOTS'] === '1') writeFileSync(packageFile('docs/console-fleet-detail.png'), image);
  });

  test('associate with a stack; delete refused while in a stack or running, then done', async () => {
    await page.goto(consoleUrl(server, 'fleet', { name: 'lab-fleet' }));
    await page.getByRole('button', { name: 'Associate lab-fleet with a stack' }).click();
    const dialog = page.getByRole('dialog', { name: 'Associate lab-fleet with a stack' });
    await dialog.getByLabel('Stack name').fill('kiosk');
    await dialog.getByRole('button', { name: 'Associate' }).click();
    await page.getByText('Associated fleet lab-fleet with stack kiosk.').waitFor();
    await page.getByRole('region', { name: 'Stacks' }).getByText('kiosk').waitFor();
    const client = appStreamClient(server.url);
    assert.deepEqual((await client.send(new ListAssociatedStacksCommand({ FleetName: 'lab-fleet' }))).Names, ['kiosk']);

    await page.getByRole('button', { name: 'Stop lab-fleet' }).click();
    await page.getByRole('dialog', { name: 'Stop lab-fleet' }).getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stop: fleet lab-fleet.').waitFor();
    await advance(server, STEP);
    await page.getByRole('button', { name: 'Delete lab-fleet' }).click();
    await page.getByRole('dialog', { name: 'Delete lab-fleet' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('ResourceInUseException: The fleet lab-fleet is associated with a stack. To delete the fleet, you must dissociate it from the stack.').waitFor();

    await page.getByRole('region', { name: 'Stacks' }).getByRole('button', { name: 'Disassociate from kiosk' }).click();
    await page.getByRole('dialog', { name: 'Disassociate lab-fleet' }).getByRole('button', { name: 'Disassociate' }).click();
    await page.getByText('Disassociated fleet lab-fleet from stack kiosk.').waitFor();
    await page.getByRole('button', { name: 'Delete lab-fleet' }).click();
    await page.getByRole('dialog', { name: 'Delete lab-fleet' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Delete: fleet lab-fleet.').waitFor();
    await page.getByText(`Fleets of account ${OWNER} in ${REGION}`).waitFor();
    assert.equal(await row(page, 'lab-fleet').count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
