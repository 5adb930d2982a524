/**
 * Accounts in the states a new user meets, with what the dashboard offers for each: a login that survives a wrong
 * paste and offers a fresh link once its code is refused; an account whose login died, logged in again from its
 * card; a cooling account tried now; cards that stay put when a priority changes; and an Overview whose status
 * and "Needs attention" follow the accounts that can serve and the files that cannot be read.
 *
 * It runs after every other dashboard spec (its own project): the failed requests and the extra accounts it
 * makes would otherwise change what they count and photograph.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { horizontalExtent } from '../pages/index.js';
import { submitAuthorizeForm, textOfId } from '../stand-ins/anthropic-oauth.js';
import { attachScreenshot } from './support/screenshots.js';
import { anthropicClient, askClaude, failureOf } from './support/sdk.js';
import { endUpstreamLogin, failNextUpstream, type StackInfo } from './support/stack.js';
import { expect, test } from './support/fixtures.js';

const SECOND = 'second-account@example.com';
const THIRD = 'third-account@example.com';
/** Its file is named by hand (not after its e-mail): a new login must still land in that file. */
const RENEWED = 'renewed-account@example.com';
const MODEL = 'claude-sonnet-4-6';

interface AccountView {
  id: string;
  email: string | null;
  enabled: boolean;
  priority: number;
}

async function admin<T>(stack: StackInfo, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

const listAccounts = async (stack: StackInfo) => (await admin<{ accounts: AccountView[] }>(stack, 'GET', '/admin/accounts')).accounts;

/** Adds an account through the admin API's login, the stand-in's pages played by this test (not the subject here). */
async function addAccount(stack: StackInfo, email: string): Promise<void> {
  if ((await listAccounts(stack)).some((account) => account.email === email)) return;
  const started = await admin<{ attemptId: string; url: string }>(stack, 'POST', '/admin/accounts/login', { provider: 'anthropic' });
  const page = await fetch(await submitAuthorizeForm(started.url, { email }));
  await admin(stack, 'POST', `/admin/accounts/login/${started.attemptId}`, { code: textOfId(await page.text(), 'code') });
}

/** Runs `use` while only the account of `email` may serve (the others are disabled, then enabled again). */
async function withOnly<T>(stack: StackInfo, email: string, use: () => Promise<T>): Promise<T> {
  const others = (await listAccounts(stack)).filter((account) => account.email !== email && account.enabled);
  for (const account of others) await admin(stack, 'PATCH', `/admin/accounts/${account.id}`, { enabled: false });
  try {
    return await use();
  } finally {
    for (const account of others) await admin(stack, 'PATCH', `/admin/accounts/${account.id}`, { enabled: true });
  }
}

/** At 1280 and 420 px: no sideways scrolling, and a screenshot attached to the test. */
async function photograph(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 800 });
    const { scrollWidth, innerWidth } = await horizontalExtent(page);
    expect(scrollWidth, `${name} is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
    await attachScreenshot(page, testInfo, `${name}-${width}`);
  }
  if (size) await page.setViewportSize(size);
}

test('a wrong paste keeps the login open; a refused code says so and offers a fresh link in one click', async ({ accounts }) => {
  await accounts.open();
  await accounts.addAccountButton.click();
  const box = accounts.addLogin;
  const code = await box.approveAs(SECOND);
  const [codePart, state] = code.split('#');
  const firstLink = (await box.link.getAttribute('href')) ?? '';

  await test.step('a code from another login: said in words, and the same login takes another paste', async () => {
    await box.paste(`${codePart}#not-this-login`);
    await expect(box.error).toContainText('belongs to a different login');
    await expect(box.link).toHaveAttribute('href', firstLink);
    await expect(box.finishButton).toBeEnabled();
  });

  await test.step('a code Anthropic refuses: the login is over, its link is gone, a fresh one is one click away', async () => {
    await box.paste(`never-issued#${state}`);
    await expect(box.error).toContainText('already used or has expired');
    await expect(box.link).toHaveCount(0);
    await box.freshLinkButton.click();
    await expect(box.freshLinkNotice).toBeVisible();
    await expect(box.link).toBeFocused();
    expect(await box.link.getAttribute('href')).not.toBe(firstLink);
  });

  await test.step('the fresh link logs in', async () => {
    await box.paste(await box.approveAs(SECOND));
    await expect(accounts.added).toHaveText(`Added ${SECOND} (max). It serves requests from now on.`);
    await expect(accounts.login).toHaveCount(0);
  });
});

