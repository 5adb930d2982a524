import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, TEST_API_KEY } from './harness.js';
import { startCursorStack, type CursorStack } from './cursor-stack.js';

interface QuotaView {
  quota: { windows: { name: string; label: string; usedPercent: number; resetsAt: string | null }[]; source: string } | null;
}

/** Issue #17, models and limits: Cursor's plan usage as quota windows, and the models a login may use. */
describe('Cursor models and plan usage', () => {
  let stack: CursorStack;

  beforeAll(async () => {
    stack = await startCursorStack();
  });
  afterAll(() => stack.close());

  it('reads the plan usage from /auth/usage-summary as quota windows resetting at the billing cycle end', async () => {
    stack.auth.usageSummary = {
      billingCycleEnd: '2026-12-24T00:00:00.000Z',
      individualUsage: { plan: { used: 700, limit: 2000, totalPercentUsed: 35, autoPercentUsed: 20, apiPercentUsed: 55 }, onDemand: { enabled: true, used: 100, limit: 400 } },
    };
    const read = await adminCall<QuotaView>(stack, 'POST', `/admin/accounts/${stack.account.id}/quota`);
    expect(read.status).toBe(200);
    expect(read.body.quota?.source).toBe('usage-endpoint');
    expect(read.body.quota?.windows.map((window) => [window.name, window.label, window.usedPercent, window.resetsAt])).toEqual([
      ['plan', 'plan usage', 35, '2026-12-24T00:00:00.000Z'],
      ['cursor_models', 'Cursor models', 20, '2026-12-24T00:00:00.000Z'],
      ['other_models', 'Other models', 55, '2026-12-24T00:00:00.000Z'],
      ['on_demand', 'on-demand spending', 25, '2026-12-24T00:00:00.000Z'],
    ]);
    const asked = stack.auth.requests.filter((request) => request.path === '/auth/usage-summary');
    expect(asked.at(-1)?.authorization).toBe(`Bearer ${stack.account.data.access_token}`);
    const { body } = await adminCall<{ accounts: (QuotaView & { id: string })[] }>(stack, 'GET', '/admin/accounts');
    expect(body.accounts.find((account) => account.id === stack.account.id)?.quota?.windows.map((window) => window.name)).toEqual(['plan', 'cursor_models', 'other_models', 'on_demand']);
  });

  it('answers every model name when Cursor is the only target with accounts (Cursor-only), unknown ones with its default model', async () => {
    stack.agent.answerNext({ steps: [{ text: 'from cursor' }] }, { steps: [{ text: 'composer here' }] });
    const unknown = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-opus-4-1-20250805', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unknown.status).toBe(200);
    const run = stack.agent.runs.at(-1)!;
    expect(run.runRequest.requestedModel?.modelId).toBe('claude-4.5-sonnet');
    const named = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cursor-composer-1', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(named.status).toBe(200);
    expect(stack.agent.runs.at(-1)?.runRequest.requestedModel?.modelId).toBe('composer-1');
  });

  it('says that the catalog lists Cursor as a provider with a usage endpoint', async () => {
    const { body } = await adminCall<{ providers: { id: string; quotaSources: string[] }[] }>(stack, 'GET', '/admin/providers');
    expect(body.providers.find((provider) => provider.id === 'cursor')?.quotaSources).toEqual(['usage-endpoint']);
  });
});

interface ModelList {
  data: { id: string; display_name: string }[];
}

/** `/v1/models` once the account's first list was read (or its reading failed and the built-in list stands). */
async function listedCursorModels(stack: CursorStack): Promise<[string, string][]> {
  const response = await fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  const list = (await response.json()) as ModelList;
  return list.data.filter((model) => model.id.startsWith('cursor-')).map((model) => [model.id, model.display_name]);
}

const startedWith = (prepare: Parameters<typeof startCursorStack>[1]) => startCursorStack({}, prepare);

describe('Cursor model lists, in order: GetUsableModels, AvailableModels, the built-in list', () => {
  it('lists the account’s usable models under the names that route to Cursor', async () => {
    const stack = await startCursorStack();
    try {
      await expect.poll(() => listedCursorModels(stack)).toEqual([
        ['cursor-claude-4.5-sonnet', 'claude-4.5-sonnet (catalog) (Cursor)'],
        ['cursor-gpt-5', 'gpt-5 (catalog) (Cursor)'],
        ['cursor-composer-1', 'composer-1 (catalog) (Cursor)'],
      ]);
      expect(stack.agent.modelListCalls.length).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });

  it('falls back to AvailableModels when GetUsableModels fails', async () => {
    const stack = await startedWith(({ agent }) => (agent.usableModels = 'fail'));
    try {
      await expect.poll(() => listedCursorModels(stack)).toEqual([
        ['cursor-gpt-5', 'gpt-5 (available) (Cursor)'],
        ['cursor-claude-4.5-sonnet', 'claude-4.5-sonnet (available) (Cursor)'],
      ]);
    } finally {
      await stack.close();
    }
  });

  it('keeps the built-in list from the config when neither list answers', async () => {
    const stack = await startedWith(({ agent, auth }) => {
      agent.usableModels = 'fail';
      auth.availableModels = 'fail';
    });
    try {
      await expect.poll(() => stack.auth.requests.some((request) => request.path === '/aiserver.v1.AiService/AvailableModels')).toBe(true);
      expect(await listedCursorModels(stack)).toEqual([
        ['cursor-claude-4.5-sonnet', 'Claude 4.5 Sonnet (Cursor)'],
        ['cursor-gpt-5', 'GPT-5 (Cursor)'],
        ['cursor-composer-1', 'Composer 1 (Cursor)'],
      ]);
    } finally {
      await stack.close();
    }
  });
});
