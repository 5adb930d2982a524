import { afterEach, describe, expect, it } from 'vitest';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

interface RecordedRequest {
  keyId: string | null;
  accountId: string | null;
  provider: string | null;
  modelRequested: string | null;
  modelServed: string | null;
  status: number;
  outcome: string;
}

interface UsageAnswer {
  series: { buckets: { groups: { name: string | null; requests: number; errors: number }[] }[] };
}

/**
 * Requests that fail still say in the ledger what they asked for and whom they tried: a request refused by its
 * key's limits keeps the model it named, and one that fails on its way to an account names that account, the
 * provider and the model it was routed to. The dashboard's Requests list and the usage grouping read this.
 */
describe('the usage event of a request that did not succeed', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.close();
    stack = null;
  });

  const newest = async (running: Stack, query = ''): Promise<RecordedRequest> => (await adminCall<{ requests: RecordedRequest[] }>(running, 'GET', `/admin/requests?limit=1${query}`)).body.requests[0]!;
  const groups = async (running: Stack, by: string, query = '') =>
    (await adminCall<UsageAnswer>(running, 'GET', `/admin/usage?bucket=hour&group-by=${by}${query}`)).body.series.buckets.flatMap((bucket) => bucket.groups);
  const send = (running: Stack, path: string, body: unknown, key = TEST_API_KEY) =>
    fetch(`${running.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("keeps the model a request refused by its key's limits asked for, and counts it under that model", async () => {
    stack = await startStack();
    const created = await adminCall<{ id: string; secret: string }>(stack, 'POST', '/admin/keys', { label: 'haiku only', allowedModels: ['claude-haiku-4-5'] });
    const { id, secret } = created.body;
    const refused = await send(stack, '/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, secret);
    expect(refused.status).toBe(403);

    expect(await newest(stack, `&key=${id}`)).toMatchObject({ keyId: id, modelRequested: 'claude-sonnet-4-6', modelServed: null, accountId: null, provider: null, status: 403 });
    expect((await groups(stack, 'model', `&key=${id}`)).map((group) => [group.name, group.requests, group.errors])).toEqual([['claude-sonnet-4-6', 1, 1]]);
  });

  for (const route of [
    { path: '/v1/messages', body: { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] } },
    { path: '/v1/chat/completions', body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] } },
  ]) {
    it(`names the account a failed ${route.path} request was sent to, and the provider and model it was routed to`, async () => {
      stack = await startStack({ config: { timeouts: { 'first-byte': '300ms' } } });
      const accountId = (await adminCall<{ accounts: { id: string }[] }>(stack, 'GET', '/admin/accounts')).body.accounts[0]!.id;

      // The only account does not answer in time: the client gets 504, and the account is cooled down.
      stack.api.failNext({ delayMs: 3000 });
      expect((await send(stack, route.path, route.body)).status).toBe(504);
      expect(await newest(stack)).toMatchObject({ accountId, provider: 'anthropic', modelRequested: 'claude-sonnet-4-6', modelServed: 'claude-sonnet-4-6', status: 504, outcome: 'error' });

      // With the account disabled none is left to try: routed, but sent to no account.
      expect((await adminCall(stack, 'PATCH', `/admin/accounts/${encodeURIComponent(accountId)}`, { enabled: false })).status).toBe(200);
      expect((await send(stack, route.path, route.body)).status).toBe(503);
      expect(await newest(stack)).toMatchObject({ accountId: null, provider: 'anthropic', modelServed: 'claude-sonnet-4-6', status: 503 });

      expect((await groups(stack, 'account')).map((group) => [group.name, group.requests])).toEqual([[null, 1], [accountId, 1]]);
      expect((await groups(stack, 'model')).map((group) => [group.name, group.requests])).toEqual([['claude-sonnet-4-6', 2]]);
    });
  }
});
