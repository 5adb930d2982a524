import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

interface CreatedKey {
  id: string;
  secret: string;
  role: string;
}

/** Managed keys with limits, and the usage ledger behind them, through the admin API and real SDKs. */
describe('managed keys and the usage ledger', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const admin = <T>(method: string, path: string, body?: unknown, key?: string) => adminCall<T>(stack, method, path, body, key);

  const createKey = async (fields: Record<string, unknown>) => (await admin<CreatedKey>('POST', '/admin/keys', { label: 'test', ...fields })).body;
  const anthropic = (key: string) => new Anthropic({ apiKey: key, baseURL: stack.url, maxRetries: 0 });
  const ask = (key: string, content = 'hi', model = 'claude-sonnet-4-6') => anthropic(key).messages.create({ model, max_tokens: 32, messages: [{ role: 'user', content }] });
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as InstanceType<typeof Anthropic.APIError>);

  it('shows a created key once and stores only its hash', async () => {
    const created = await createKey({ label: 'laptop', owner: 'me' });
    expect(created.secret).toMatch(/^sk-sb-/);
    expect((await ask(created.secret)).content[0]).toMatchObject({ type: 'text' });
    const listed = (await admin<{ keys: Record<string, unknown>[] }>('GET', '/admin/keys')).body.keys.find((key) => key.id === created.id)!;
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(listed).toMatchObject({ label: 'laptop', owner: 'me', role: 'client' });
  });

  it('enforces requests per minute with 429 and Retry-After, in each client format', async () => {
    const { secret } = await createKey({ rpmLimit: 2 });
    await ask(secret);
    await ask(secret);
    const refused = await failure(ask(secret));
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers?.get('retry-after'))).toBeGreaterThan(0);
    // A minute's limit passes: clients may retry (unlike a spent monthly budget).
    expect(refused?.headers?.get('x-should-retry')).toBeNull();
    expect(refused?.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const openai = new OpenAI({ apiKey: secret, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const chat = (await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(chat).toBeInstanceOf(OpenAI.RateLimitError);
    expect(chat.error).toMatchObject({ code: 'rate_limit_exceeded' });
  });

  it('enforces the concurrency cap', async () => {
    const { secret } = await createKey({ concurrencyLimit: 1 });
    stack.api.failNext({ delayMs: 400 });
    const slow = ask(secret, 'slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await failure(ask(secret, 'second')))?.status).toBe(429);
    await slow;
    expect((await ask(secret, 'after')).content[0]).toMatchObject({ type: 'text' });
  });

  const spendOf = async (keyId: string) =>
    (await admin<{ keys: { id: string; monthToDate: { tokens: number; costUsd: number } }[] }>('GET', '/admin/usage/keys')).body.keys.find((key) => key.id === keyId)!.monthToDate;

  /** Asks until refused (at most `limit` times); the refusal. */
  async function askUntilRefused(secret: string, limit: number, send = (key: string) => ask(key)) {
    for (let attempt = 0; attempt < limit; attempt++) {
      const refused = await failure(send(secret));
      if (refused) return refused;
    }
    throw new Error(`not refused after ${limit} requests`);
  }

  it('holds the monthly token budget, until the start of next month, and says retrying will not help', async () => {
    const { id, secret } = await createKey({ monthlyTokenBudget: 2500 });
    const refused = await askUntilRefused(secret, 30);
    expect(refused.status).toBe(429);
    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    expect(Math.abs(Number(refused.headers?.get('retry-after')) - (nextMonth - Date.now()) / 1000)).toBeLessThan(60);
    expect(refused.headers?.get('x-should-retry')).toBe('false');
    expect(refused.message).toMatch(/token budget/);
    const spent = (await spendOf(id)).tokens;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(2500);
  });

  it('holds a budget although the request profile adds input the client did not send', async () => {
    // A tiny body with max_tokens 1: what the upstream counts is mostly what Switchboard adds (Claude Code's system
    // line and metadata for a client that is not Claude Code), so a quote of the body alone would overshoot.
    const { id, secret } = await createKey({ monthlyTokenBudget: 2200 });
    const tiny = (key: string) => anthropic(key).messages.create({ model: 'claude-opus-5-5', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
    await askUntilRefused(secret, 40, tiny);
    const spent = (await spendOf(id)).tokens;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(2200);
  });

  it('holds a cost budget with every model: the current ones are priced, and an unpriced one is refused', async () => {
    const budget = 0.015;
    const { id, secret } = await createKey({ monthlyCostBudgetUsd: budget });
    // Claude Code's default model, which a hand-written price table did not know.
    const refused = await askUntilRefused(secret, 30, (key) => ask(key, 'hi', 'claude-opus-5-5'));
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/cost budget/);
    const { costUsd } = await spendOf(id);
    expect(costUsd).toBeGreaterThan(0);
    expect(costUsd).toBeLessThanOrEqual(budget);
    const { secret: other } = await createKey({ monthlyCostBudgetUsd: 5 });
    const unpriced = await failure(ask(other, 'hi', 'claude-not-priced-9'));
    expect(unpriced?.status).toBe(403);
    expect(unpriced?.message).toMatch(/no known price.*pricing:/);
    expect(stack.api.requests.some((request) => (request.body as { model?: string } | null)?.model === 'claude-not-priced-9')).toBe(false);
  });

  it('enforces the model allow-list with 403, comparing the models the names stand for', async () => {
    const { secret } = await createKey({ allowedModels: ['claude-haiku-4-5'] });
    expect((await failure(ask(secret, 'x', 'claude-sonnet-4-6')))?.status).toBe(403);
    expect((await failure(ask(secret, 'x', 'sonnet')))?.status).toBe(403);
    expect((await ask(secret, 'x', 'claude-haiku-4-5')).content[0]).toMatchObject({ type: 'text' });
    // The live list offers the dated id, which `haiku` stands for.
    expect((await ask(secret, 'x', 'haiku')).content[0]).toMatchObject({ type: 'text' });
    expect((await ask(secret, 'x', 'claude-haiku-4-5-20251001')).content[0]).toMatchObject({ type: 'text' });
    const { secret: sonnet } = await createKey({ allowedModels: ['sonnet'] });
    expect((await ask(sonnet, 'x', 'claude-sonnet-5')).content[0]).toMatchObject({ type: 'text' });
    expect((await failure(ask(sonnet, 'x', 'claude-sonnet-4-6')))?.status).toBe(403);
  });

  it('refuses a revoked key at once', async () => {
    const { id, secret } = await createKey({});
    await ask(secret);
    await admin('DELETE', `/admin/keys/${id}`);
    const refused = await failure(ask(secret));
    expect(refused?.status).toBe(401);
    expect(refused?.message).toMatch(/revoked/);
  });

  it('keeps client keys out of the admin API but lets them read their own spend', async () => {
    const { id, secret } = await createKey({ monthlyCostBudgetUsd: 5 });
    await ask(secret);
    expect((await admin('GET', '/admin/keys', undefined, secret)).status).toBe(403);
    expect((await admin('GET', '/admin/accounts', undefined, secret)).status).toBe(403);
    const own = await admin<{ keys: { id: string; monthToDate: { requests: number; costUsd: number }; budgets: unknown }[] }>('GET', '/admin/usage/keys', undefined, secret);
    expect(own.status).toBe(200);
    expect(own.body.keys.map((key) => key.id)).toEqual([id]);
    expect(own.body.keys[0]!.monthToDate.requests).toBe(1);
    expect(own.body.keys[0]!.monthToDate.costUsd).toBeGreaterThan(0);
    expect(own.body.keys[0]!.budgets).toEqual({ monthlyTokens: null, monthlyCostUsd: 5 });
  });

  it('records every request with tokens, cost, latency and status, and exports them', async () => {
    const { id, secret } = await createKey({ label: 'ledger' });
    await ask(secret, 'count this one');
    await failure(ask(secret, 'x', 'claude-unknown-9')); // an unpriced model: cost stays null
    stack.api.failNext({ status: 529 });
    await failure(ask(secret, 'overloaded'));

    const usage = await admin<{ totals: { requests: number; errors: number; inputTokens: number; costUsd: number | null; unpricedRequests: number }; series: { buckets: { groups: { name: string }[] }[] } }>(
      'GET',
      `/admin/usage?bucket=hour&key=${id}&group-by=model`,
    );
    expect(usage.body.totals).toMatchObject({ requests: 3, errors: 1, unpricedRequests: 1 });
    expect(usage.body.totals.inputTokens).toBeGreaterThan(0);
    expect(usage.body.totals.costUsd).toBeGreaterThan(0);
    const models = new Set(usage.body.series.buckets.flatMap((bucket) => bucket.groups.map((group) => group.name)));
    expect(models).toContain('claude-sonnet-4-6');

    const csv = await fetch(`${stack.url}/admin/usage/export.csv?key=${id}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/cost_usd/);

    type RequestsPage = { requests: { accountId: string | null; status: number; outcome: string; error: string | null; costUsd: number | null; inputTokens: number; latencyMs: number }[]; next: number | null };
    const recent = await admin<RequestsPage>('GET', `/admin/requests?key=${id}&limit=2`);
    expect(recent.body.requests.map((request) => request.status)).toEqual([529, 200]);
    expect(recent.body.requests[0]).toMatchObject({ outcome: 'error', accountId: expect.any(String) });
    expect(recent.body.requests[1]).toMatchObject({ outcome: 'ok', costUsd: null });
    expect(recent.body.requests[0]!.error).toMatch(/overloaded/i);
    const older = await admin<RequestsPage>('GET', `/admin/requests?key=${id}&limit=2&before=${recent.body.next}`);
    expect(older.body.requests).toHaveLength(1);
    expect(older.body.requests[0]).toMatchObject({ status: 200, outcome: 'ok' });
    expect(older.body.requests[0]!.costUsd).toBeGreaterThan(0);
    expect(older.body.next).toBeNull();
    const errorsOnly = await admin<RequestsPage>('GET', `/admin/requests?key=${id}&outcome=error`);
    expect(errorsOnly.body.requests.every((request) => request.outcome === 'error')).toBe(true);
    expect((await admin('GET', '/admin/requests?limit=5000')).status).toBe(400);

    // A translated request the upstream refused still names the account that refused it.
    stack.api.failNext({ status: 529 });
    const chat = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'overloaded' }] }),
    });
    expect(chat.status).toBe(529);
    const refused = await admin<RequestsPage>('GET', `/admin/requests?key=${id}&limit=1`);
    expect(refused.body.requests[0]).toMatchObject({ status: 529, outcome: 'error', accountId: expect.any(String) });
    expect((await admin('GET', '/admin/requests', undefined, secret)).status).toBe(403);
  });
});
