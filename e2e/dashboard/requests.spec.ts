/**
 * Requests: the traffic of the earlier specs listed one by one, a failing request appearing live without a
 * reload, and the outcome filter keeping only the failures with their error in words.
 */
import { attachScreenshot } from './support/screenshots.js';
import { anthropicClient, askClaude, failureOf } from './support/sdk.js';
import { expect, test } from './support/fixtures.js';

test('recent requests show status, model, key, tokens and errors, live and filtered', async ({ requests, stack }, testInfo) => {
  await test.step('the earlier SDK traffic is listed, newest first, with its key and tokens', async () => {
    await requests.open();
    await expect(requests.rows().first()).toBeVisible();
    const newest = await requests.row(0);
    expect(newest.Status).toBe('200');
    expect(newest.Tokens).toMatch(/^\d[\d,]* in · \d[\d,]* out/);
    expect(newest.Latency).toMatch(/ s/);
    const keys = await requests.rows().getByRole('cell').allTextContents();
    expect(keys).toContain('owner key');
  });

  await test.step('a request the proxy refuses appears by itself while Live is on', async () => {
    await expect(requests.liveToggle).toBeChecked();
    const before = await requests.rows().count();
    const refused = await failureOf(askClaude(anthropicClient(stack, stack.ownerKey), 'no-such-model-9', 'this one fails'));
    expect(refused).toMatchObject({ status: 404 });
    await expect(requests.rows()).toHaveCount(before + 1);
    const newest = await requests.row(0);
    expect(newest.Status).toBe('error 404');
    expect(newest.Model).toBe('no-such-model-9');
    expect(newest.Error).toMatch(/no-such-model-9/);
  });

  await test.step('the outcome filter keeps only the failures', async () => {
    await requests.outcomeFilter.selectOption({ label: 'Failed' });
    await expect(requests.rows()).toHaveCount(1);
    expect((await requests.row(0)).Status).toBe('error 404');
    await attachScreenshot(requests.page, testInfo, 'requests-failed');
    await requests.outcomeFilter.selectOption({ label: 'All' });
    await expect(requests.rows().nth(1)).toBeVisible();
  });
});
