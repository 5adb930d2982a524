import { describe, expect, it } from 'vitest';
import { streamFailure } from './stream-failure.js';

describe('streamFailure', () => {
  it('classes errors inside a stream by their kind: overload and rate limits keep their class', () => {
    expect(streamFailure({ kind: 'overloaded', status: 529, message: 'Overloaded' })).toEqual({ class: 'overloaded', retryAt: null, reason: 'error inside the stream: Overloaded' });
    expect(streamFailure({ kind: 'rate_limit', status: 429, message: 'Rate limited' })).toEqual({ class: 'rate_limit', retryAt: null, reason: 'error inside the stream: Rate limited' });
    expect(streamFailure({ kind: 'api_error', status: 500, message: 'Internal server error' })).toMatchObject({ class: 'stream_error', reason: 'error inside the stream: Internal server error' });
    expect(streamFailure({ kind: 'invalid_request', status: 400, message: 'bad' })).toMatchObject({ class: 'stream_error' });
    expect(streamFailure({ kind: 'timeout', status: 504, message: 'Claude sent nothing for 300s' })).toEqual({
      class: 'stream_error',
      retryAt: null,
      reason: 'error inside the stream: Claude sent nothing for 300s',
    });
  });
});
