import { describe, expect, it } from 'vitest';
import { streamFailure } from './stream-failure.js';

const eventData = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message } });

describe('streamFailure', () => {
  it("classes Anthropic's error events by their type: overload and rate limits keep their class", () => {
    expect(streamFailure(eventData('overloaded_error', 'Overloaded'))).toEqual({ class: 'overloaded', retryAt: null, reason: 'error inside the stream: Overloaded' });
    expect(streamFailure(eventData('rate_limit_error', 'Rate limited'))).toEqual({ class: 'rate_limit', retryAt: null, reason: 'error inside the stream: Rate limited' });
    expect(streamFailure(eventData('api_error', 'Internal server error'))).toMatchObject({ class: 'stream_error', reason: 'error inside the stream: Internal server error' });
    expect(streamFailure(eventData('invalid_request_error', 'bad'))).toMatchObject({ class: 'stream_error' });
  });

  it('classes IR error events (translated streams) by their kind', () => {
    expect(streamFailure({ kind: 'overloaded', status: 529, message: 'Overloaded' })).toMatchObject({ class: 'overloaded' });
    expect(streamFailure({ kind: 'rate_limit', status: 429, message: 'limit' })).toMatchObject({ class: 'rate_limit' });
    expect(streamFailure({ kind: 'timeout', status: 504, message: 'Claude sent nothing for 300s' })).toEqual({
      class: 'stream_error',
      retryAt: null,
      reason: 'error inside the stream: Claude sent nothing for 300s',
    });
  });

  it('reads an event that is not JSON as a plain stream error', () => {
    expect(streamFailure('<html>oops</html>')).toEqual({ class: 'stream_error', retryAt: null, reason: 'error inside the stream: <html>oops</html>' });
  });
});
