/**
 * Full-page screenshots of the views: always attached to the test (test-results/, the HTML report), and with
 * UPDATE_README_SCREENSHOTS=1 also written to docs/screenshots/ for the README.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

const README_SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');

const updateReadmeScreenshots = process.env.UPDATE_README_SCREENSHOTS === '1';

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, options: { readme?: boolean } = {}): Promise<void> {
  const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { body: png, contentType: 'image/png' });
  if (options.readme && updateReadmeScreenshots) {
    await mkdir(README_SCREENSHOTS, { recursive: true });
    await writeFile(join(README_SCREENSHOTS, `${name}.png`), png);
  }
}
