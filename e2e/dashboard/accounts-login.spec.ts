/**
 * Adding a Claude account from the dashboard: the manual login against the stand-in OAuth server, in the same
 * browser, the way a person does it. The account it adds serves the later specs.
 */
import { ACCOUNT_EMAIL, expect, test } from './support/fixtures.js';

test('log in to a Claude account through the login page and the pasted code', async ({ shell, accounts, stack }) => {
  await test.step('a new server has no account', async () => {
    await accounts.open();
    await expect(accounts.noAccounts).toBeVisible();
    await expect(shell.tab('Accounts')).toHaveAttribute('aria-current', 'page');
  });

  await test.step('"Add a Claude account" shows the policy note and the login link', async () => {
    await accounts.addAccountButton.click();
    await expect(accounts.login).toBeVisible();
    await expect(accounts.login).toContainText(/extra usage/i);
    await expect(accounts.loginLink).toHaveAttribute('target', '_blank');
    await expect(accounts.finishLoginButton).toBeEnabled();
  });

  await test.step('finishing without a code asks for it', async () => {
    await accounts.finishLoginButton.click();
    await expect(accounts.loginError).toContainText('code#state');
    await accounts.login.getByRole('button', { name: 'Cancel' }).click();
    await expect(accounts.login).toHaveCount(0);
  });

  await test.step('approve on the stand-in login page and paste its code#state back', async () => {
    await accounts.addAccountThroughLogin(ACCOUNT_EMAIL, stack.oauthUrl);
  });

  await test.step('the account appears, ready, with its plan', async () => {
    await expect(accounts.added).toHaveText(`Added ${ACCOUNT_EMAIL} (max). It serves requests from now on.`);
    await expect(accounts.login).toHaveCount(0);
    const card = accounts.account(ACCOUNT_EMAIL);
    await expect(card).toBeVisible();
    await expect(card.getByText(/^ready/)).toBeVisible();
    expect(await accounts.fact(ACCOUNT_EMAIL, 'Plan')).toBe('max');
    expect(await accounts.fact(ACCOUNT_EMAIL, 'Requests')).toBe('0 (0 failed)');
    await expect(accounts.noAccounts).toHaveCount(0);
  });

  await test.step('a reload still lists it (it was written to the auth folder)', async () => {
    await accounts.reload();
    await expect(accounts.account(ACCOUNT_EMAIL)).toBeVisible();
  });
});
