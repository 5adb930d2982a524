/**
 * Device-code and poll logins on the Accounts page, drawn from the provider catalog with no provider named in the
 * dashboard. The test-only module (proxy/providers/__fixtures__/
 * device-login/) serves them: the catalog the page reads gets its two entries, and the page's login calls go to
 * the real admin login routes running that module beside the stand-in login server, in this process. Everything
 * else is the real server's. Nothing is added to the real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountPool } from '../../proxy/accounts/account-pool.js';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { validateConfig } from '../../proxy/config/load.js';
import { deviceLoginModule } from '../../proxy/providers/__fixtures__/device-login/module.js';
import type { ProviderCatalog } from '../../proxy/providers/catalog.js';
import { buildRegistry } from '../../proxy/providers/registry.js';
import { approveDeviceCode, approvePage, startDeviceLoginStandIn, type DeviceLoginStandIn } from '../stand-ins/device-login.js';
import { expect, test } from './support/fixtures.js';
import { startLoginRoutes, type LoginRoutes } from './support/login-routes.js';
import { attachScreenshot } from './support/screenshots.js';

let standIn: DeviceLoginStandIn;
let logins: LoginRoutes;
let dir: string;
let catalogEntries: ProviderCatalog['providers'];

test.beforeAll(async () => {
  // A code lives 10 minutes, as real ones do; the server's schedule polls every 50 ms.
  standIn = await startDeviceLoginStandIn({ expiresInSeconds: 600 });
  dir = mkdtempSync(join(tmpdir(), 'sb-e2e-waiting-login-'));
  const config = validateConfig({ 'auth-dir': join(dir, 'auth'), 'data-dir': join(dir, 'data') }, join(dir, 'config.yaml'));
  const pool = new AccountPool(new TokenStore(config['auth-dir']), new Map());
  await pool.load();
  const modules = [deviceLoginModule({ baseUrl: standIn.url }), deviceLoginModule({ baseUrl: standIn.url, pageFirst: true })];
  catalogEntries = buildRegistry(modules).catalog();
  logins = await startLoginRoutes(config, pool, modules);
});

test.afterAll(async () => {
  await logins.close();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await page.route('**/admin/providers', async (route) => {
    const real = (await (await route.fetch()).json()) as ProviderCatalog;
    await route.fulfill({ json: { ...real, providers: [...real.providers, ...catalogEntries] } });
  });
  await logins.routePage(page);
});

test('a device-code login shows the code and its page, waits, and says who was added', async ({ accounts, page }, testInfo) => {
  const box = page.getByRole('group', { name: 'Add a Device Login account' });
  const code = box.getByRole('status', { name: 'Code to enter' });

  await test.step('the catalog entry gets its own button; pressing it shows the code in large type and the page', async () => {
    await accounts.open();
    await page.getByRole('button', { name: 'Add a Device Login account' }).click();
    await expect(code).toHaveText(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await code.evaluate((element) => parseFloat(element.ownerDocument.defaultView?.getComputedStyle(element).fontSize ?? '0'))).toBeGreaterThanOrEqual(28);
    await expect(box.getByRole('link', { name: 'Open the Device Login code page' })).toHaveAttribute('href', `${standIn.url}/device`);
    await expect(box.getByRole('link', { name: 'Open the Device Login code page' })).toHaveAttribute('target', '_blank');
    await expect(box.getByRole('button', { name: 'Copy the code' })).toBeVisible();
    await expect(box.getByText(/^Waiting for you to finish on the Device Login page… \(until \d\d:\d\d\)$/)).toBeVisible();
    for (const width of [1280, 420]) {
      await page.setViewportSize({ width, height: 800 });
      await attachScreenshot(page, testInfo, `accounts-device-code-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('the person enters the code on the page; the box ends with the account added', async () => {
    await approveDeviceCode(standIn.url, (await code.textContent()) ?? '', 'ada@example.com');
    await expect(page.getByRole('status').filter({ hasText: 'Added ada@example.com. It serves requests from now on.' })).toBeVisible();
    await expect(box).toHaveCount(0);
  });
});

test('a declined device code says so in words and offers a new login; Cancel stops it in the server', async ({ accounts, page }, testInfo) => {
  const box = page.getByRole('group', { name: 'Add a Device Login account' });
  const code = box.getByRole('status', { name: 'Code to enter' });
  await accounts.open();
  await page.getByRole('button', { name: 'Add a Device Login account' }).click();
  await expect(code).toHaveText(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
  await approveDeviceCode(standIn.url, (await code.textContent()) ?? '', 'ada@example.com', { deny: true });
  await expect(box.getByRole('alert')).toHaveText('The login did not succeed: the login was declined on the verification page.');
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 800 });
    await attachScreenshot(page, testInfo, `accounts-device-code-failed-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await box.getByRole('button', { name: 'Start again' }).click();
  await expect(code).toHaveText(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
  const freshCode = await code.textContent();
  const fresh = standIn.codes.find((candidate) => candidate.userCode === freshCode)!;
  await expect.poll(() => fresh.polls).toBeGreaterThan(0);
  const deleted = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.url().includes('/admin/accounts/login/'));
  await box.getByRole('button', { name: 'Cancel' }).click();
  await expect(box).toHaveCount(0);
  expect((await deleted).status()).toBe(200);
  // Cancelled in the server: its polls stop while the stand-in still accepts them.
  const pollsAfterCancel = fresh.polls;
  const witness = await fetch(`${logins.url}/admin/accounts/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"provider":"device-login"}' });
  const { userCode, status } = (await witness.json()) as { userCode: string; status: string };
  const witnessCode = standIn.codes.find((candidate) => candidate.userCode === userCode)!;
  await expect.poll(() => witnessCode.polls).toBeGreaterThanOrEqual(3);
  expect(fresh.polls).toBe(pollsAfterCancel);
  await fetch(`${logins.url}${status}`, { method: 'DELETE' });
});

test('a poll login shows the page to open, waits, and says who was added', async ({ accounts, page }, testInfo) => {
  const box = page.getByRole('group', { name: 'Add a Page Login account' });
  await accounts.open();
  await page.getByRole('button', { name: 'Add a Page Login account' }).click();
  const link = box.getByRole('link', { name: 'Open the Page Login login page' });
  await expect(link).toHaveAttribute('href', new RegExp(`^${standIn.url}/page\\?uuid=[0-9a-f]+$`));
  await expect(box.getByText(/^Waiting for you to finish on the Page Login page…/)).toBeVisible();
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 800 });
    await attachScreenshot(page, testInfo, `accounts-poll-login-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await approvePage((await link.getAttribute('href')) ?? '', 'grace@example.com');
  await expect(page.getByRole('status').filter({ hasText: 'Added grace@example.com. It serves requests from now on.' })).toBeVisible();
});

test("a provider's other browser login has its own button, named by the catalog, beside the first", async ({ accounts, page }) => {
  const box = page.getByRole('group', { name: 'Add a Device Login account' });
  await accounts.open();
  // The Device Login entry's first method is the device code; its page login gets the second button.
  await page.getByRole('button', { name: 'Log in on a web page' }).click();
  const link = box.getByRole('link', { name: 'Open the Device Login login page' });
  await expect(link).toHaveAttribute('href', new RegExp(`^${standIn.url}/page\\?uuid=[0-9a-f]+$`));
  await approvePage((await link.getAttribute('href')) ?? '', 'hopper@example.com');
  await expect(page.getByRole('status').filter({ hasText: 'Added hopper@example.com. It serves requests from now on.' })).toBeVisible();
});
