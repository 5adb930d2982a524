import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { anthropicErrorEvent, chatErrorEvent, errorShapeFor, responsesErrorEvent } from './error-shape.js';

describe('anthropicErrorEvent', () => {
  // timeout_error is Anthropic's own name for a gateway timeout (its SDK's GatewayTimeoutError), as the wire renderer says too.
  it('is the SSE frame Anthropic sends when a stream fails after it began', () => {
    const event = anthropicErrorEvent(new ApiError(504, 'timeout', 'the upstream sent nothing for 300s'));
    expect(event).toBe('event: error\ndata: {"type":"error","error":{"type":"timeout_error","message":"the upstream sent nothing for 300s"}}\n\n');
  });
});

describe('chatErrorEvent', () => {
  it("ends a Chat stream as every Chat stream of Switchboard's ends: the error chunk, then [DONE]", () => {
    const event = chatErrorEvent(new ApiError(502, 'api_error', 'the upstream stream broke off'));
    expect(event).toBe('data: {"error":{"message":"the upstream stream broke off","type":"server_error","param":null,"code":null}}\n\ndata: [DONE]\n\n');
  });
});

describe('responsesErrorEvent', () => {
  const frame = (data: object) => ({ event: String((data as { type: string }).type), data: JSON.stringify(data) });
  const parse = (text: string) =>
    text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => [block.split('\n')[0], JSON.parse(block.split('\n')[1]!.slice('data: '.length)) as Record<string, unknown>] as const);

  it('numbers its error and response.failed on from the last event the client was passed, and fails the response the stream opened', () => {
    const created = frame({ type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'gpt-5-mini', output: [] } });
    const delta = frame({ type: 'response.output_text.delta', sequence_number: 4, delta: 'hi' });
    const events = parse(responsesErrorEvent(new ApiError(504, 'timeout', 'the upstream sent nothing for 1s'), { events: 5, first: created, last: delta }));
    expect(events).toEqual([
      ['event: error', { type: 'error', code: 'timeout', message: 'the upstream sent nothing for 1s', param: null, error: expect.objectContaining({ code: 'timeout' }), sequence_number: 5 }],
      [
        'event: response.failed',
        {
          type: 'response.failed',
          response: { id: 'resp_1', object: 'response', status: 'failed', model: 'gpt-5-mini', output: [], error: { code: 'timeout', message: 'the upstream sent nothing for 1s' } },
          sequence_number: 6,
        },
      ],
    ]);
  });

  it('counts the events when they carry no numbers, and still names a failed response when none opened', () => {
    const events = parse(responsesErrorEvent(new ApiError(502, 'api_error', 'broke'), { events: 2, first: { event: 'message', data: 'x' }, last: { event: 'message', data: 'y' } }));
    expect(events.map(([, json]) => json['sequence_number'])).toEqual([2, 3]);
    expect(events[1]![1]).toMatchObject({ response: { object: 'response', status: 'failed', error: { code: 'server_error' } } });
  });
});

describe('errorShapeFor', () => {
  const shapeOf = (originalUrl: string) => errorShapeFor({ originalUrl });

  it.each(['/v1/messages', '/v1/messages?beta=true', '/v1/messages/count_tokens', '/v1/messages/batches', '/v1/messages/', '/v1/messagesx', '/v1/messages%2Fcount_tokens', '/V1/MESSAGES', '/v1/Messages/count_tokens', '//v1//messages'])(
    'answers %s in the Anthropic shape (the path is Anthropic’s, as Express routes it)',
    (path) => expect(shapeOf(path)).toBe('anthropic'),
  );

  it.each(['/v1/chat/completions', '/v1/responses', '/v1/models', '/admin/usage', '/v1', '/', '/messages', '/v2/messages', '/v1/x/messages'])('answers %s in the OpenAI shape', (path) =>
    expect(shapeOf(path)).toBe('openai'),
  );

  it('answers the model list in the shape of the SDK asking: Anthropic’s names its API version', () => {
    expect(errorShapeFor({ originalUrl: '/v1/models', headers: { 'anthropic-version': '2023-06-01' } })).toBe('anthropic');
    expect(errorShapeFor({ originalUrl: '/v1/models/claude-opus-5-5', headers: { 'anthropic-version': '2023-06-01' } })).toBe('anthropic');
    expect(errorShapeFor({ originalUrl: '/v1/models', headers: {} })).toBe('openai');
    expect(errorShapeFor({ originalUrl: '/v1/chat/completions', headers: { 'anthropic-version': '2023-06-01' } })).toBe('openai');
  });
});
