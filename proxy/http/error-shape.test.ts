import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { anthropicErrorEvent } from './error-shape.js';

describe('anthropicErrorEvent', () => {
  // timeout_error is Anthropic's own name for a gateway timeout (its SDK's GatewayTimeoutError), as the wire renderer says too.
  it('is the SSE frame Anthropic sends when a stream fails after it began', () => {
    const event = anthropicErrorEvent(new ApiError(504, 'timeout', 'the upstream sent nothing for 300s'));
    expect(event).toBe('event: error\ndata: {"type":"error","error":{"type":"timeout_error","message":"the upstream sent nothing for 300s"}}\n\n');
  });
});
