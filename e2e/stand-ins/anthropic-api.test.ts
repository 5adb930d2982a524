import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { createParser } from 'eventsource-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAND_IN_MODELS, startAnthropicStandIn, type AnthropicStandIn } from './anthropic-api.js';
import { TokenRegistry } from './token-registry.js';

const ACCOUNT = 'max-user@example.com';
const MODEL = 'claude-sonnet-5-5';

let tokens: TokenRegistry;
let accessToken: string;
let standIn: AnthropicStandIn;

beforeEach(async () => {
  tokens = new TokenRegistry();
  accessToken = tokens.issue(ACCOUNT).accessToken;
  standIn = await startAnthropicStandIn({ tokens });
});

afterEach(async () => {
  await standIn.close();
});

function oauthHeaders(overrides: Record<string, string | null> = {}): Headers {
  const headers = new Headers({
    authorization: `Bearer ${accessToken}`,
    'anthropic-version': '2023-06-01',
    'anthropic-beta': 'claude-code-20250219,oauth-2025-04-20',
    'content-type': 'application/json',
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return headers;
}

function userTurn(content: unknown): Record<string, unknown> {
  return { role: 'user', content };
}

function messageRequest(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MODEL, max_tokens: 1024, messages: [userTurn(prompt)], ...extra };
}

function post(path: string, body: unknown, headers: Headers = oauthHeaders(), signal?: AbortSignal): Promise<Response> {
  return fetch(`${standIn.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal });
}

function get(path: string, headers: Headers = oauthHeaders()): Promise<Response> {
  return fetch(`${standIn.url}${path}`, { headers });
}

interface ErrorBody {
  type: string;
  error: { type: string; message: string };
  request_id: string;
}

interface ContentBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
}

interface MessageBody {
  id: string;
  type: string;
  role: string;
  model: string;
  content: ContentBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: Record<string, number | string | Record<string, number>>;
}

async function createMessage(body: unknown): Promise<MessageBody> {
  const response = await post('/v1/messages', body);
  expect(response.status).toBe(200);
  return (await response.json()) as MessageBody;
}

async function expectError(response: Response, status: number, type: string, message?: string): Promise<ErrorBody> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(body).toMatchObject({ type: 'error', error: { type } });
  expect(body.request_id).toMatch(/^req_/);
  expect(response.headers.get('request-id')).toBe(body.request_id);
  if (message !== undefined) expect(body.error.message).toBe(message);
  return body;
}

interface SseEvent {
  event: string | undefined;
  data: { type: string; [key: string]: unknown };
}

async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) => events.push({ event, data: JSON.parse(data) as SseEvent['data'] }),
  });
  parser.feed(await response.text());
  return events;
}

async function streamMessage(body: Record<string, unknown>): Promise<SseEvent[]> {
  const response = await post('/v1/messages', { ...body, stream: true });
  expect(response.status).toBe(200);
  return readSse(response);
}

/** Event types with each run of content_block_delta collapsed into one, to compare shapes. */
function eventShape(types: readonly string[]): string[] {
  return types.filter((type, index) => type !== 'content_block_delta' || types[index - 1] !== 'content_block_delta');
}

function deltasOf(events: readonly SseEvent[], deltaType: string): Record<string, unknown>[] {
  return events
    .filter(({ data }) => data.type === 'content_block_delta')
    .map(({ data }) => data['delta'] as Record<string, unknown>)
    .filter((delta) => delta['type'] === deltaType);
}

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: {
    type: 'object' as const,
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      metric: { type: 'boolean' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      note: { type: 'string' },
    },
    required: ['city', 'days', 'metric', 'unit'],
  },
};

describe('authentication (OAuth path)', () => {
  it('refuses a request without credentials', async () => {
    const response = await post('/v1/messages', messageRequest('hi'), oauthHeaders({ authorization: null }));
    await expectError(response, 401, 'authentication_error', 'Invalid bearer token');
  });

  it('refuses an x-api-key on its own', async () => {
    const headers = oauthHeaders({ authorization: null, 'x-api-key': 'sk-ant-api03-whatever' });
    await expectError(await post('/v1/messages', messageRequest('hi'), headers), 401, 'authentication_error', 'invalid x-api-key');
  });

  it('refuses an unknown bearer token', async () => {
    const headers = oauthHeaders({ authorization: 'Bearer sk-ant-oat01-forged' });
    await expectError(await post('/v1/messages', messageRequest('hi'), headers), 401, 'authentication_error', 'Invalid bearer token');
  });

  it('says so when the token has expired', async () => {
    tokens.expireAccessTokens(ACCOUNT);
    const body = await expectError(await post('/v1/messages', messageRequest('hi')), 401, 'authentication_error');
    expect(body.error.message).toMatch(/^OAuth token has expired/);
  });

  it('requires the oauth beta', async () => {
    const headers = oauthHeaders({ 'anthropic-beta': 'claude-code-20250219' });
    const response = await post('/v1/messages', messageRequest('hi'), headers);
    await expectError(response, 401, 'authentication_error', 'OAuth authentication is currently not supported.');
  });

  it('finds the oauth beta in any of several anthropic-beta headers', async () => {
    const headers = oauthHeaders({ 'anthropic-beta': 'claude-code-20250219' });
    headers.append('anthropic-beta', 'interleaved-thinking-2025-05-14, oauth-2025-04-20');
    expect((await post('/v1/messages', messageRequest('hi'), headers)).status).toBe(200);
  });

  it('requires anthropic-version', async () => {
    const response = await post('/v1/messages', messageRequest('hi'), oauthHeaders({ 'anthropic-version': null }));
    await expectError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
  });

  it('records every request, rejected ones too, with its query string', async () => {
    await post('/v1/messages?beta=true', messageRequest('first'), oauthHeaders({ authorization: null }));
    await post('/v1/messages?beta=true', messageRequest('second'));
    expect(standIn.requests).toHaveLength(2);
    const [rejected, accepted] = standIn.requests;
    expect(rejected).toMatchObject({ method: 'POST', path: '/v1/messages?beta=true', body: messageRequest('first') });
    expect(rejected?.headers['authorization']).toBeUndefined();
    expect(accepted?.headers['authorization']).toBe(`Bearer ${accessToken}`);
    expect(accepted?.headers['anthropic-beta']).toBe('claude-code-20250219,oauth-2025-04-20');
  });
});

describe('request validation', () => {
  it('names a missing max_tokens', async () => {
    const { max_tokens: _omitted, ...body } = messageRequest('hi');
    const error = await expectError(await post('/v1/messages', body), 400, 'invalid_request_error');
    expect(error.error.message).toBe('max_tokens: Field required');
  });

  it.each([
    [{ ...messageRequest('hi'), max_tokens: 0 }, 'max_tokens'],
    [{ ...messageRequest('hi'), model: 42 }, 'model'],
    [{ ...messageRequest('hi'), messages: [] }, 'messages'],
    [{ ...messageRequest('hi'), messages: [{ role: 'bot', content: 'hi' }] }, 'messages.0.role'],
    [{ ...messageRequest('hi'), messages: [{ role: 'user', content: 7 }] }, 'messages.0.content'],
  ])('refuses a malformed field (%#)', async (body, field) => {
    const error = await expectError(await post('/v1/messages', body), 400, 'invalid_request_error');
    expect(error.error.message.startsWith(`${field}: `)).toBe(true);
  });

  it("accepts Claude Code's shape: system turns, cached system blocks and beta fields", async () => {
    const message = await createMessage({
      model: MODEL,
      max_tokens: 32000,
      system: [{ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } }],
      messages: [
        userTurn([
          { type: 'text', text: '<system-reminder>context</system-reminder>' },
          { type: 'text', text: 'hello there' },
        ]),
        { role: 'system', content: 'be brief', output_config: { effort: 'low' } },
      ],
      metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: 's' }) },
      context_management: { edits: [] },
      output_config: { effort: 'high' },
      thinking: { type: 'adaptive' },
      tools: [],
    });
    expect(message.content.at(-1)).toEqual({ type: 'text', text: 'Stand-in reply to: hello there' });
  });
});

describe('replies', () => {
  it('echoes the prompt as a message with the requested model', async () => {
    const message = await createMessage(messageRequest('  How are you?  '));
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Stand-in reply to: How are you?' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_/);
  });

  it('answers structured output with JSON that has every required property of the schema', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['c', 'f'] } }, required: ['city', 'days', 'unit'] };
    const message = await createMessage(messageRequest('A forecast for Lisbon', { output_config: { format: { type: 'json_schema', schema } } }));
    expect(message.content).toEqual([{ type: 'text', text: JSON.stringify({ city: 'Lisbon', days: 1, unit: 'c' }) }]);
  });

  it('enforces the thinking rule of a tool-use loop, as the real API does', async () => {
    const toolTurn = (assistantContent: unknown[]) =>
      post(
        '/v1/messages',
        messageRequest('', {
          thinking: { type: 'enabled', budget_tokens: 1024 },
          tools: [weatherTool],
          messages: [
            userTurn('Use the get_weather tool for Paris'),
            { role: 'assistant', content: assistantContent },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny' }] },
          ],
        }),
      );
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } };
    await expectError(await toolTurn([toolUse]), 400, 'invalid_request_error', undefined);
    const signed = await toolTurn([{ type: 'thinking', thinking: 'hmm', signature: 'c2ln' }, toolUse]);
    expect(signed.status).toBe(200);
  });

  it("reads the prompt past Claude Code's system reminders", async () => {
    const message = await createMessage(
      messageRequest('', {
        messages: [
          userTurn([
            { type: 'text', text: '<system-reminder>before</system-reminder>' },
            { type: 'text', text: 'Say exactly done' },
            { type: 'text', text: '<system-reminder>after</system-reminder>' },
          ]),
        ],
      }),
    );
    expect(message.content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('trims a long prompt to 200 characters', async () => {
    const message = await createMessage(messageRequest('a'.repeat(500)));
    expect(message.content[0]?.text).toBe(`Stand-in reply to: ${'a'.repeat(200)}`);
  });

  it.each([
    ['Say exactly "pong"', 'pong'],
    ['please SAY EXACTLY: hello world.', 'hello world'],
    ['Say exactly `a "quoted" value` now', 'a "quoted" value'],
  ])('answers %j with exactly %j', async (prompt, expected) => {
    const message = await createMessage(messageRequest(prompt));
    expect(message.content).toEqual([{ type: 'text', text: expected }]);
  });

  it('calls a tool the prompt names, with input built from its schema', async () => {
    const message = await createMessage(messageRequest('Use the get_weather tool for Paris', { tools: [weatherTool] }));
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toEqual({ type: 'text', text: "I'll use get_weather." });
    expect(message.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'Paris', days: 1, metric: true, unit: 'celsius' },
    });
    expect(message.content[1]?.id).toMatch(/^toolu_/);
  });

  it('does not call a tool whose name is only part of a word', async () => {
    const message = await createMessage(messageRequest('Ready?', { tools: [{ name: 'Read', input_schema: { type: 'object' } }] }));
    expect(message.stop_reason).toBe('end_turn');
  });

  it('calls the tool a tool_choice forces, without a preamble', async () => {
    const message = await createMessage(
      messageRequest('What is it like?', { tools: [weatherTool], tool_choice: { type: 'tool', name: 'get_weather' } }),
    );
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'example' } });
  });

  it('acknowledges a tool result', async () => {
    const message = await createMessage({
      model: MODEL,
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [
        userTurn('Use the get_weather tool for Paris'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        userTurn([
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18°C and sunny' }], cache_control: { type: 'ephemeral' } },
        ]),
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Tool result received: 18°C and sunny' }]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it.each([{ type: 'enabled', budget_tokens: 2048 }, { type: 'adaptive' }])('thinks first when thinking is %j', async (thinking) => {
    const message = await createMessage(messageRequest('hi', { thinking }));
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'Thinking about it.' });
    expect(message.content[0]?.signature).toMatch(/^[A-Za-z0-9+/]{40,}={0,2}$/);
    expect(message.content[1]?.type).toBe('text');
  });

  it('stops at a stop sequence', async () => {
    const message = await createMessage(messageRequest('one two three', { stop_sequences: ['nothing', 'two'] }));
    expect(message.content).toEqual([{ type: 'text', text: 'Stand-in reply to: one ' }]);
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'two' });
  });

  it('truncates at max_tokens', async () => {
    const message = await createMessage(messageRequest('a long prompt that will not fit', { max_tokens: 3 }));
    expect(message.content).toEqual([{ type: 'text', text: 'Stand-in rep' }]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage['output_tokens']).toBe(3);
  });

  it('reports usage estimated from the request', async () => {
    const short = await createMessage(messageRequest('hi'));
    const long = await createMessage(messageRequest('hi '.repeat(400)));
    expect(short.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' });
    expect(short.usage['input_tokens']).toBeGreaterThanOrEqual(1);
    expect(long.usage['input_tokens']).toBeGreaterThan(Number(short.usage['input_tokens']) + 250);
    expect(short.usage['output_tokens']).toBe(Math.ceil('Stand-in reply to: hi'.length / 4));
  });

  it('writes a cache_control prefix once, then reads it', async () => {
    const system = [{ type: 'text', text: 'A long stable system prompt. '.repeat(50), cache_control: { type: 'ephemeral' } }];
    const first = await createMessage(messageRequest('first question', { system }));
    const second = await createMessage(messageRequest('second question', { system }));
    const written = Number(first.usage['cache_creation_input_tokens']);
    expect(written).toBeGreaterThan(300);
    expect(first.usage['cache_read_input_tokens']).toBe(0);
    expect(first.usage['cache_creation']).toEqual({ ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 });
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: written });
    expect(second.usage['input_tokens']).toBeLessThan(written);
  });

  it('reads the cached prefix of a growing conversation and writes only the new part', async () => {
    const system = [{ type: 'text', text: 'Stable instructions. '.repeat(40), cache_control: { type: 'ephemeral' } }];
    const cachedTurn = (text: string) => userTurn([{ type: 'text', text, cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    const first = await createMessage({ model: MODEL, max_tokens: 100, system, messages: [cachedTurn('question one '.repeat(20))] });
    const second = await createMessage({
      model: MODEL,
      max_tokens: 100,
      system,
      messages: [
        cachedTurn('question one '.repeat(20)),
        { role: 'assistant', content: 'answer one' },
        cachedTurn('question two '.repeat(20)),
      ],
    });
    const firstWrite = Number(first.usage['cache_creation_input_tokens']);
    expect(first.usage['cache_creation']).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: firstWrite });
    expect(second.usage['cache_read_input_tokens']).toBe(firstWrite);
    expect(second.usage['cache_creation_input_tokens']).toBeGreaterThan(60);
    expect(second.usage['cache_creation_input_tokens']).toBeLessThan(firstWrite);
  });
});

describe('streaming', () => {
  it('frames events as SSE with an event line matching each type', async () => {
    const response = await post('/v1/messages?beta=true', { ...messageRequest('hi'), stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    for (const frame of frames) {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      const data = JSON.parse(dataLine?.replace(/^data: /, '') ?? '') as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
      expect(rest).toEqual([]);
    }
  });

  it('streams a text reply in the same event sequence as the recorded API', async () => {
    const recorded = readFileSync(new URL('./fixtures/anthropic-text.chunks.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { type: string }).type);
    const events = await streamMessage(messageRequest('Hello, how are you?'));
    expect(eventShape(events.map(({ data }) => data.type))).toEqual(eventShape(recorded));
    expect(eventShape(recorded)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('splits text into 2–4 deltas that add up to the non-streaming reply', async () => {
    const events = await streamMessage(messageRequest('Hello, how are you?'));
    const texts = deltasOf(events, 'text_delta').map((delta) => delta['text']);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.length).toBeLessThanOrEqual(4);
    expect(texts.join('')).toBe('Stand-in reply to: Hello, how are you?');
  });

  it('reports usage in message_start and message_delta', async () => {
    const events = await streamMessage(messageRequest('hi'));
    const start = events[0]?.data['message'] as { usage: Record<string, unknown>; model: string; id: string };
    expect(start.model).toBe(MODEL);
    expect(start.id).toMatch(/^msg_/);
    expect(start.usage).toMatchObject({ output_tokens: 1, service_tier: 'standard' });
    const delta = events.find(({ data }) => data.type === 'message_delta')?.data;
    expect(delta).toMatchObject({
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: start.usage['input_tokens'], output_tokens: 6 },
    });
  });

  it('streams tool input as input_json_delta chunks, opening with an empty one', async () => {
    const events = await streamMessage(messageRequest('Use the get_weather tool for Oslo', { tools: [weatherTool] }));
    const start = events.find(({ data }) => data.type === 'content_block_start' && data['index'] === 1)?.data;
    expect(start?.['content_block']).toMatchObject({ type: 'tool_use', name: 'get_weather', input: {} });
    const parts = deltasOf(events, 'input_json_delta').map((delta) => String(delta['partial_json']));
    expect(parts[0]).toBe('');
    expect(parts.length).toBeGreaterThan(2);
    expect(JSON.parse(parts.join(''))).toEqual({ city: 'Oslo', days: 1, metric: true, unit: 'celsius' });
    expect(events.find(({ data }) => data.type === 'message_delta')?.data['delta']).toMatchObject({ stop_reason: 'tool_use' });
  });

  it('streams thinking as thinking_delta then signature_delta', async () => {
    const events = await streamMessage(messageRequest('hi', { thinking: { type: 'enabled', budget_tokens: 1024 } }));
    const firstBlock = events.filter(({ data }) => data['index'] === 0).map(({ data }) => data);
    expect(firstBlock[0]).toMatchObject({ type: 'content_block_start', content_block: { type: 'thinking', thinking: '', signature: '' } });
    const deltaTypes = firstBlock.filter((data) => data.type === 'content_block_delta').map((data) => (data['delta'] as { type: string }).type);
    expect(deltaTypes.at(-1)).toBe('signature_delta');
    expect(new Set(deltaTypes.slice(0, -1))).toEqual(new Set(['thinking_delta']));
    expect(deltasOf(events, 'thinking_delta').map((delta) => delta['thinking']).join('')).toBe('Thinking about it.');
  });

  it('satisfies the strict stream helper of @anthropic-ai/sdk', async () => {
    const client = new Anthropic({
      authToken: accessToken,
      baseURL: standIn.url,
      defaultHeaders: { 'anthropic-beta': 'oauth-2025-04-20' },
      maxRetries: 0,
    });
    const message = await client.messages
      .stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Use the get_weather tool for Rome' }], tools: [weatherTool] })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[1]).toMatchObject({ type: 'tool_use', input: { city: 'Rome' } });
  });
});

describe('scripted failures', () => {
  it('answers a scripted 429 with retry-after and rejected unified headers, once', async () => {
    standIn.failNext({ status: 429, retryAfterSeconds: 7 });
    const response = await post('/v1/messages', messageRequest('hi'));
    await expectError(response, 429, 'rate_limit_error');
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
    expect(response.headers.get('anthropic-ratelimit-unified-representative-claim')).toBe('five_hour');
    const reset = Number(response.headers.get('anthropic-ratelimit-unified-reset'));
    expect(reset - Date.now() / 1000).toBeGreaterThan(5);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(8);
    expect((await post('/v1/messages', messageRequest('hi'))).status).toBe(200);
  });

  it.each([
    [529, 'overloaded_error', 'Overloaded'],
    [500, 'api_error', 'Internal server error'],
  ])('answers a scripted %i as %s', async (status, type, message) => {
    standIn.failNext({ status });
    await expectError(await post('/v1/messages', messageRequest('hi')), status, type, message);
  });

  it('uses the scripted error type and message', async () => {
    standIn.failNext({ status: 400, message: 'Third-party apps now draw from your extra usage.' });
    await expectError(await post('/v1/messages', messageRequest('hi')), 400, 'invalid_request_error', 'Third-party apps now draw from your extra usage.');
  });

  it('consumes failures in order, count_tokens included', async () => {
    standIn.failNext({ status: 529 }, { status: 500 });
    expect((await post('/v1/messages/count_tokens', { model: MODEL, messages: [userTurn('hi')] })).status).toBe(529);
    expect((await post('/v1/messages', messageRequest('hi'))).status).toBe(500);
    expect((await post('/v1/messages', messageRequest('hi'))).status).toBe(200);
  });

  it('ends a stream with an error event after N deltas', async () => {
    standIn.failNext({ midStreamErrorAfterDeltas: 2 });
    const events = await streamMessage(messageRequest('a prompt long enough for several chunks of text'));
    expect(events.filter(({ data }) => data.type === 'content_block_delta')).toHaveLength(2);
    expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect(events.some(({ data }) => data.type === 'message_stop')).toBe(false);
  });

  it('uses a scripted type for the mid-stream error', async () => {
    standIn.failNext({ midStreamErrorAfterDeltas: 0, errorType: 'api_error', message: 'Internal server error' });
    const events = await streamMessage(messageRequest('hi'));
    expect(events.map(({ data }) => data.type)).toEqual(['message_start', 'content_block_start', 'ping', 'error']);
    expect(events.at(-1)?.data['error']).toEqual({ type: 'api_error', message: 'Internal server error' });
  });

  it('counts a request its client abandons while the response is held, and keeps serving', async () => {
    standIn.failNext({ delayMs: 5_000 });
    const controller = new AbortController();
    const abandoned = post('/v1/messages', messageRequest('hi'), oauthHeaders(), controller.signal);
    await expect.poll(() => standIn.requests.length).toBe(1);
    controller.abort();
    await expect(abandoned).rejects.toThrow();
    await standIn.waitForAbortedRequests(1);
    expect(standIn.abortedRequests).toBe(1);
    expect((await post('/v1/messages', messageRequest('hi'))).status).toBe(200);
    expect(standIn.abortedRequests).toBe(1);
  });

  it('answers a 429 without retry-after or a unified reset when told so', async () => {
    standIn.failNext({ status: 429, retryAfterSeconds: null });
    const response = await post('/v1/messages', messageRequest('hi'));
    await expectError(response, 429, 'rate_limit_error');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('allowed');
  });

  it('redirects elsewhere when told, before looking at the credentials', async () => {
    standIn.failNext({ redirectTo: 'http://127.0.0.1:9/v1/messages' });
    const response = await fetch(`${standIn.url}/v1/messages`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([307, 'http://127.0.0.1:9/v1/messages']);
  });

  /** The answer's text as far as it came before the stand-in stopped sending (the client then gives up). */
  async function readUntilSilent(response: Response, upTo: (text: string) => boolean, controller: AbortController): Promise<string> {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!upTo(text)) text += decoder.decode((await reader.read()).value, { stream: true });
    controller.abort();
    return text;
  }

  it('never answers a request whose headers never come, until its client leaves', async () => {
    standIn.failNext({ breakAnswer: 'headers-never-come' });
    const controller = new AbortController();
    const request = post('/v1/messages', messageRequest('hi'), oauthHeaders(), controller.signal);
    await expect.poll(() => standIn.requests.length).toBe(1);
    controller.abort();
    await expect(request).rejects.toThrow();
    await standIn.waitForAbortedRequests(1);
  });

  it('stalls a stream in the middle of the event after the first delta, and a body in its middle', async () => {
    standIn.failNext({ breakAnswer: 'stall' }, { breakAnswer: 'stall' });
    const streaming = new AbortController();
    const stream = await post('/v1/messages', messageRequest('a prompt long enough for several chunks', { stream: true }), oauthHeaders(), streaming.signal);
    const streamed = await readUntilSilent(stream, (text) => text.includes('event: content_block_delta') && !text.endsWith('\n\n'), streaming);
    expect(streamed.split('event: content_block_delta').length - 1).toBe(2); // one whole, one cut
    const whole = new AbortController();
    const body = await post('/v1/messages', messageRequest('hi'), oauthHeaders(), whole.signal);
    const length = Number(body.headers.get('content-length'));
    const sent = await readUntilSilent(body, (text) => text.length > 0, whole);
    expect(sent.length).toBeLessThan(length);
    await standIn.waitForAbortedRequests(2); // neither answer was ever finished
  });

  it('resets the connection in the middle of a stream and of a body', async () => {
    standIn.failNext({ breakAnswer: 'reset' }, { breakAnswer: 'reset' });
    const stream = await post('/v1/messages', messageRequest('hi', { stream: true }));
    await expect(stream.text()).rejects.toThrow();
    const body = await post('/v1/messages', messageRequest('hi'));
    await expect(body.text()).rejects.toThrow();
  });

  it('ends a stream after its first delta without message_stop, and a body in its middle, cleanly', async () => {
    standIn.failNext({ breakAnswer: 'truncated' }, { breakAnswer: 'truncated' });
    const events = await streamMessage(messageRequest('a prompt long enough for several chunks of text'));
    expect(events.map(({ data }) => data.type)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta']);
    const text = await (await post('/v1/messages', messageRequest('hi'))).text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\{"id":"msg_/);
  });

  it('sends an event whose data is not JSON after the first delta, and a binary body labelled JSON', async () => {
    standIn.failNext({ breakAnswer: 'malformed' }, { breakAnswer: 'malformed' });
    const stream = await (await post('/v1/messages', messageRequest('hi', { stream: true }))).text();
    expect(stream).toContain('\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n');
    expect(stream).toContain('event: message_stop');
    const body = await post('/v1/messages', messageRequest('hi'));
    expect(body.headers.get('content-type')).toBe('application/json');
    expect(new Uint8Array(await body.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it('sends a text delta, and a body, of the size it is told', async () => {
    standIn.failNext({ breakAnswer: 'oversized', oversizedBytes: 1000 }, { breakAnswer: 'oversized', oversizedBytes: 1000 });
    const events = await streamMessage(messageRequest('hi'));
    expect(deltasOf(events, 'text_delta').some((delta) => delta['text'] === 'x'.repeat(1000))).toBe(true);
    expect(events.at(-1)?.data.type).toBe('message_stop');
    const body = (await (await post('/v1/messages', messageRequest('hi'))).json()) as { padding: string; type: string };
    expect([body.type, body.padding.length]).toEqual(['message', 1000]);
  });

  it('breaks count_tokens answers too', async () => {
    standIn.failNext({ breakAnswer: 'truncated' });
    const text = await (await post('/v1/messages/count_tokens', { model: MODEL, messages: [userTurn('hi')] })).text();
    expect(text).toMatch(/^\{"input_/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('answers after the delay when the client waits', async () => {
    standIn.failNext({ delayMs: 50 });
    const started = Date.now();
    expect((await post('/v1/messages', messageRequest('hi'))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe('subscription limits', () => {
  it('puts the unified headers on every response, errors too', async () => {
    standIn.setUtilization(0.42, 0.1);
    const responses = [
      await post('/v1/messages', messageRequest('hi')),
      await post('/v1/messages', messageRequest('hi'), oauthHeaders({ authorization: null })),
      await get('/v1/nothing-here'),
    ];
    for (const response of responses) {
      expect(response.headers.get('request-id')).toMatch(/^req_/);
      expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('allowed');
      expect(response.headers.get('anthropic-ratelimit-unified-representative-claim')).toBe('five_hour');
      expect(response.headers.get('anthropic-ratelimit-unified-5h-utilization')).toBe('0.42');
      expect(response.headers.get('anthropic-ratelimit-unified-7d-utilization')).toBe('0.1');
      const fiveHourReset = Number(response.headers.get('anthropic-ratelimit-unified-5h-reset'));
      expect(fiveHourReset - Date.now() / 1000).toBeGreaterThan(4 * 3600);
      expect(Number(response.headers.get('anthropic-ratelimit-unified-7d-reset'))).toBeGreaterThan(fiveHourReset);
      expect(response.headers.get('anthropic-ratelimit-unified-reset')).toBe(String(fiveHourReset));
    }
  });

  it('warns near the limit and refuses past it', async () => {
    standIn.setUtilization(0.5, 0.85);
    const warned = await post('/v1/messages', messageRequest('hi'));
    expect(warned.status).toBe(200);
    expect(warned.headers.get('anthropic-ratelimit-unified-status')).toBe('allowed_warning');
    expect(warned.headers.get('anthropic-ratelimit-unified-representative-claim')).toBe('seven_day');

    standIn.setUtilization(1, 0.85);
    const refused = await post('/v1/messages', messageRequest('hi'));
    await expectError(refused, 429, 'rate_limit_error');
    expect(refused.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(4 * 3600);
  });

  it('serves /api/oauth/usage in percent', async () => {
    standIn.setUtilization(0.42, 0.07);
    const response = await get('/api/oauth/usage');
    expect(response.status).toBe(200);
    const usage = (await response.json()) as Record<string, { utilization: number; resets_at: string } | null>;
    expect(usage['five_hour']?.utilization).toBe(42);
    expect(usage['seven_day']?.utilization).toBe(7);
    expect(usage['seven_day_opus']).toBeNull();
    expect(usage['seven_day_sonnet']).toMatchObject({ utilization: 0 });
    expect(Date.parse(usage['five_hour']?.resets_at ?? '')).toBeGreaterThan(Date.now());
  });

  it('serves /api/oauth/profile for the token’s account', async () => {
    const response = await get('/api/oauth/profile');
    expect(await response.json()).toMatchObject({
      account: { email: ACCOUNT, has_claude_pro: false, has_claude_max: true },
      organization: { organization_type: 'claude_max', rate_limit_tier: 'default_claude_max_20x', subscription_status: 'active' },
    });
  });

  it('requires the bearer token and oauth beta on /api/oauth/*', async () => {
    await expectError(await get('/api/oauth/usage', oauthHeaders({ 'anthropic-beta': null })), 401, 'authentication_error');
    await expectError(await get('/api/oauth/profile', oauthHeaders({ authorization: null })), 401, 'authentication_error');
  });
});

describe('other endpoints', () => {
  it('counts tokens like the usage estimate, growing with the prompt', async () => {
    const count = async (prompt: string) => {
      const response = await post('/v1/messages/count_tokens?beta=true', { model: MODEL, messages: [userTurn(prompt)] });
      expect(response.status).toBe(200);
      return ((await response.json()) as { input_tokens: number }).input_tokens;
    };
    const short = await count('hi');
    expect(short).toBeGreaterThanOrEqual(1);
    expect(await count('hi '.repeat(400))).toBeGreaterThan(short + 250);
  });

  it('validates count_tokens bodies too', async () => {
    const error = await expectError(await post('/v1/messages/count_tokens', { messages: [userTurn('hi')] }), 400, 'invalid_request_error');
    expect(error.error.message).toBe('model: Field required');
  });

  it('answers 404 elsewhere', async () => {
    await expectError(await get('/v1/files'), 404, 'not_found_error', 'Not found');
    await expectError(await get('/v1/messages'), 404, 'not_found_error', 'Not found');
  });
});

describe('the Models API', () => {
  type Page = { data: { id: string; type: string }[]; has_more: boolean; first_id: string | null; last_id: string | null };

  it('lists the models page by page after after_id, for an OAuth token only', async () => {
    const first = (await (await get('/v1/models?limit=2')).json()) as Page;
    expect(first.data.map((model) => model.id)).toEqual(['claude-opus-5-5', 'claude-sonnet-5']);
    expect(first).toMatchObject({ has_more: true, first_id: 'claude-opus-5-5', last_id: 'claude-sonnet-5' });
    const rest = (await (await get(`/v1/models?limit=100&after_id=${first.last_id}`)).json()) as Page;
    expect(rest.data[0]!.id).toBe('claude-opus-5');
    expect(rest.has_more).toBe(false);
    await expectError(await get('/v1/models', new Headers({ authorization: `Bearer ${accessToken}`, 'anthropic-version': '2023-06-01' })), 401, 'authentication_error');
  });

  it('lists what a test sets, or fails as told', async () => {
    standIn.setModels([{ id: 'claude-test-9', display_name: 'Test 9', created_at: '2027-01-01T00:00:00Z' }]);
    expect(((await (await get('/v1/models')).json()) as Page).data).toEqual([
      { type: 'model', id: 'claude-test-9', display_name: 'Test 9', created_at: '2027-01-01T00:00:00Z' },
    ]);
    standIn.failModelList(503);
    expect((await get('/v1/models')).status).toBe(503);
    standIn.failModelList(null);
    standIn.setModels([...STAND_IN_MODELS]);
  });
});
