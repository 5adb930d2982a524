/**
 * The catalog's importers on the Accounts page ("Import from Claude Code", "Import from the Cursor app"): in words
 * when the tool has no login on the server's machine, then the login it finds there becomes an account — which
 * "Remove" takes away again, so the later specs keep the one account the login spec added.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultStateDbPath } from '../../proxy/providers/cursor/import-cursor-app.js';
import { cursorJwt } from '../stand-ins/cursor-auth.js';
import { expect, test } from './support/fixtures.js';

const IMPORTED = 'imported-from-claude-code@example.com';
const IMPORTED_FROM_CURSOR = 'imported-from-cursor@example.com';

test('import Claude Code\'s login from the server\'s home folder, then remove it', async ({ accounts, stack, page }) => {
  const claudeDir = join(stack.home, '.claude');
  const importButton = page.getByRole('button', { name: 'Import from Claude Code' });

  await test.step('with no Claude Code login there, the page says where it looked', async () => {
    await accounts.open();
    await importButton.click();
    await expect(page.getByRole('alert')).toContainText(`no Claude Code login found at ${join(claudeDir, '.credentials.json')}`);
  });

  await test.step('a Claude Code login becomes an account, and the page says both tools now share it', async () => {
    mkdirSync(claudeDir, { recursive: true });
    const credentials = { claudeAiOauth: { accessToken: 'sk-ant-oat01-e2e-imported', refreshToken: 'sk-ant-ort01-e2e-imported', expiresAt: Date.now() + 3_600_000 } };
    writeFileSync(join(claudeDir, '.credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
    writeFileSync(join(stack.home, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: IMPORTED } }));
    try {
      await importButton.click();
      await expect(page.getByRole('status').filter({ hasText: /refresh/ })).toBeVisible();
      await expect(accounts.account(IMPORTED)).toBeVisible();
    } finally {
      rmSync(claudeDir, { recursive: true, force: true });
      rmSync(join(stack.home, '.claude.json'), { force: true });
    }
  });

  await test.step('"Remove" asks first, then the account is gone, also after a reload', async () => {
    await page.getByRole('button', { name: `Remove ${IMPORTED}` }).click();
    await page.getByRole('alertdialog', { name: `Remove ${IMPORTED}?` }).getByRole('button', { name: 'Yes, remove it' }).click();
    await expect(accounts.account(IMPORTED)).toHaveCount(0);
    await accounts.reload();
    await expect(accounts.account(IMPORTED)).toHaveCount(0);
  });
});

test("import the Cursor app's login in one click while the app holds its database open, then remove it", async ({ accounts, stack, page }) => {
  // Where the Cursor app keeps its database on the server's machine (global-setup points XDG_CONFIG_HOME into its home).
  const dbPath = defaultStateDbPath(stack.home, process.platform, { XDG_CONFIG_HOME: join(stack.home, '.config') });
  const importButton = page.getByRole('button', { name: 'Import from the Cursor app' });

  await test.step('with no Cursor app there, the page says where it looked', async () => {
    await accounts.open();
    await importButton.click();
    await expect(page.getByRole('alert')).toContainText(`no Cursor login at ${dbPath}`);
  });

  await test.step("the app's login becomes an account while the app keeps its database open in WAL mode", async () => {
    mkdirSync(dirname(dbPath), { recursive: true });
    const app = new Database(dbPath);
    try {
      app.pragma('journal_mode = WAL');
      app.exec('CREATE TABLE ItemTable (key TEXT UNIQUE, value BLOB); CREATE TABLE cursorDiskKV (key TEXT UNIQUE, value BLOB);');
      app.prepare('INSERT INTO ItemTable VALUES (?, ?)').run('cursorAuth/accessToken', cursorJwt('auth0|user_imported'));
      app.prepare('INSERT INTO cursorDiskKV VALUES (?, ?)').run('cursorAuth/cachedEmail', IMPORTED_FROM_CURSOR);
      await importButton.click();
      await expect(page.getByRole('status').filter({ hasText: `Imported the Cursor app's login (${IMPORTED_FROM_CURSOR})` })).toBeVisible();
      await expect(accounts.account(IMPORTED_FROM_CURSOR)).toBeVisible();
      // Read, never written: the app's own connection still writes to it.
      app.prepare('INSERT INTO ItemTable VALUES (?, ?)').run('after-import', 'still writable');
    } finally {
      app.close();
      rmSync(dirname(dirname(dirname(dbPath))), { recursive: true, force: true });
    }
  });

  await test.step('"Remove" takes it away again', async () => {
    await page.getByRole('button', { name: `Remove ${IMPORTED_FROM_CURSOR}` }).click();
    await page.getByRole('alertdialog', { name: `Remove ${IMPORTED_FROM_CURSOR}?` }).getByRole('button', { name: 'Yes, remove it' }).click();
    await expect(accounts.account(IMPORTED_FROM_CURSOR)).toHaveCount(0);
  });
});
