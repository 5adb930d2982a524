/**
 * Requests: the traffic of the earlier specs listed one by one, refused requests appearing live without a
 * reload — with the model they asked for, the account they reached (or none) and their error in words — the
 * outcome filter keeping only the failures, and a request a fallback chain served naming the target that served
 * and the ones tried before it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderedLines } from '../pages/index.js';
import { startAnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { attachScreenshot } from './support/screenshots.js';
import { anthropicClient, askClaude, failureOf } from './support/sdk.js';
import { expect, test } from './support/fixtures.js';

test('recent requests show status, model, key, tokens and errors, live and filtered', async ({ requests, stack }, testInfo) => {
  await test.step('the earlier SDK traffic is listed, newest first, with its key, account and tokens', async () => {
    await requests.open();
    await expect(requests.succeededRequests().first()).toBeVisible();
    const newest = await requests.row(requests.succeededRequests().first());
    expect(newest.Status).toBe('200');
    expect(newest.Time, 'a 24-hour clock with seconds').toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
    expect(newest.Tokens).toMatch(/^\d[\d,]* in · \d[\d,]* out/);
    expect(newest.Latency).toMatch(/^\d+\.\d\d s/);
    expect(newest.Account).toBe('e2e-person@example.com');
    expect(newest.Model, 'the target that served, after the model').toMatch(/ · via anthropic$/);
    const keys = await requests.requests().getByRole('cell').allTextContents();
    expect(keys).toContain('owner key');
    for (const width of [1280, 420]) {
      await requests.page.setViewportSize({ width, height: 900 });
      await attachScreenshot(requests.page, testInfo, `requests-${width}`);
    }
    await requests.page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('a request for a model that is not served appears by itself while Live is on, with what it asked for', async () => {
    await expect(requests.liveToggle).toBeChecked();
    const before = await requests.requests().count();
    const refused = await failureOf(askClaude(anthropicClient(stack, stack.ownerKey), 'no-such-model-9', 'this one fails'));
    expect(refused).toMatchObject({ status: 404 });
    await expect(requests.requests()).toHaveCount(before + 1);
    const newest = await requests.row(0);
    expect(newest.Status).toBe('error 404');
    expect(newest.Model).toMatch(/^no-such-model-9\b/);
    expect(newest.Account).toBe('none tried');
    await expect(requests.errorOf(requests.requests().first())).toHaveText(/^Error: .*no-such-model-9/);
  });

  await test.step("a request refused by its key's limits names the model it asked for", async () => {
    const created = await fetch(`${stack.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Haiku only', allowedModels: ['claude-haiku-4-5'] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    const before = await requests.requests().count();
    expect(await failureOf(askClaude(anthropicClient(stack, secret), 'claude-sonnet-4-6', 'not allowed'))).toMatchObject({ status: 403 });
    await expect(requests.requests()).toHaveCount(before + 1);
    const newest = await requests.row(0);
    expect(newest).toMatchObject({ Status: 'error 403', Key: 'Haiku only', Account: 'none tried' });
    expect(newest.Model).toMatch(/^claude-sonnet-4-6\b/);
    await expect(requests.errorOf(requests.requests().first())).toHaveText(/^Error: .*claude-sonnet-4-6/);
  });

  await test.step('the outcome filter keeps only the failures', async () => {
    const failed = await requests.failedRequests().count();
    await requests.outcomeFilter.selectOption({ label: 'Failed' });
    await expect(requests.requests()).toHaveCount(failed);
    expect((await requests.row(0)).Status).toBe('error 403');
    await attachScreenshot(requests.page, testInfo, 'requests-failed');
    await requests.outcomeFilter.selectOption({ label: 'All' });
    await expect(requests.requests()).not.toHaveCount(failed);
  });
});

/** A line of the Tokens cell made of whole figures ("12,255 cache write"), however the cell wrapped. */
const WHOLE_TOKEN_FIGURES = /^(· )?\d[\d,]* (in|out|cache read|cache write)( · \d[\d,]* (in|out|cache read|cache write))*( ·)?( \(estimated\))?$/;

