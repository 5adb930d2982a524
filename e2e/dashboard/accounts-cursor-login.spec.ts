/**
 * Cursor's deep-link login on the Accounts page, as the catalog draws it: "Add a Cursor account" starts the poll
 * login, the box shows the page to open and waits, the person opens that page (the Cursor auth stand-in's, where
 * opening it is logging in), and the account is added. The page's login calls go to the real admin login routes
 * running the real Cursor module beside the Cursor auth stand-in, in this process (the shared server has no Cursor
 * upstream to log in to); the catalog and everything else are the real server's. Nothing is added to that server.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountPool } from '../../proxy/accounts/account-pool.js';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { validateConfig } from '../../proxy/config/load.js';
import { cursorModule } from '../../proxy/providers/cursor/module.js';
import { accountParts } from '../../proxy/providers/index.js';
import { CursorAuthStandIn } from '../stand-ins/cursor-auth.js';
import { expect, test } from './support/fixtures.js';
import { startLoginRoutes, type LoginRoutes } from './support/login-routes.js';
import { attachScreenshot } from './support/screenshots.js';

let auth: CursorAuthStandIn;
let logins: LoginRoutes;
let dir: string;
let authDir: string;

test.beforeAll(async () => {
  auth = new CursorAuthStandIn();
  await auth.listen();
  dir = mkdtempSync(join(tmpdir(), 'sb-e2e-cursor-login-'));
  authDir = join(dir, 'auth');
  const config = validateConfig(
    { 'auth-dir': authDir, 'data-dir': join(dir, 'data'), providers: { cursor: { 'auth-url': auth.url, 'login-page-url': auth.loginPageUrl } } },
    join(dir, 'config.yaml'),
  );
  const pool = new AccountPool(new TokenStore(authDir, { parts: accountParts, sealer: null }), new Map());
  await pool.load();
  logins = await startLoginRoutes(config, pool, [cursorModule]);
});

test.afterAll(async () => {
  await logins.close();
  await auth.close();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await logins.routePage(page);
});

test('"Add a Cursor account" shows the page to open, waits, and adds the account once the person logged in there', async ({ accounts, page }, testInfo) => {
  const name = cursorModule.displayName;
  const box = page.getByRole('group', { name: `Add a ${name} account` });
  const link = box.getByRole('link', { name: `Open the ${name} login page` });

  await test.step('the button starts the deep-link login: the policy note, the page to open, the pending state', async () => {
    await accounts.open();
    await page.getByRole('button', { name: `Add a ${name} account` }).click();
    await expect(link).toHaveAttribute('href', new RegExp(`^${auth.loginPageUrl}\\?challenge=[\\w-]+&uuid=[0-9a-f-]{36}&mode=login&redirectTarget=cli$`));
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(box.getByText(/reverse-engineered/)).toBeVisible();
    await expect(box.getByText(new RegExp(`^Waiting for you to finish on the ${name.replace(/[()]/g, '\\$&')} page… \\(until \\d\\d:\\d\\d\\)$`))).toBeVisible();
    // The server polls and the stand-in says "not yet" until the page was opened.
    await expect.poll(() => auth.requests.filter((request) => request.path === '/auth/poll').length).toBeGreaterThan(0);
    await attachScreenshot(page, testInfo, 'accounts-cursor-deep-link-1280');
  });

  await test.step('the person opens the page (a new tab) and logs in; the box ends with the account added', async () => {
    const opened = page.waitForEvent('popup');
    await link.click();
    const cursorPage = await opened;
    await expect(cursorPage.getByRole('heading', { name: 'You are logged in' })).toBeVisible();
    await cursorPage.close();
    await expect(page.getByRole('status').filter({ hasText: /^Added \S+ \(pro\)\. It serves requests from now on\.$/ })).toBeVisible();
    await expect(box).toHaveCount(0);
  });

  await test.step('the login is saved with the tokens Cursor handed out, in a 0600 file', async () => {
    const { accounts: saved } = await new TokenStore(authDir, { parts: accountParts, sealer: null }).list();
    expect(saved).toHaveLength(1);
    const account = saved[0]!;
    expect(account.data).toMatchObject({ provider: 'cursor', access_token: auth.issued[0], source: 'login' });
    expect(statSync(account.path).mode & 0o777).toBe(0o600);
  });
});
