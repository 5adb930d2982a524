import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { chatStreamToIr } from '../../proxy/protocols/openai-chat/chat-stream-to-ir.js';
import { chatCompletionToIr } from '../../proxy/protocols/openai-chat/chat-completion-to-ir.js';
import { convertToChatRequest } from '../../proxy/protocols/openai-chat/convert-to-chat-request.js';
import { readOpenAIModelList } from '../../proxy/protocols/openai-common/model-list.js';
import { classifyOpenAIFailure, openAIErrorToIr } from '../../proxy/protocols/openai-common/openai-error.js';
import { convertToResponsesRequest } from '../../proxy/protocols/openai-responses/convert-to-responses-request.js';
import { responseToIr } from '../../proxy/protocols/openai-responses/response-to-ir.js';
import { responsesStreamToIr } from '../../proxy/protocols/openai-responses/responses-stream-to-ir.js';
import { anthropicStreamRenderer } from '../../proxy/wire/anthropic/render-anthropic-stream.js';
import { parseAnthropicRequest } from '../../proxy/wire/anthropic/parse-anthropic-request.js';
import { parseChatRequest } from '../../proxy/wire/chat/parse-chat-request.js';
import { chatStreamRenderer } from '../../proxy/wire/chat/render-chat-stream.js';
import type { IREvent, IRRequest } from '../../proxy/wire/ir.js';
import { parseResponsesRequest } from '../../proxy/wire/responses/parse-responses-request.js';
import { responsesStreamRenderer } from '../../proxy/wire/responses/render-responses-stream.js';
import { parseSse, type SseFrame } from '../../proxy/wire/sse.js';
import type { StreamTranslator } from '../../proxy/wire/stream-translator.js';
import { translateAll } from '../../proxy/wire/stream-translator.js';
import type { RenderContext } from '../../proxy/wire/wire-format.js';

const KEY = 'sk-protocols-e2e';

/**
 * The OpenAI protocol blocks end to end against the stand-in upstream with real fetch: a client request parsed by
 * proxy/wire → the upstream body the protocol builds → POSTed with the key → the SSE answer read into IR events →
 * rendered by a client format's renderer. What a target assembles from these blocks rests on this working.
 */
