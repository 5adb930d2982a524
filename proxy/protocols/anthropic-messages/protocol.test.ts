import { describe, expect, it } from 'vitest';
import { parseChatRequest } from '../../wire/chat/parse-chat-request.js';
import type { CredentialSource, PassthroughRequest } from '../protocol.js';
import { anthropicMessagesProtocol } from './protocol.js';

const frame = (payload: { type: string } & Record<string, unknown>) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
const STREAM = [
  frame({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], usage: { input_tokens: 3, output_tokens: 1 } } }),
  frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }),
  frame({ type: 'content_block_stop', index: 0 }),
  frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }),
  frame({ type: 'message_stop' }),
].join('');
const REFUSED_STREAM = frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });

/** A fetch that records what it was asked and answers with `answer` (as an upstream on the network would). */
function recordingFetch(answer: () => Response) {
  const calls: { url: string; headers: Headers; body: string }[] = [];
  const fetch = (async (url: string | URL, init?: RequestInit) => {
    calls.push({ url: String(url), headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : new TextDecoder().decode(init?.body as Uint8Array) });
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const eventStream = (text: string) => () => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
/** What a target holds per account is its own business; the protocol only asks the credential source for headers. */
type Key = { secret: string };
const credentials: Key = { secret: 'sk-ant-api03-key' };
const apiKey: CredentialSource<Key> = { headers: ({ secret }) => ({ 'x-api-key': secret }) };
const RAW = '{"model":"claude-sonnet-4-6","max_tokens":5,  "messages":[{"role":"user","content":"hi"}]}';
const passthroughRequest = (overrides: Partial<PassthroughRequest> = {}): PassthroughRequest => ({
  endpoint: 'messages',
  search: '?beta=true',
  headers: { authorization: 'Bearer sk-sb-client', 'anthropic-version': '2023-06-01', 'x-custom': 'kept' },
  body: JSON.parse(RAW) as Record<string, unknown>,
  rawBody: Buffer.from(RAW),
  upstreamModel: 'claude-sonnet-4-6',
  signal: new AbortController().signal,
  ...overrides,
});

describe('anthropicMessagesProtocol with a static API key (no hooks)', () => {
  const connect = (answer: () => Response) => {
    const upstream = recordingFetch(answer);
    const protocol = anthropicMessagesProtocol({ baseUrl: 'http://upstream.test/', fetch: upstream.fetch, credentials: apiKey, accountCallTimeoutMs: 1000 });
    return { protocol, calls: upstream.calls };
  };

  it('serves Anthropic clients natively', () => {
    expect(connect(eventStream(STREAM)).protocol.nativeFormats).toEqual(['anthropic']);
  });

  it("forwards the client's exact bytes with the key in x-api-key, and nothing of OAuth", async () => {
    const { protocol, calls } = connect(eventStream(STREAM));
    const answer = await protocol.passthrough(passthroughRequest(), credentials);
    expect(answer.status).toBe(200);
    expect(calls[0]?.url).toBe('http://upstream.test/v1/messages?beta=true');
    expect(calls[0]?.body).toBe(RAW);
    expect(calls[0]?.headers.get('x-api-key')).toBe('sk-ant-api03-key');
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(calls[0]?.headers.has('anthropic-beta')).toBe(false);
    expect(calls[0]?.headers.get('x-custom')).toBe('kept');
  });

  it('renames the model only when the router resolved an alias', async () => {
    const { protocol, calls } = connect(eventStream(STREAM));
    await protocol.passthrough(passthroughRequest({ body: { ...JSON.parse(RAW), model: 'sonnet' } as Record<string, unknown> }), credentials);
    expect(JSON.parse(calls[0]?.body ?? '')).toMatchObject({ model: 'claude-sonnet-4-6', max_tokens: 5 });
  });

  it('answers an error inside a 200 stream, before any content, as the status it stands for', async () => {
    const { protocol } = connect(eventStream(REFUSED_STREAM));
    const answer = await protocol.passthrough(passthroughRequest(), credentials);
    expect(answer.status).toBe(529);
    expect(protocol.classifyFailure(answer.status, answer.headers, await new Response(answer.body).text()).class).toBe('overloaded');
  });

  it('serves another format through the IR and reads its stream into IR events', async () => {
    const { protocol, calls } = connect(eventStream(STREAM));
    const { request } = parseChatRequest({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });
    const answer = await protocol.send({ request, upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal }, credentials);
    if (!answer.ok) throw new Error('expected a stream');
    const kinds: string[] = [];
    for await (const event of answer.events) kinds.push(event.type);
    expect(kinds).toContain('text-delta');
    expect(calls[0]?.headers.get('x-api-key')).toBe('sk-ant-api03-key');
    expect(JSON.parse(calls[0]?.body ?? '')).toMatchObject({ model: 'claude-sonnet-4-6', stream: true });
  });
});

describe('anthropicMessagesProtocol hooks (what a target adds)', () => {
  it("applies a target's named edits: body, betas and a client identity that replaces the client's user agent", async () => {
    const upstream = recordingFetch(eventStream(STREAM));
    const protocol = anthropicMessagesProtocol<Key>(
      { baseUrl: 'http://upstream.test', fetch: upstream.fetch, credentials: { headers: (c) => ({ authorization: `Bearer ${c.secret}`, 'anthropic-beta': 'oauth-2025-04-20' }) }, accountCallTimeoutMs: 1000 },
      {
        betas: ['extra-1'],
        editPassthrough: (request, body) => ({ body: { ...(body ?? request.body), system: 'edited' }, betas: ['profile-1'], clientIdentity: { 'user-agent': 'profile/1' } }),
        windowReset: () => ({ resetsAt: new Date('2030-01-01T00:00:00Z'), reason: '5-hour limit' }),
      },
    );
    await protocol.passthrough(passthroughRequest({ headers: { 'user-agent': 'sdk/1', 'anthropic-beta': 'client-1' } }), credentials);
    const call = upstream.calls[0];
    expect(JSON.parse(call?.body ?? '')).toMatchObject({ system: 'edited' });
    expect(call?.headers.get('anthropic-beta')).toBe('client-1,oauth-2025-04-20,extra-1,profile-1');
    expect(call?.headers.get('user-agent')).toBe('profile/1');
    expect(protocol.classifyFailure(429, new Headers(), '{"type":"error","error":{"type":"rate_limit_error","message":"x"}}')).toMatchObject({ reason: '5-hour limit' });
  });
});
