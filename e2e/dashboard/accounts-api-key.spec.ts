/**
 * "Add an OpenAI-compatible endpoint" on the Accounts page: a form drawn from the provider catalog's api-key
 * login method. The key goes to a local OpenAI-compatible stand-in; it becomes a target at once, its card shows
 * and the key appears nowhere on the page. The account is removed at the end, so nothing after it changes.
 */
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { expect, test } from './support/fixtures.js';
import { attachScreenshot } from './support/screenshots.js';

const KEY = 'sk-e2e-dashboard-compat-key-0123456789';
const TARGET = 'compat:e2e-local';

let upstream: OpenAIStandIn;
test.beforeAll(async () => {
  upstream = await startOpenAIStandIn({ apiKeys: [KEY], models: [{ id: 'e2e-local-model', created: 0, owned_by: 'library' }] });
});
test.afterAll(() => upstream.close());

test('add an API key for an OpenAI-compatible endpoint from the dashboard, then remove it', async ({ accounts, page, stack }, testInfo) => {
  const form = page.getByRole('form', { name: 'Add an OpenAI-compatible endpoint' });

  await test.step('the form asks for what the catalog says, the key in a password field', async () => {
    await accounts.open();
    await page.getByRole('button', { name: 'Add an OpenAI-compatible endpoint' }).click();
    await expect(form.getByLabel('API key')).toHaveAttribute('type', 'password');
    await form.getByLabel('Name').fill('e2e-local');
    await form.getByLabel('Base URL').fill(`${upstream.url}/v1`);
    await form.getByLabel(/^Models/).fill('e2e-local-model');
    await form.getByLabel('API key').fill(KEY);
    for (const width of [1280, 420]) {
      await page.setViewportSize({ width, height: 800 });
      await attachScreenshot(page, testInfo, `accounts-api-key-form-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('"Add" makes it a target that serves at once; the key is shown nowhere', async () => {
    await form.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Added ${TARGET}. It serves requests from now on.` })).toBeVisible();
    await expect(accounts.account(TARGET)).toBeVisible();
    expect(await page.content()).not.toContain(KEY);
    const answer = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'e2e-local-model', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    for (const width of [1280, 420]) {
      await page.setViewportSize({ width, height: 800 });
      await attachScreenshot(page, testInfo, `accounts-api-key-added-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('"Remove" takes the key away again', async () => {
    await page.getByRole('button', { name: `Remove ${TARGET}` }).click();
    await page.getByRole('alertdialog', { name: `Remove ${TARGET}?` }).getByRole('button', { name: 'Yes, remove it' }).click();
    await expect(accounts.account(TARGET)).toHaveCount(0);
  });
});
