// The console tests' browser: Debian's headless Chromium through playwright-core, one page with
// the console's usual viewport and timeout, and the page's uncaught errors collected (every
// console test asserts there were none).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A test's `skip` option: false when Chromium is installed, else why the test cannot run. */
export const chromiumMissing: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

/**
 * Launches Chromium and opens one page (1400 x 900, `timeoutMs` for every wait), pushing the
 * message of each uncaught page error onto `pageErrors`. Close the browser when done.
 */
export async function openConsolePage(pageErrors: string[], timeoutMs = 10_000): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page };
}

/** The row of a console table whose data-name is `name`. */
export const row = (page: Page, name: string) => page.locator(`tbody tr[data-name="${name}"]`);
