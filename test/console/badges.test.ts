// State badges in headless Chromium: a spinner means "this is still moving". Settled states of
// the newer families (an export task COMPLETED or TIMED_OUT, an APPSTREAM2 app block INACTIVE
// until a builder packages it) showed one, as if the page were waiting for them; a state that
// settles by time (EXPORTING) keeps it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumMissing, openConsolePage } from '../support/browser.js';
import type { RunningServer } from '../../src/index.js';
import { startTestServer } from '../support/server.js';

const skip = chromiumMissing;

const OWNER = '111111111111';
const REGION = 'us-east-1';
const at = { AccountId: OWNER, Region: REGION };

const consoleUrl = (server: RunningServer, view: string, extra: Record<string, string> = {}) =>
  `${server.url}/_appstream/console/#/${view}?${new URLSearchParams({ account: OWNER, region: REGION, ...extra })}`;

/** The badge in the row named `name`, and whether it spins. */
async function badgeOf(scope: Locator, name: string, state: string): Promise<{ kind: string; spins: boolean }> {
  const badge = scope.locator(`tbody tr[data-name="${name}"] .badge[data-state="${state}"]`);
  await badge.waitFor();
  return { kind: (await badge.getAttribute('class')) ?? '', spins: (await badge.locator('.spinner').count()) > 0 };
}

describe('console: state badges', { skip, timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    server = await startTestServer({ transitionSeconds: 600 });
    const res = await fetch(`${server.url}/_appstream/seed`, {
      method: 'POST',
      body: JSON.stringify({
        images: [{ ...at, Name: 'golden' }],
        appBlocks: [{ ...at, Name: 'office', PackagingType: 'APPSTREAM2' }],
        exportImageTasks: [
          { ...at, ImageName: 'golden', AmiName: 'done-ami', State: 'COMPLETED' },
          { ...at, ImageName: 'golden', AmiName: 'late-ami', State: 'TIMED_OUT' },
          { ...at, ImageName: 'golden', AmiName: 'moving-ami' },
        ],
      }),
    });
    assert.equal(res.status, 200, await res.text());
    ({ browser, page } = await openConsolePage(pageErrors));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("an image's export tasks: COMPLETED and TIMED_OUT are settled, EXPORTING spins", async () => {
    await page.goto(consoleUrl(server, 'image', { arn: `arn:aws:appstream:${REGION}:${OWNER}:image/golden` }));
    const tasks = page.getByRole('region', { name: 'Export tasks' });
    const done = await badgeOf(tasks, 'done-ami', 'COMPLETED');
    assert.deepEqual([done.spins, done.kind.includes('badge-good')], [false, true], done.kind);
    const late = await badgeOf(tasks, 'late-ami', 'TIMED_OUT');
    assert.deepEqual([late.spins, late.kind.includes('badge-bad')], [false, true], late.kind);
    assert.equal((await badgeOf(tasks, 'moving-ami', 'EXPORTING')).spins, true);
    assert.deepEqual(pageErrors, []);
  });

  test('an APPSTREAM2 app block waiting for its package is INACTIVE, not moving', async () => {
    await page.goto(consoleUrl(server, 'app-blocks'));
    const inactive = await badgeOf(page.locator('body'), 'office', 'INACTIVE');
    assert.deepEqual([inactive.spins, inactive.kind.includes('badge-neutral')], [false, true], inactive.kind);
    assert.deepEqual(pageErrors, []);
  });
});
