import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_BETA, startAnthropicStandIn, type AnthropicStandIn } from './anthropic-api.js';
import { TokenRegistry } from './token-registry.js';

const KEY = 'sk-ant-api03-standin-key';
const MODEL = 'claude-sonnet-4-6';

/** The Anthropic stand-in in API-key mode answers as the API does for keys: x-api-key only, no OAuth, no windows. */
describe('Anthropic stand-in, API-key mode', () => {
  let standIn: AnthropicStandIn;
  let oauthToken: string;

  beforeAll(async () => {
    const tokens = new TokenRegistry();
    oauthToken = tokens.issue('max-user@example.com').accessToken;
    standIn = await startAnthropicStandIn({ tokens, apiKeys: [KEY] });
  });
  afterAll(() => standIn.close());

  const post = (headers: Record<string, string>, body: unknown = { model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Say exactly: keyed' }] }) =>
    fetch(`${standIn.url}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('serves the official SDK (its key as a Bearer, CLIENTS.md) streamed and whole, and x-api-key, without subscription headers', async () => {
    const client = new Anthropic({ apiKey: KEY, baseURL: standIn.url, maxRetries: 0 });
    const whole = await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Say exactly: keyed' }] });
    expect(whole.content).toEqual([expect.objectContaining({ type: 'text', text: 'keyed' })]);
    const streamed = await client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Say exactly: streamed' }] }).finalMessage();
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'text', text: 'streamed' })]);
    const sent = standIn.requests.at(-1)?.headers;
    expect(sent?.['x-api-key'] ?? sent?.['authorization']?.replace(/^Bearer /, '')).toBe(KEY);

    const raw = await post({ 'x-api-key': KEY });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('anthropic-ratelimit-unified-status')).toBeNull();
    expect(raw.headers.get('anthropic-organization-id')).toEqual(expect.any(String));
  });

  it('refuses a wrong or missing key, an OAuth bearer, and the OAuth beta with 401 authentication_error', async () => {
    const refusals = [
      await post({ 'x-api-key': 'sk-ant-api03-wrong' }),
      await post({ authorization: 'Bearer sk-ant-api03-wrong' }),
      await post({}),
      await post({ authorization: `Bearer ${oauthToken}` }),
      await post({ authorization: `Bearer ${oauthToken}`, 'anthropic-beta': OAUTH_BETA }),
      await post({ 'x-api-key': KEY, 'anthropic-beta': OAUTH_BETA }),
    ];
    const bodies = await Promise.all(refusals.map(async (response) => ({ status: response.status, body: (await response.json()) as { error: { type: string; message: string } } })));
    expect(bodies.map(({ status, body }) => [status, body.error.type, body.error.message])).toEqual([
      [401, 'authentication_error', 'invalid x-api-key'],
      [401, 'authentication_error', 'invalid x-api-key'],
      [401, 'authentication_error', 'x-api-key header is required'],
      [401, 'authentication_error', 'OAuth authentication is currently not supported.'],
      [401, 'authentication_error', 'OAuth authentication is currently not supported.'],
      [401, 'authentication_error', 'OAuth authentication is currently not supported.'],
    ]);
  });

  it('has no subscription: its OAuth endpoints refuse, a used-up window does not apply, a 429 carries only retry-after', async () => {
    const usage = await fetch(`${standIn.url}/api/oauth/usage`, { headers: { 'x-api-key': KEY, authorization: `Bearer ${oauthToken}`, 'anthropic-beta': OAUTH_BETA } });
    expect(usage.status).toBe(401);
    standIn.setUtilization(1, 1);
    expect((await post({ 'x-api-key': KEY })).status).toBe(200);
    standIn.setUtilization(0, 0);
    standIn.failNext({ status: 429, retryAfterSeconds: 7 });
    const limited = await post({ 'x-api-key': KEY });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('anthropic-ratelimit-unified-status')).toBeNull();
  });
});
