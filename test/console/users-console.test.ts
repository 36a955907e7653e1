// The console's Users and Directory configs pages in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core): lists with status, details, and the confirmed
// actions (create, disable, enable, confirm, delete; create and delete a directory config,
// refused while a builder joins it). What the pages do is checked through the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BatchAssociateUserStackCommand, CreateUserCommand, DescribeDirectoryConfigsCommand, DescribeUsersCommand } from '@aws-sdk/client-appstream';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumMissing, openConsolePage, row } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

const skip = chromiumMissing;
const REGION = 'us-east-1';

/**
 * A badge's text, matched whole and case-sensitively: Playwright's default text match is a
 * case-insensitive substring of any element's text, and the row's actions read
 * "DisableDelete" / "EnableDelete", which contain "disabled" / "enabled": a wait for
 * 'DISABLED' returned before the page had disabled anyone.
 */
const badge = (scope: Locator, text: string) => scope.getByText(text, { exact: true });

describe('console: users and directory configs', { skip, timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleUrl = (view: string, extra: Record<string, string> = {}) =>
    `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account: OWNER, region: REGION, ...extra })}`;

  before(async () => {
    server = await startTestServer();
    ({ browser, page } = await openConsolePage(pageErrors));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('users: list with status, create, disable, enable, confirm, details with stacks, delete', async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { region: REGION });
    await client.send(new CreateUserCommand({ UserName: 'grace@example.com', AuthenticationType: 'USERPOOL', FirstName: 'Grace', LastName: 'Hopper' }));
    await fixtures(server, { accountId: OWNER, region: REGION }).stack('navy');
    await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: 'navy', UserName: 'grace@example.com', AuthenticationType: 'USERPOOL' }] }));

    await page.goto(consoleUrl('users'));
    await badge(row(page, 'grace@example.com'), 'FORCE_CHANGE_PASSWORD').waitFor();
    await badge(row(page, 'grace@example.com'), 'ENABLED').waitFor();
    await row(page, 'grace@example.com').getByText('Grace Hopper').waitFor();

    // Create (confirmed in a dialog).
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('User name (e-mail)').fill('Ada@example.com');
    await dialog.getByLabel('First name').fill('Ada');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await row(page, 'Ada@example.com').waitFor();

    // Disable, then enable, each confirmed.
    await page.getByRole('button', { name: 'Disable grace@example.com' }).click();
    await page.getByRole('dialog', { name: 'Disable grace@example.com' }).getByRole('button', { name: 'Disable' }).click();
    await badge(row(page, 'grace@example.com'), 'DISABLED').waitFor();
    const grace = async () => (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.find((u) => u.UserName === 'grace@example.com');
    assert.equal((await grace())?.Enabled, false);
    await page.getByRole('button', { name: 'Enable grace@example.com' }).click();
    await page.getByRole('dialog', { name: 'Enable grace@example.com' }).getByRole('button', { name: 'Enable' }).click();
    await badge(row(page, 'grace@example.com'), 'ENABLED').waitFor();
    assert.equal((await grace())?.Enabled, true);

    // Details: the members and the user's stacks; Confirm there (the control API's sign-in).
    await page.getByRole('link', { name: 'grace@example.com' }).click();
    await page.getByRole('heading', { name: /grace@example\.com/ }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText((await grace())!.Arn!).waitFor();
    await page.getByRole('region', { name: 'Stacks' }).locator('tbody tr[data-name="navy"]').waitFor();
    await page.getByRole('button', { name: 'Confirm grace@example.com' }).click();
    await page.getByRole('dialog', { name: 'Confirm grace@example.com' }).getByRole('button', { name: 'Confirm' }).click();
    await badge(details, 'CONFIRMED').waitFor();
    assert.equal((await grace())?.Status, 'CONFIRMED');

    // Delete from the list.
    await page.goto(consoleUrl('users'));
    await page.getByRole('button', { name: 'Delete Ada@example.com' }).click();
    await page.getByRole('dialog', { name: 'Delete Ada@example.com' }).getByRole('button', { name: 'Delete' }).click();
    await row(page, 'Ada@example.com').waitFor({ state: 'detached' });
    assert.deepEqual((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.map((u) => u.UserName), ['grace@example.com']);
    assert.deepEqual(pageErrors, []);
  });

  test('directory configs: create, details without the password, delete refused while a builder joins it', async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { region: REGION });
    await page.goto(consoleUrl('directory-configs'));
    await page.getByText('No directory configs in this account and region.').waitFor();
    await page.getByRole('button', { name: 'Create directory config' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create directory config' });
    await dialog.getByLabel('Directory name').fill('corp.example.com');
    await dialog.getByLabel('Organizational unit').fill('OU=AppStream,DC=corp,DC=example,DC=com');
    await dialog.getByLabel('Service account name').fill('svc-join');
    await dialog.getByLabel('Service account password').fill('TopSecret1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await row(page, 'corp.example.com').getByText('svc-join').waitFor();

    await page.getByRole('link', { name: 'corp.example.com' }).click();
    await page.getByRole('region', { name: 'Organizational units' }).getByText('OU=AppStream,DC=corp,DC=example,DC=com').waitFor();
    assert.ok(!(await page.content()).includes('TopSecret1'), 'the password is never shown');

    // A builder joins it: deleting is refused with AWS's code, and the page says so.
    await seedOk(server.url, {
      imageBuilders: [{ AccountId: OWNER, Region: REGION, Name: 'joined', ImageName: 'AppStream-WinServer2022-11-10-2025', DomainJoinInfo: { DirectoryName: 'corp.example.com' } }],
    });
    await page.getByRole('button', { name: 'Delete corp.example.com' }).click();
    await page.getByRole('dialog', { name: 'Delete corp.example.com' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/ResourceInUseException: The directory config corp.example.com is in use by image builder joined/).waitFor();
    assert.equal((await client.send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs!.length, 1);

    await page.goto(consoleUrl('directory-configs'));
    await row(page, 'corp.example.com').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
