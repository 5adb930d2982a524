import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsedClientRequest } from '../__fixtures__/client-requests.js';
import { openAIChatProtocol } from '../openai-chat/protocol.js';
import { openAIResponsesProtocol } from '../openai-responses/protocol.js';
import type { IREvent } from '../../wire/ir.js';

const KEY = { key: 'sk-test-key' };

/** A fetch that answers every call with `answer` and records the calls. */
function upstream(answer: () => Response) {
  const calls: { url: string; headers: Headers; body: string }[] = [];
  const fetch: typeof globalThis.fetch = async (url, init) => {
    calls.push({ url: String(url), headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : init?.body ? Buffer.from(init.body as Buffer).toString('utf8') : '' });
    return answer();
  };
  return { fetch, calls };
}

const sse = (lines: string[]) => new Response(lines.map((line) => `data: ${line}\n\n`).join(''), { headers: { 'content-type': 'text/event-stream' } });
const fixtureLines = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8').split('\n').filter((line) => line.trim() !== '');
const connection = (fetch: typeof globalThis.fetch) => ({ baseUrl: 'http://upstream.test/v1/', fetch, credentials: { headers: ({ key }: typeof KEY) => ({ authorization: `Bearer ${key}` }) }, accountCallTimeoutMs: 1000 });

async function collect(events: AsyncIterable<IREvent>): Promise<IREvent[]> {
  const all: IREvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const chatBody = { model: 'gpt-fast', messages: [{ role: 'user', content: 'hi' }], stream: true };
const passthroughOf = (body: Record<string, unknown>, endpoint: 'chat/completions' | 'responses') => ({
  endpoint,
  search: '',
  headers: { authorization: 'Bearer sb-client-key', accept: 'text/event-stream', 'user-agent': 'OpenAI/JS 5' },
  body,
  rawBody: Buffer.from(JSON.stringify(body)),
  upstreamModel: 'gpt-5-mini',
  signal: new AbortController().signal,
});

describe('the OpenAI Chat protocol', () => {
  it("passes a Chat request through with the key, the upstream model and none of the client's own credentials", async () => {
    const lines = fixtureLines('../openai-chat/__fixtures__/openai-text.chunks.txt');
    const { fetch, calls } = upstream(() => sse([...lines, '[DONE]']));
    const answer = await openAIChatProtocol(connection(fetch), { dialect: 'openai' }).passthrough(passthroughOf(chatBody, 'chat/completions'), KEY);
    expect(answer.status).toBe(200);
    expect(calls[0]?.url).toBe('http://upstream.test/v1/chat/completions');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-test-key');
    expect(calls[0]?.headers.has('user-agent')).toBe(false);
    expect(JSON.parse(calls[0]!.body)).toEqual({ ...chatBody, model: 'gpt-5-mini' });
    expect(await new Response(answer.body).text()).toBe(await sse([...lines, '[DONE]']).text()); // the opening replayed, byte for byte
  });

  it('answers an error chunk before any content as its own status, so another key may still serve', async () => {
    const error = '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}';
    const role = '{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}';
    const { fetch } = upstream(() => sse([role, error]));
    const protocol = openAIChatProtocol(connection(fetch), { dialect: 'openai' });
    const answer = await protocol.passthrough(passthroughOf(chatBody, 'chat/completions'), KEY);
    expect(answer.status).toBe(429);
    expect(await new Response(answer.body).text()).toBe(error);
    const translated = await protocol.send({ request: parsedClientRequest('anthropic-sdk.messages').request, upstreamModel: 'gpt-5-mini', signal: new AbortController().signal }, KEY);
    expect(translated).toMatchObject({ ok: false, status: 429, error: { kind: 'rate_limit' } });
    expect(protocol.classifyFailure(429, new Headers(), error).class).toBe('rate_limit');
  });

  it('serves another client format through the IR, from a recorded stream', async () => {
    const { fetch, calls } = upstream(() => sse([...fixtureLines('../openai-chat/__fixtures__/openai-text.chunks.txt'), '[DONE]']));
    const answer = await openAIChatProtocol(connection(fetch), { dialect: 'compatible' }).send(
      { request: parsedClientRequest('anthropic-sdk.messages').request, upstreamModel: 'gpt-5-mini', signal: new AbortController().signal },
      KEY,
    );
    if (!answer.ok) throw new Error(answer.error.message);
    const events = await collect(answer.events);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ model: 'gpt-5-mini', stream: true });
    expect(events[0]?.type).toBe('message-start');
    expect(events.some((event) => event.type === 'text-delta')).toBe(true);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('reads the models from GET /models with the key', async () => {
    const { fetch, calls } = upstream(() => Response.json({ object: 'list', data: [{ id: 'gpt-5-mini', created: 1754425777, owned_by: 'system' }] }));
    expect(await openAIChatProtocol(connection(fetch), { dialect: 'openai' }).listModels(KEY)).toEqual([{ id: 'gpt-5-mini', displayName: 'gpt-5-mini', createdAt: '2025-08-05T20:29:37.000Z' }]);
    expect(calls[0]?.url).toBe('http://upstream.test/v1/models');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-test-key');
  });
});

describe('the OpenAI Responses protocol', () => {
  it('answers an error event before any content (a used-up quota) as its own status, in an OpenAI error body', async () => {
    const { fetch, calls } = upstream(() => sse(fixtureLines('../openai-responses/__fixtures__/openai-error.1.chunks.txt')));
    const protocol = openAIResponsesProtocol(connection(fetch));
    const answer = await protocol.passthrough(passthroughOf({ model: 'gpt-fast', input: 'hi', stream: true }, 'responses'), KEY);
    expect(calls[0]?.url).toBe('http://upstream.test/v1/responses');
    expect(answer.status).toBe(429);
    const body = await new Response(answer.body).text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'insufficient_quota' } });
    expect(protocol.classifyFailure(answer.status, new Headers(), body).class).toBe('quota_exhausted');
  });

  it('passes a stream that has begun through whole and serves another format through the IR', async () => {
    const lines = fixtureLines('../openai-responses/__fixtures__/openai-phase.1.chunks.txt');
    const { fetch } = upstream(() => sse(lines));
    const protocol = openAIResponsesProtocol(connection(fetch));
    const answer = await protocol.passthrough(passthroughOf({ model: 'gpt-fast', input: 'hi', stream: true }, 'responses'), KEY);
    expect(answer.status).toBe(200);
    expect(await new Response(answer.body).text()).toBe(await sse(lines).text());
    const translated = await protocol.send({ request: parsedClientRequest('openai-sdk.chat').request, upstreamModel: 'gpt-5-mini', signal: new AbortController().signal }, KEY);
    if (!translated.ok) throw new Error(translated.error.message);
    expect((await collect(translated.events)).at(-1)?.type).toBe('finish');
  });
});
