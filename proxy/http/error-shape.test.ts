import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { anthropicErrorEvent, errorShapeFor } from './error-shape.js';

describe('anthropicErrorEvent', () => {
  // timeout_error is Anthropic's own name for a gateway timeout (its SDK's GatewayTimeoutError), as the wire renderer says too.
  it('is the SSE frame Anthropic sends when a stream fails after it began', () => {
    const event = anthropicErrorEvent(new ApiError(504, 'timeout', 'the upstream sent nothing for 300s'));
    expect(event).toBe('event: error\ndata: {"type":"error","error":{"type":"timeout_error","message":"the upstream sent nothing for 300s"}}\n\n');
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
