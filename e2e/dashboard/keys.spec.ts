/**
 * Managed keys from the dashboard: create one (its secret shown once, copied to the clipboard), use it with the
 * SDKs, revoke it — and the same calls now fail with 401 in each client's own error format.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { clipboardText, horizontalExtent, whyNotFullyShown } from '../pages/index.js';
import { attachScreenshot } from './support/screenshots.js';
import { askChat, askClaude, anthropicClient, failureOf, openaiClient } from './support/sdk.js';
import { expect, test } from './support/fixtures.js';

const LABEL = 'E2E laptop';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('create a key, use it, revoke it: the same calls now get 401', async ({ page, keys, stack }) => {
  let secret = '';

  await test.step('create a key with a label: its secret is shown once', async () => {
    await keys.open();
    secret = await keys.createKey(LABEL);
    expect(secret).toMatch(/^sk-sb-\S{20,}$/);
    await expect(keys.createdSecret).toContainText('shown only this once');
  });

  await test.step('"Copy secret" puts it on the clipboard', async () => {
    await keys.copySecretButton.click();
    await expect(keys.createdSecret.getByText('Copied.')).toBeVisible();
    expect(await clipboardText(page)).toBe(secret);
  });

  await test.step('the key is listed as active, without its secret; the secret is gone once acknowledged', async () => {
    await expect(keys.keyState(LABEL, 'active')).toBeVisible();
    await expect(keys.key(LABEL)).toContainText(`${secret.slice(0, 8)}`);
    await expect(keys.key(LABEL)).not.toContainText(secret);
    await keys.copiedSecretButton.click();
    await expect(keys.createdSecret).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
  });

  await test.step('the key works with both SDKs', async () => {
    expect(await askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: the key works.')).toContain('the key works');
    expect(await askChat(openaiClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: the key works.')).toContain('the key works');
  });

  await test.step('its card counts the spend', async () => {
    await expect(async () => {
      await keys.refreshListButton.click();
      await expect(keys.key(LABEL)).toContainText('This month: 2 requests', { timeout: 1000 });
    }).toPass();
  });

  await test.step('revoke it after confirming', async () => {
    await keys.revoke(LABEL);
    await expect(keys.key(LABEL)).toHaveCount(0);
    await keys.showRevoked.check();
    await expect(keys.keyState(LABEL, 'revoked')).toBeVisible();
    await expect(keys.key(LABEL).getByRole('button', { name: 'Revoke…' })).toHaveCount(0);
  });

  await test.step('the Anthropic SDK call now fails with 401 in Anthropic\'s error format', async () => {
    const error = await failureOf(askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: the key works.'));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    const refused = error as InstanceType<typeof Anthropic.AuthenticationError>;
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
  });

  await test.step('the openai SDK call now fails with 401 in OpenAI\'s error format', async () => {
    const error = await failureOf(askChat(openaiClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: the key works.'));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const refused = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  });
});

test('the new-key form names every bad field at once', async ({ keys }) => {
  await keys.open();
  await keys.createKeyButton.click();
  await keys.newKeyField('Requests per minute').fill('lots');
  await keys.newKeyField('Monthly cost (USD)').fill('-1');
  await keys.newKeyField('Concurrent requests').fill('1.5');
  await keys.submitNewKeyButton.click();
  await expect(keys.formProblems).toHaveText('Please fix 4 fields: Label, Monthly cost (USD), Requests per minute and Concurrent requests.');
  for (const label of ['Label', 'Monthly cost (USD)', 'Requests per minute', 'Concurrent requests']) {
    await expect(keys.newKeyField(label)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(keys.newKeyField('Requests per minute')).toHaveAccessibleDescription(/Requests per minute must be a whole number/);
  await expect(keys.newKeyField('Monthly tokens')).not.toHaveAttribute('aria-invalid');
  // Nothing was sent: no key was created.
  await expect(keys.createdSecret).toHaveCount(0);
});

test('a key over its budget is shown blocked until the month turns, not active', async ({ keys, stack }) => {
  const label = 'Tiny budget';
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { id, secret } = (await (await admin('POST', '/admin/keys', { label, monthlyTokenBudget: 100_000 })).json()) as { id: string; secret: string };
  await askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: this uses more than ten tokens of the budget.');
  // Budgets hold (a request is admitted only when its worst case fits), so a key is over its budget when the
  // budget is lowered below what it already spent.
  await admin('PATCH', `/admin/keys/${id}`, { monthlyTokenBudget: 10 });
  expect(await failureOf(askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'refused'))).toMatchObject({ status: 429 });

  await keys.open();
  await expect(keys.keyState(label, /^blocked until \d{1,2} [A-Z][a-z]{2}( \d{4})? \d\d:\d\d$/)).toBeVisible();
  await expect(keys.keyState(label, 'active')).toHaveCount(0);
  await expect(keys.key(label)).toContainText('its monthly token budget is used up');
});

test('a sub-cent cost budget reads as it is, at 1280 px and at 420', async ({ keys, stack, page }, testInfo) => {
  const label = 'Sub-cent budget';
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { id, secret } = (await (await admin('POST', '/admin/keys', { label, monthlyCostBudgetUsd: 1 })).json()) as { id: string; secret: string };
  await askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: a request that costs a fraction of a cent.');
  await admin('PATCH', `/admin/keys/${id}`, { monthlyCostBudgetUsd: 0.0012 });

  await keys.open();
  const card = keys.key(label);
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 800 });
    // The meter and the month's line name the same sub-cent amount: "$0.0002 of $0.0012" beside "…, $0.0002".
    const meter = (await card.getByText(/ of \$0\.0012$/).textContent()) ?? '';
    const spent = /^\d+ % · \$(0\.\d{4}) of \$0\.0012$/.exec(meter.trim())?.[1];
    expect(spent, `the cost meter reads "${meter}" at ${width} px`).toBeDefined();
    await expect(card.getByText(/^This month: /)).toHaveText(new RegExp(`^This month: 1 request, \\d+ tokens, \\$${spent?.replace('.', '\\.')}$`));
    expect(await whyNotFullyShown(card), `the key's card at ${width} px`).toBeNull();
    const { scrollWidth, innerWidth } = await horizontalExtent(page);
    expect(scrollWidth, `the Keys page at ${width} px`).toBeLessThanOrEqual(innerWidth);
    await attachScreenshot(page, testInfo, `keys-sub-cent-${width}`);
  }
  await card.getByRole('button', { name: 'Edit limits' }).click();
  await expect(card.getByLabel('Monthly cost (USD)')).toHaveValue('0.0012');
});

test('a key pinned to one target through the form says so on its card', async ({ keys, stack, page }, testInfo) => {
  const label = 'Pinned to Claude';
  await keys.open();
  await keys.createKeyButton.click();
  await keys.labelField.fill(label);
  await keys.newKeyField('Only target').fill('claude');
  for (const width of [1280, 420]) {
    await page.setViewportSize({ width, height: 1000 });
    const { scrollWidth, innerWidth } = await horizontalExtent(page);
    expect(scrollWidth, `the new-key form at ${width} px`).toBeLessThanOrEqual(innerWidth);
    await attachScreenshot(page, testInfo, `keys-pinned-form-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await keys.submitNewKeyButton.click();
  await expect(keys.createdSecret).toBeVisible();
  await expect(keys.key(label)).toContainText('only target claude');

  // Its card is all it is for: revoked, it leaves the Keys view to the keys the later specs show.
  const owner = { authorization: `Bearer ${stack.ownerKey}` };
  const { keys: listed } = (await (await fetch(`${stack.url}/admin/keys`, { headers: owner })).json()) as { keys: { id: string; label: string }[] };
  const pinned = listed.find((key) => key.label === label);
  expect(pinned?.id).toBeDefined();
  await fetch(`${stack.url}/admin/keys/${pinned?.id}`, { method: 'DELETE', headers: owner });
});
