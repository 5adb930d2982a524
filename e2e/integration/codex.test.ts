import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada, type CodexUser } from '../stand-ins/codex-identity.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { adminCall, TEST_API_KEY } from './harness.js';

const ADA = ada('plus');
const BEA: CodexUser = { email: 'bea@example.com', userId: 'user-bea', accountId: 'ws-bea', plan: 'pro' };
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

/**
 * Issue #16: a ChatGPT (Codex) login as a target, against the Codex stand-ins. Responses clients pass through to the
 * backend with its named edits; Chat Completions and Messages clients go through the IR; errors inside the 200
 * stream fail over; a refused token is refreshed once.
 */
describe('ChatGPT (Codex) target', () => {
  let stack: CodexStack;
  let openai: OpenAI;
  let url: string;
  const responsesRequests = () => stack.backend.requests.filter((request) => request.path === '/backend-api/codex/responses');
  const lastBackendRequest = (): RecordedRequest => responsesRequests().at(-1)!;

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
    url = stack.url;
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  it('passes a non-streaming Responses request through with the backend\'s edits, and drains the stream into one answer', async () => {
    const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: hello from codex', max_output_tokens: 100, temperature: 0.2, instructions: 'Be brief.' });
    expect(response.output_text).toBe('hello from codex');
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    const sent = lastBackendRequest();
    expect(sent.body).toMatchObject({ model: 'gpt-5.5', stream: true, store: false, instructions: 'Be brief.', include: ['reasoning.encrypted_content'], input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say exactly: hello from codex' }] }] });
    expect(sent.body).not.toHaveProperty('max_output_tokens');
    expect(sent.body).not.toHaveProperty('temperature');
    expect(sent.headers).toMatchObject({ 'chatgpt-account-id': ADA.accountId, originator: 'codex_cli_rs', version: '0.155.0' });
    expect(sent.headers['user-agent']).toMatch(/^codex_cli_rs\/0\.155\.0 \(/);
    expect(sent.headers).not.toHaveProperty('openai-beta');
  });

  it('streams a Responses request, keeping the session header from prompt_cache_key', async () => {
    const stream = openai.responses.stream({ model: 'gpt-5.5', input: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say exactly: streamed codex' }], prompt_cache_key: 'conv-42' });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('streamed codex');
    const sent = lastBackendRequest();
    expect(sent.headers['session_id']).toBe('conv-42');
    expect((sent.body as { input: Array<{ role: string }> }).input[0]?.role).toBe('developer');
  });

  it('serves Chat Completions through the IR: a tool call and its result, streamed and not', async () => {
    const first = await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Use get_weather for Oslo' }], tools: [weather] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    const streamed = await openai.chat.completions
      .stream({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Use get_weather for Oslo' }, first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'Sunny' }], tools: [weather], max_tokens: 500 })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe('Tool result received: Sunny');
    const sent = lastBackendRequest().body as Record<string, unknown>;
    expect(sent).toMatchObject({ stream: true, store: false, instructions: '', parallel_tool_calls: true });
    expect(sent).not.toHaveProperty('max_output_tokens');
  });

  it('serves the Anthropic Messages API through the IR', async () => {
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: url, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'gpt-5.5', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Say exactly: via messages' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'via messages' })]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect((lastBackendRequest().body as Record<string, unknown>)['instructions']).toBe('Be brief.');
  });

  it('lists the backend\'s models, answers to the chatgpt/ prefix, and shows the plan\'s windows by length', async () => {
    const ids = (await openai.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-5.4', 'gpt-5.5', 'gpt-5.6', 'gpt-6-astra']));
    const prefixed = await openai.responses.create({ model: 'chatgpt/gpt-5.6', input: 'Say exactly: by prefix' });
    expect(prefixed.output_text).toBe('by prefix');
    expect((lastBackendRequest().body as { model: string }).model).toBe('gpt-5.6');
    const { body } = await adminCall<{ accounts: Array<{ quota: { windows: Array<{ name: string; usedPercent: number }> } | null }> }>({ url }, 'GET', '/admin/accounts');
    expect(body.accounts[0]?.quota?.windows.map((window) => [window.name, window.usedPercent])).toEqual([['five_hour', 12], ['seven_day', 40]]);
    const usage = await adminCall<{ quota: { windows: Array<{ name: string }>; source: string } }>({ url }, 'POST', `/admin/accounts/${(await stack.store.accountsOf('codex'))[0]!.id}/quota`);
    expect(usage.status).toBe(200);
    expect(usage.body.quota.source).toBe('usage-endpoint');
    expect(stack.backend.requests.at(-1)?.path).toBe('/backend-api/wham/usage');
  });

  it("sends each model an effort it takes: one it lacks becomes the nearest it has, from the model list's levels", async () => {
    await openai.models.list(); // the model list (and its levels) has been read
    // gpt-5.5 takes low…xhigh: "minimal" (Chat, through the IR) goes up to low, "max" (Responses, passed through) down to xhigh.
    const chat = await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Say exactly: low effort' }], reasoning_effort: 'minimal' });
    expect(chat.choices[0]?.message.content).toBe('low effort');
    expect((lastBackendRequest().body as { reasoning: { effort: string } }).reasoning.effort).toBe('low');
    const responses = await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: most effort', reasoning: { effort: 'max' as 'high' } });
    expect(responses.output_text).toBe('most effort');
    expect((lastBackendRequest().body as { reasoning: { effort: string } }).reasoning.effort).toBe('xhigh');
    // A model that takes the effort gets it as sent.
    await openai.responses.create({ model: 'gpt-5.6', input: 'Say exactly: minimal', reasoning: { effort: 'minimal' } });
    expect((lastBackendRequest().body as { reasoning: { effort: string } }).reasoning.effort).toBe('minimal');
  });

  it("reads the plan's windows and credits from the stream's codex.rate_limits event, through the IR and passed through", async () => {
    const windows = async () => {
      const { body } = await adminCall<{ accounts: Array<{ quota: { windows: Array<{ name: string; usedPercent: number }>; credits?: unknown } | null }> }>({ url }, 'GET', '/admin/accounts');
      return body.accounts[0]?.quota;
    };
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    // Only the weekly window (the 5-hour one gone), named by its length though it comes as "primary".
    stack.backend.limitsOnlyInStreamNext({ primary: { usedPercent: 55, windowMinutes: 10080, resetAt: inAnHour }, secondary: null, credits: { hasCredits: true, unlimited: false, balance: '12.5' } });
    await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Say exactly: through the IR' }] });
    const weekly = await windows();
    expect(weekly?.windows.find((window) => window.name === 'seven_day')?.usedPercent).toBe(55);
    expect(weekly?.credits).toEqual({ hasCredits: true, unlimited: false, balance: '12.5' });
    stack.backend.limitsOnlyInStreamNext({ primary: { usedPercent: 30, windowMinutes: 300, resetAt: inAnHour }, secondary: { usedPercent: 61, windowMinutes: 10080, resetAt: inAnHour } });
    const streamed = await openai.responses.stream({ model: 'gpt-5.5', input: 'Say exactly: passed through' }).finalResponse();
    expect(streamed.output_text).toBe('passed through');
    expect((await windows())?.windows.map((window) => [window.name, window.usedPercent])).toEqual([['five_hour', 30], ['seven_day', 61]]);
  });

  it('maps response.incomplete to the client\'s max-tokens stop', async () => {
    stack.backend.failNext({ incomplete: 'max_output_tokens' });
    const answer = await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Say exactly: cut short' }] });
    expect(answer.choices[0]?.finish_reason).toBe('length');
  });

  it('fails over to another login when the backend fails inside the 200 stream before any content', async () => {
    await stack.login(BEA);
    await adminCall({ url }, 'POST', '/admin/reload');
    expect((await adminCall<{ accounts: unknown[] }>({ url }, 'GET', '/admin/accounts')).body.accounts).toHaveLength(2);
    stack.backend.failNext({ inStream: { code: 'server_is_overloaded' } });
    const before = responsesRequests().length;
    const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: after failover' });
    expect(response.output_text).toBe('after failover');
    const tried = responsesRequests().slice(before).map((request) => request.headers['chatgpt-account-id']);
    expect(tried).toHaveLength(2);
    expect(new Set(tried).size).toBe(2);
  });

  it('refreshes a token the backend refused once, rotating the refresh token in the account file', async () => {
    const accounts = () => stack.store.accountsOf('codex');
    const before = new Map((await accounts()).map((account) => [account.id, account.data.refresh_token]));
    stack.tokens.expireAccessTokens();
    const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say exactly: refreshed' });
    expect(response.output_text).toBe('refreshed');
    const after = await accounts();
    const rotated = after.filter((account) => account.data.refresh_token !== before.get(account.id));
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    expect(rotated.every((account) => account.data.needs_login === null)).toBe(true);
  });

  it('answers a model the configured client version is too old for with the fix in words', async () => {
    stack.backend.setModels([{ slug: 'gpt-5.5', minimalClientVersion: '0.125.0', supportedReasoningLevels: ['medium'], defaultReasoningLevel: 'medium', priority: 0 }, { slug: 'gpt-7', minimalClientVersion: '9.0.0', supportedReasoningLevels: ['medium'], defaultReasoningLevel: 'medium', priority: 1 }]);
    const refused = await openai.responses.create({ model: 'gpt-7', input: 'hi' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(String((refused as Error).message)).toMatch(/requires a newer version of Codex/);
  });
});

describe('two Switchboards sharing one auth-dir and one ChatGPT login', () => {
  let stack: CodexStack;
  afterAll(() => stack.close());

  it('refresh it once between them: both answer, the login is rotated once and not logged out', async () => {
    stack = await startCodexStack([ADA]);
    const second = await stack.second();
    // Both processes now read a login whose token expires within the refresh margin: each one's next request refreshes first.
    const [login] = await stack.store.accountsOf('codex');
    await stack.store.save({ id: login!.id, data: { ...login!.data, expires_at: new Date(Date.now() + 60_000).toISOString() } });
    await Promise.all([stack.url, second.url].map((url) => adminCall({ url }, 'POST', '/admin/reload')));
    const ask = (url: string, text: string) => new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${url}/v1`, maxRetries: 0 }).responses.create({ model: 'gpt-5.5', input: `Say exactly: ${text}` });
    const [one, two] = await Promise.all([ask(stack.url, 'first process'), ask(second.url, 'second process')]);
    expect([one.output_text, two.output_text]).toEqual(['first process', 'second process']);
    expect(stack.auth.requests.filter((request) => request.path === '/oauth/token')).toHaveLength(1);
    const [account] = await stack.store.accountsOf('codex');
    expect(account?.data.needs_login).toBeNull();
    // The rotated login still works in both (a reused refresh token would have ended it).
    const [three, four] = await Promise.all([ask(stack.url, 'still in'), ask(second.url, 'still in too')]);
    expect([three.output_text, four.output_text]).toEqual(['still in', 'still in too']);
  });
});
