/** The key gate: nothing of the dashboard without an admin key; a wrong key is refused in words. */
import { AppShell, KeyGate, OverviewPage } from '../pages/index.js';
import { expect, test } from './support/fixtures.js';

test('the dashboard opens only with an admin key, and says why a key is refused', async ({ page, stack }) => {
  const gate = new KeyGate(page);
  const shell = new AppShell(page);
  const overview = new OverviewPage(page);

  await test.step('the first visit asks for the admin key and shows nothing else', async () => {
    await gate.goto();
    await expect(gate.keyField).toBeFocused();
    await expect(shell.sections).toHaveCount(0);
  });

  await test.step('an empty key is asked for', async () => {
    await gate.openButton.click();
    await expect(gate.error).toHaveText('Paste the key first.');
  });

  await test.step('a key this server does not know is refused with a sentence, and the gate stays', async () => {
    await gate.submit('sk-sb-this-is-not-a-key-of-this-server');
    await expect(gate.error).toContainText('did not accept this key');
    // The CLI named as the server was started (global-setup.ts: the README's way).
    await expect(gate.error).toContainText('`npm run switchboard -- key show` prints the owner key');
    await expect(gate.keyField).toHaveAttribute('aria-invalid', 'true');
    await expect(shell.sections).toHaveCount(0);
  });

  await test.step('the owner key opens the dashboard on the overview', async () => {
    await gate.submit(stack.ownerKey);
    await expect(shell.sections).toBeVisible();
    await expect(gate.region).toHaveCount(0);
    await expect(shell.tab('Overview')).toHaveAttribute('aria-current', 'page');
    await overview.loaded();
    await expect(overview.status).toContainText('The proxy is answering');
    // One base URL per API family, each saying which clients it is for.
    await expect(overview.endpoint('Anthropic')).toHaveText(stack.url);
    await expect(overview.endpoint('OpenAI')).toHaveText(`${stack.url}/v1`);
    await expect(overview.status).toContainText('OpenAI clients (Codex CLI, OpenAI SDK)');
    await expect(overview.copyEndpointButton('OpenAI')).toBeVisible();
  });

  await test.step('the key is kept for this window: a reload stays signed in', async () => {
    await page.reload();
    await expect(shell.sections).toBeVisible();
  });

  await test.step('"Forget key" goes back to the gate', async () => {
    await shell.forgetKeyButton.click();
    await expect(gate.region).toBeVisible();
    await expect(shell.sections).toHaveCount(0);
    await page.reload();
    await expect(gate.region).toBeVisible();
  });
});