describe('OpenAI upstream protocols against the OpenAI-compatible stand-in', () => {
  let upstream: OpenAIStandIn;
  beforeAll(async () => {
    upstream = await startOpenAIStandIn({ apiKeys: [KEY] });
  });
  afterAll(() => upstream.close());

  const post = (path: string, body: unknown) =>
    fetch(`${upstream.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function readStream(response: Response, reader: StreamTranslator<unknown, { event: string; data: string }, IREvent>): Promise<IREvent[]> {
    expect(response.status).toBe(200);
    const state = reader.initial();
    const events: IREvent[] = [];
    for await (const sse of parseSse(response.body!)) events.push(...reader.step(state, sse));
    events.push(...reader.end(state));
    return events;
  }

  const context = (request: IRRequest): RenderContext => ({ requestedModel: request.model, created: 1_760_000_000, responseId: 'resp_e2e', request });
  const frames = (renderer: StreamTranslator<unknown, IREvent, SseFrame>, events: IREvent[]) => translateAll(renderer, events);

  it('Chat client → Chat upstream: the answer streams back, usage read from the last chunk', async () => {
    const { request } = parseChatRequest({ model: 'my-model', messages: [{ role: 'user', content: 'Say exactly: over the wire' }], stream: true, stream_options: { include_usage: true } });
    const { body } = convertToChatRequest(request, 'gpt-5-mini', { dialect: 'openai' });
    const events = await readStream(await post('chat/completions', body), chatStreamToIr());
    expect(events.at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn', usage: { estimated: false, inputTokens: expect.any(Number) } });
    const rendered = frames(chatStreamRenderer(context(request)), events);
    expect(rendered.at(-1)?.data).toBe('[DONE]');
    const text = rendered.slice(0, -1).flatMap((frame) => {
      const chunk = JSON.parse(frame.data) as { choices: Array<{ delta: { content?: string } }> };
      return chunk.choices.map((choice) => choice.delta.content ?? '');
    });
    expect(text.join('')).toBe('over the wire');
  });

  it('Anthropic client (a tool turn) → Chat upstream → Anthropic client stream with the tool call', async () => {
    const { request } = parseAnthropicRequest({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      stream: true,
      messages: [{ role: 'user', content: 'Please use lookup' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }],
    });
    const { body } = convertToChatRequest(request, 'gpt-5-mini', { dialect: 'compatible' });
    const events = await readStream(await post('chat/completions', body), chatStreamToIr());
    const rendered = frames(anthropicStreamRenderer(context(request)), events).map((frame) => ({ event: frame.event, data: JSON.parse(frame.data) as Record<string, unknown> }));
    expect(rendered.map((frame) => frame.event)).toContain('content_block_start');
    expect(rendered.find((frame) => frame.event === 'content_block_start')?.data).toMatchObject({ content_block: { type: 'tool_use', name: 'lookup' } });
    expect(rendered.find((frame) => frame.event === 'message_delta')?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    expect(rendered.at(-1)?.event).toBe('message_stop');
  });

  it('Responses client → Responses upstream: streamed and whole', async () => {
    const { request } = parseResponsesRequest({ model: 'my-model', input: 'Say exactly: responses both ways', instructions: 'Be brief.', stream: true });
    const { body } = convertToResponsesRequest(request, 'gpt-5-mini');
    const events = await readStream(await post('responses', body), responsesStreamToIr());
    const rendered = frames(responsesStreamRenderer(context(request)), events);
    expect(rendered.at(-1)?.event).toBe('response.completed');
    expect(JSON.parse(rendered.at(-1)!.data)).toMatchObject({ response: { status: 'completed', output: [{ type: 'message', content: [{ text: 'responses both ways' }] }] } });

    const whole = await post('responses', convertToResponsesRequest(request, 'gpt-5-mini', { stream: false }).body);
    expect(responseToIr(await whole.text())).toMatchObject({ content: [{ type: 'text', text: 'responses both ways' }], stopReason: 'end_turn', usage: { estimated: false } });
    const chatWhole = await post('chat/completions', convertToChatRequest(request, 'gpt-5-mini', { dialect: 'openai', stream: false }).body);
    expect(chatCompletionToIr(await chatWhole.text())).toMatchObject({ content: [{ type: 'text', text: 'responses both ways' }] });
  });

  it('reads the upstream refusals: a rate limit with its reset, a used-up quota, a stream that fails midway', async () => {
    const { body } = convertToChatRequest(parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).request, 'gpt-5-mini', { dialect: 'openai' });
    upstream.failNext({ status: 429, retryAfterSeconds: 30 }, { status: 429, code: 'insufficient_quota' }, { midStreamErrorAfterDeltas: 1 });
    const now = Date.now();
    const limited = await post('chat/completions', body);
    expect(classifyOpenAIFailure(limited.status, limited.headers, await limited.text(), now)).toEqual({ class: 'rate_limit', retryAt: new Date(now + 30_000), reason: 'requests rate limit' });
    const quota = await post('chat/completions', body);
    const quotaText = await quota.text();
    expect(classifyOpenAIFailure(quota.status, quota.headers, quotaText, now)).toMatchObject({ class: 'quota_exhausted', retryAt: null });
    expect(openAIErrorToIr(quota.status, quotaText)).toMatchObject({ kind: 'rate_limit', status: 429 });
    const broken = await readStream(await post('chat/completions', body), chatStreamToIr());
    expect(broken.at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 500, message: expect.stringMatching(/server had an error/) } });
  });

  it('reads the model list, and a server without one answers 404', async () => {
    const list = await fetch(`${upstream.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(readOpenAIModelList(await list.text()).map((model) => model.id)).toEqual(['gpt-5-mini', 'gpt-5', 'gpt-4.1-nano']);
    upstream.setModels(null);
    const none = await fetch(`${upstream.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(none.status).toBe(404);
    upstream.setModels([]);
  });
});
