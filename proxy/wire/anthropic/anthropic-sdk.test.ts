import Anthropic from '@anthropic-ai/sdk';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateStream } from '../aggregate.js';
import type { IREvent, IRRequest } from '../ir.js';
import { irRequest } from '../ir.js';
import { formatSse } from '../sse.js';
import { translateAll } from '../stream-translator.js';
import type { RenderContext } from '../wire-format.js';
import { anthropicFormat } from './anthropic-format.js';

const request: IRRequest = irRequest({ model: 'claude-via-switchboard', stream: true });
const context: RenderContext = { requestedModel: 'claude-via-switchboard', created: 0, responseId: 'msg_sdk', request };
const usage = { inputTokens: 20, outputTokens: 40, cacheReadTokens: 3, cacheWriteTokens: 0, reasoningTokens: null, estimated: false };

const conversation: IREvent[] = [
  { type: 'message-start', id: 'upstream', model: 'gpt-5', usage: { ...usage, outputTokens: 0 } },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'The user wants the weather.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me ' },
  { type: 'text-delta', index: 1, text: 'check.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage },
];

const expectedContent = [
  { type: 'thinking', thinking: 'The user wants the weather.', signature: 'sig' },
  { type: 'text', text: 'Let me check.' },
  { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
];

/** The official SDK against a server that answers with what the Anthropic format renders. */
describe('the official Anthropic SDK reads what the Anthropic format renders', () => {
  let server: Server;
  let client: Anthropic;
  let events: IREvent[] = conversation;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        void (async () => {
          if ((JSON.parse(body) as { stream?: boolean }).stream) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.end(translateAll(anthropicFormat.streamRenderer(context), events).map(formatSse).join(''));
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(anthropicFormat.renderResponse(await aggregateStream(events), context)));
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new Anthropic({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'x', maxRetries: 0 });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const params = { model: 'claude-via-switchboard', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] };

  it('streams into a complete message (messages.stream().finalMessage())', async () => {
    events = conversation;
    const message = await client.messages.stream(params).finalMessage();
    expect(message).toMatchObject({
      id: 'msg_sdk',
      model: 'claude-via-switchboard',
      role: 'assistant',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 40, cache_read_input_tokens: 3, cache_creation_input_tokens: 0 },
    });
    expect(message.content).toEqual(expectedContent.map((block) => expect.objectContaining(block)));
  });

  it('reads the non-streaming body (messages.create)', async () => {
    events = conversation;
    const message = await client.messages.create(params);
    expect(message).toMatchObject({ id: 'msg_sdk', model: 'claude-via-switchboard', stop_reason: 'tool_use', content: expectedContent });
  });

  it('throws the error a stream ended with', async () => {
    events = [conversation[0]!, { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded right now' } }];
    await expect(client.messages.stream(params).finalMessage()).rejects.toThrow(/Overloaded right now/);
  });
});
