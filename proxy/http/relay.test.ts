import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { relayHeaders } from './relay.js';

/** The headers a relay set on the client's response. */
function relayed(upstream: Headers): Record<string, string> {
  const set: Record<string, string> = {};
  relayHeaders(upstream, { setHeader: (name: string, value: string) => void (set[name] = value) } as unknown as Response);
  return set;
}

describe('relayHeaders', () => {
  it("copies the upstream's content headers and none that belong to its connection", () => {
    const headers = relayed(
      new Headers({
        'content-type': 'text/event-stream',
        'request-id': 'req_1',
        'anthropic-ratelimit-unified-status': 'allowed',
        connection: 'keep-alive, x-upstream-hop',
        'x-upstream-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        'proxy-authenticate': 'Basic',
        'content-length': '12',
        'set-cookie': 'a=b',
      }),
    );
    expect(headers).toEqual({ 'content-type': 'text/event-stream', 'request-id': 'req_1', 'anthropic-ratelimit-unified-status': 'allowed' });
  });
});