test('the table wraps an e-mail only before its "@" or a dot, and the tokens only between figures', async ({ requests, page, stack }) => {
  // A key with a long label takes room from the other columns, as a real key list does.
  const created = await fetch(`${stack.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Nightly integration build server' }),
  });
  const { id, secret } = (await created.json()) as { id: string; secret: string };
  await askClaude(anthropicClient(stack, secret), 'claude-haiku-4-5', 'Please repeat: a request with a long key label.');
  // Its request is all it is for: revoked, it leaves the Keys view to the keys the later specs show.
  await fetch(`${stack.url}/admin/keys/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.ownerKey}` } });

  await requests.open();
  await expect(requests.succeededRequests().first()).toBeVisible();
  // Down to 1000 px, the narrowest window that still shows the table as a table, where its columns are tightest.
  for (const width of [1280, 1100, 1000]) {
    await page.setViewportSize({ width, height: 800 });
    for (const request of await requests.requests().all()) {
      const account = await renderedLines(await requests.cellOf(request, 'Account'));
      expect(account.slice(1).filter((line) => !/^[@.]/.test(line)), `the account "${account.join(' / ')}" at ${width} px`).toEqual([]);
      const tokens = await renderedLines(await requests.cellOf(request, 'Tokens'));
      expect(tokens.filter((line) => !WHOLE_TOKEN_FIGURES.test(line)), `the tokens "${tokens.join(' / ')}" at ${width} px`).toEqual([]);
    }
  }
});

test('a request a fallback chain served names the target that served and the ones tried before it', async ({ requests, stack }) => {
  // Two Anthropic API keys of this spec's own, so the shared Claude account is left alone: the first is refused
  // with a rate limit once, and the chain carries on to the second.
  const spentKey = 'sk-ant-api03-e2e-spent-0123456789';
  const workKey = 'sk-ant-api03-e2e-work-0123456789';
  const spent = await startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: [spentKey] });
  const work = await startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: [workKey] });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.ownerKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const listsModel = async (id: string) => {
    const listed = (await (await admin('GET', '/v1/models')).json()) as { data: { id: string }[] };
    return listed.data.some((model) => model.id === id);
  };
  const original = readFileSync(stack.configPath, 'utf8');
  const accounts: string[] = [];
  try {
    for (const [instance, key, upstream] of [['e2e-spent', spentKey, spent], ['e2e-work', workKey, work]] as const) {
      const added = await admin('POST', '/admin/targets', { provider: 'anthropic-key', instance, key, base_url: upstream.url });
      expect(added.status).toBe(201);
      accounts.push(((await added.json()) as { account: string }).account);
    }
    // A table name of its own, so no other spec's model goes along this chain.
    const chain = ['anthropic-key:e2e-spent/claude-sonnet-4-6', 'anthropic-key:e2e-work/claude-sonnet-4-6'];
    writeFileSync(stack.configPath, `${JSON.stringify({ ...(JSON.parse(original) as object), routing: { models: { 'e2e-chained': chain } } }, null, 2)}\n`);
    expect((await admin('POST', '/admin/reload')).status).toBe(200);
    expect(await listsModel('e2e-chained')).toBe(true);

    spent.failNext({ status: 429, retryAfterSeconds: 3600 });
    expect(await askClaude(anthropicClient(stack, stack.ownerKey), 'e2e-chained', 'Please repeat: a chained request.')).toBeTruthy();

    await requests.open();
    await expect(requests.succeededRequests().first()).toBeVisible();
    const newest = await requests.row(requests.succeededRequests().first());
    expect(newest.Status).toBe('200');
    expect(newest.Model).toMatch(/ · asked for e2e-chained · via anthropic-key:e2e-work after anthropic-key:e2e-spent$/);
  } finally {
    // The table goes first: a table naming a target that is gone would be refused.
    writeFileSync(stack.configPath, original);
    await admin('POST', '/admin/reload');
    for (const account of accounts) await admin('DELETE', `/admin/accounts/${encodeURIComponent(account)}`);
    await Promise.all([spent.close(), work.close()]);
  }
  expect(await listsModel('e2e-chained')).toBe(false);
});
