/**
 * Traffic from the official SDKs, watched arriving in the dashboard: the account's quota bars follow the
 * stand-in's rate-limit headers, and the overview and the usage page count the requests, tokens and cost.
 */
import { askChat, askClaude, anthropicClient, openaiClient } from './support/sdk.js';
import { setQuotaUtilization } from './support/stack.js';
import { ACCOUNT_EMAIL, expect, test } from './support/fixtures.js';

const CLAUDE_MODEL = 'claude-sonnet-4-6';
const CHAT_MODEL = 'claude-haiku-4-5';

test('SDK traffic shows up as quota bars, counts and cost', async ({ overview, accounts, usage, stack }) => {
  await test.step('before any traffic: no requests today, and the account shows no 42 % window', async () => {
    await overview.open();
    expect(await overview.stat('Today', 'Requests')).toBe('0');
    await accounts.open();
    expect((await accounts.quotaPercents(ACCOUNT_EMAIL))['5-hour limit']).not.toBe(42);
  });

  await test.step('an @anthropic-ai/sdk request while the stand-in reports 42 % / 17 % used', async () => {
    await setQuotaUtilization(stack, 0.42, 0.17);
    const reply = await askClaude(anthropicClient(stack, stack.ownerKey), CLAUDE_MODEL, 'Please repeat the names of the five largest lakes.');
    expect(reply).toContain('five largest lakes');
  });

  await test.step('the account card shows both quota windows at those values, with reset countdowns', async () => {
    await accounts.refreshUntilQuota(ACCOUNT_EMAIL, { '5-hour limit': 42, 'weekly limit': 17 });
    await expect(accounts.quotaBar(ACCOUNT_EMAIL, '5-hour limit')).toHaveAttribute('aria-valuetext', '42 % used');
    await expect(accounts.account(ACCOUNT_EMAIL)).toContainText(/42 % · resets in \d/);
    await expect(accounts.account(ACCOUNT_EMAIL)).toContainText(/17 % · resets in \d+ d/);
    expect(await accounts.fact(ACCOUNT_EMAIL, 'Requests')).toBe('1 (0 failed)');
  });

  await test.step('an openai SDK request (translated) while the windows move to 58 % / 21 %', async () => {
    await setQuotaUtilization(stack, 0.58, 0.21);
    const reply = await askChat(openaiClient(stack, stack.ownerKey), CHAT_MODEL, 'Please repeat the colours of the rainbow.');
    expect(reply).toContain('colours of the rainbow');
  });

  await test.step('the bars follow', async () => {
    await accounts.refreshUntilQuota(ACCOUNT_EMAIL, { '5-hour limit': 58, 'weekly limit': 21 });
    expect(await accounts.fact(ACCOUNT_EMAIL, 'Requests')).toBe('2 (0 failed)');
  });

  await test.step('the overview counts both requests today, with tokens and a cost', async () => {
    await overview.open();
    await expect.poll(() => overview.stat('Today', 'Requests')).toBe('2');
    expect(await overview.stat('Today', 'Tokens')).toMatch(/^[1-9][\d.]*( k)?$/);
    expect(await overview.stat('Today', 'API-equivalent cost')).toMatch(/^(< \$0\.01|\$\d+\.\d\d)$/);
    await expect(overview.attention).toContainText('Nothing needs attention');
  });

  await test.step('the usage page charts both models and lists their tokens and cost', async () => {
    await usage.open();
    await expect(usage.noRequests).toHaveCount(0);
    await expect(usage.chart).toBeVisible();
    await expect(usage.chart).toHaveAccessibleName(new RegExp(`^Cost by model, .*${CLAUDE_MODEL} \\$0\\.0*[1-9]`));
    await expect(usage.chart).toHaveAccessibleName(new RegExp(`${CHAT_MODEL} \\$0\\.0*[1-9]`));
    // The chart's own data: today's bar holds both models.
    await expect(usage.chartData.getByRole('row')).toHaveCount(2);
    await expect(usage.totals).toContainText(/Cost\s*\$0\.0*[1-9]/);
    for (const model of [CLAUDE_MODEL, CHAT_MODEL]) {
      await expect(usage.row(model)).toBeVisible();
      expect(await usage.figure(model, 'Requests')).toBe('1');
      expect(await usage.figure(model, 'Errors')).toBe('0');
      expect(Number((await usage.figure(model, 'Input')).replace(/,/g, ''))).toBeGreaterThan(0);
      expect(Number((await usage.figure(model, 'Output')).replace(/,/g, ''))).toBeGreaterThan(0);
      expect(await usage.figure(model, 'Cost')).toMatch(/^\$0\.0*[1-9]\d*$/);
    }
  });
});