test('"Log in again" revives an account that needs a login at once: no cooldown, no last error, no second account', async ({ accounts, stack, page }, testInfo) => {
  await test.step('an account in a file of its own name, whose login Anthropic then forgets; a request meets it', async () => {
    await addAccount(stack, RENEWED);
    await rename(join(stack.authDir, `anthropic-${RENEWED}.json`), join(stack.authDir, 'anthropic-work.json'));
    await admin(stack, 'POST', '/admin/reload');
    await endUpstreamLogin(stack, RENEWED);
    const refused = await withOnly(stack, RENEWED, () => failureOf(askClaude(anthropicClient(stack, stack.ownerKey), MODEL, 'meets a dead login')));
    expect(refused).toMatchObject({ status: 503 });
  });

  const cards = await test.step('the card says it needs a login in a word, why and how once, and offers to log in again', async () => {
    await accounts.open();
    await expect(accounts.stateOf(RENEWED)).toHaveText('needs login');
    await expect(accounts.explanationOf(RENEWED)).toHaveText('The refresh token was refused — run npm run switchboard -- login anthropic, or press “Log in again”.');
    await expect(accounts.explanationOf(RENEWED).locator('code')).toHaveText('npm run switchboard -- login anthropic');
    // The last error said the same (the refused refresh token): not repeated.
    await expect(accounts.account(RENEWED).getByText(/refresh token was refused/)).toHaveCount(1);
    await expect(accounts.account(RENEWED).getByRole('term').filter({ hasText: 'Last error' })).toHaveCount(0);
    await expect(accounts.logInAgainButton(RENEWED)).toBeVisible();
    return accounts.cardNames();
  });

  await test.step('"Log in again" opens the login in the card; its code renews this account', async () => {
    await accounts.logInAgainButton(RENEWED).click();
    const box = accounts.relogin(RENEWED);
    await expect(box.link).toBeVisible();
    await photograph(page, testInfo, 'accounts-log-in-again');
    await box.paste(await box.approveAs(RENEWED));
    await expect(accounts.account(RENEWED).getByRole('status').filter({ hasText: `Logged in again as ${RENEWED}.` })).toBeVisible();
  });

  await test.step('at once: ready, no last error, no "Log in again", and still one card for it', async () => {
    await expect(accounts.stateOf(RENEWED)).toHaveText('ready');
    await expect(accounts.account(RENEWED).getByText(/refresh token was refused/)).toHaveCount(0);
    await expect(accounts.account(RENEWED).getByRole('term').filter({ hasText: 'Last error' })).toHaveCount(0);
    await expect(accounts.logInAgainButton(RENEWED)).toHaveCount(0);
    expect(await accounts.cardNames()).toEqual(cards);
  });
});

test('"Try now" ends the cooldown of a cooling account', async ({ accounts, stack, page }, testInfo) => {
  await addAccount(stack, SECOND);
  await failNextUpstream(stack, 429, 3600);
  const refused = await withOnly(stack, SECOND, () => failureOf(askClaude(anthropicClient(stack, stack.ownerKey), MODEL, 'meets a used-up window')));
  expect(refused).toMatchObject({ status: 429 });

  await accounts.open();
  await expect(accounts.stateOf(SECOND)).toHaveText('cooling');
  await expect(accounts.explanationOf(SECOND)).toHaveText(/^Cooling until \d\d:\d\d: /);
  await photograph(page, testInfo, 'accounts-cooling');
  await accounts.tryNowButton(SECOND).click();
  await expect(accounts.account(SECOND).getByRole('status').filter({ hasText: 'Cooldown ended' })).toBeVisible();
  await expect(accounts.stateOf(SECOND)).toHaveText('ready');
  await expect(accounts.account(SECOND).getByText(/^Cooling until/)).toHaveCount(0);
  await expect(accounts.tryNowButton(SECOND)).toHaveCount(0);
});

test('"Priority ↑" leaves the cards where they are; "Sort by priority" re-sorts when asked', async ({ accounts, stack }) => {
  await addAccount(stack, SECOND);
  await addAccount(stack, THIRD);
  const accountsBefore = await listAccounts(stack);
  try {
    await accounts.open();
    const before = await accounts.cardNames();
    const last = before.at(-1) ?? '';
    await expect(accounts.sortByPriorityButton).toBeDisabled();

    await accounts.raisePriorityButton(last).click();
    await expect.poll(() => accounts.fact(last, 'Priority')).toBe(String((accountsBefore.find((account) => account.email === last)?.priority ?? 0) + 1));
    expect(await accounts.cardNames()).toEqual(before);
    await expect(accounts.raisePriorityButton(last)).toBeFocused();

    await accounts.sortByPriorityButton.click();
    expect(await accounts.cardNames()).toEqual([last, ...before.slice(0, -1)]);
    await expect(accounts.sortByPriorityButton).toBeDisabled();
  } finally {
    for (const account of accountsBefore) await admin(stack, 'PATCH', `/admin/accounts/${account.id}`, { priority: account.priority });
  }
});

test('the Overview\'s status and "Needs attention" follow the accounts that can serve and the files that cannot be read', async ({ overview, stack, page }, testInfo) => {
  await addAccount(stack, SECOND);
  const broken = join(stack.authDir, 'anthropic-broken.json');
  const all = await listAccounts(stack);
  const enabled = all.filter((account) => account.enabled);
  try {
    await test.step('an account file that cannot be read needs attention', async () => {
      await writeFile(broken, '{"provider": "anthropic"', { mode: 0o600 });
      await admin(stack, 'POST', '/admin/reload');
      await overview.reload();
      await expect(overview.overallStatus).toHaveText('Status: Needs attention');
      await expect(overview.status).toContainText('1 account file could not be read');
      await expect(overview.attention).toContainText(`An account file could not be read: ${broken}`);
      await photograph(page, testInfo, 'overview-needs-attention');
    });

    await test.step('no account that can serve: "Not serving", and the attention list says why', async () => {
      for (const account of enabled) await admin(stack, 'PATCH', `/admin/accounts/${account.id}`, { enabled: false });
      await overview.reload();
      await expect(overview.overallStatus).toHaveText('Status: Not serving');
      await expect(overview.status).toContainText(`Claude: 0 of ${all.length} account${all.length === 1 ? '' : 's'} ready now`);
      await expect(overview.attention).toContainText('No Claude account can serve requests now');
      await photograph(page, testInfo, 'overview-not-serving');
    });
  } finally {
    for (const account of enabled) await admin(stack, 'PATCH', `/admin/accounts/${account.id}`, { enabled: true });
    await rm(broken, { force: true });
    await admin(stack, 'POST', '/admin/reload');
  }

  await overview.reload();
  await expect(overview.overallStatus).toBeVisible();
  await expect(overview.overallStatus).not.toHaveText('Status: Not serving');
  await expect(overview.attention).not.toContainText('could not be read');
});
