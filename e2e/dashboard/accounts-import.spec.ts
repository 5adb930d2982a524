/**
 * "Import from Claude Code" on the Accounts page: in words when Claude Code has no login on the server's machine,
 * then the login it finds there becomes an account — which "Remove" takes away again, so the later specs keep
 * the one account the login spec added.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures.js';

const IMPORTED = 'imported-from-claude-code@example.com';

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
