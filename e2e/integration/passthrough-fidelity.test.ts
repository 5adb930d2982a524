import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

/** What Claude Code sends must reach Anthropic as it was sent: only the credentials and betas change. */
describe('passthrough of a Claude Code request', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const claudeCodeHeaders = {
    'content-type': 'application/json',
    accept: 'application/json',
    'anthropic-version': '2023-06-01',
    'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27',
    'user-agent': 'claude-cli/2.1.330 (external, sdk-cli)',
    'x-app': 'cli',
    'x-claude-code-session-id': '3f1c1f4e-7d53-4c43-9a55-0e7e0e0b6a51',
    'x-stainless-os': 'Linux',
    authorization: `Bearer ${TEST_API_KEY}`,
  };
  // Key order, spacing, unknown fields, cache_control, a system message inside messages, a thinking signature.
  const rawBody =
    '{"model":"claude-opus-4-7","max_tokens":32000,"stream":false,' +
    '"system":[{"type":"text","text":"You are Claude Code, Anthropic\'s official CLI for Claude.","cache_control":{"type":"ephemeral"}}],' +
    '"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral","ttl":"1h"}}]},' +
    '{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"EqQBCkYIBxgCKkD+sig=="},{"type":"text","text":"hello"}]},' +
    '{"role":"system","content":"Remember the plan.","output_config":{"effort":"high"}},' +
    '{"role":"user","content":"again"}],' +
    '"thinking":{"type":"adaptive"},"context_management":{"edits":[]},"output_config":{"effort":"high"},' +
    '"metadata":{"user_id":"{\\"device_id\\":\\"abc\\",\\"account_uuid\\":\\"\\",\\"session_id\\":\\"s\\"}"},"a_future_field":[1,2.50,{"x":null}]}';

  it('forwards the body byte for byte, the query string, and the client headers', async () => {
    const response = await fetch(`${stack.url}/v1/messages?beta=true`, { method: 'POST', headers: claudeCodeHeaders, body: rawBody });
    expect(response.status).toBe(200);
    const upstream = stack.api.requests.at(-1)!;
    expect(upstream.path).toBe('/v1/messages?beta=true');
    expect(upstream.rawBody).toBe(rawBody);
    expect(upstream.headers['user-agent']).toBe('claude-cli/2.1.330 (external, sdk-cli)');
    expect(upstream.headers['x-claude-code-session-id']).toBe(claudeCodeHeaders['x-claude-code-session-id']);
    expect(upstream.headers['x-stainless-os']).toBe('Linux');
    expect(upstream.headers['anthropic-beta']).toBe(`${claudeCodeHeaders['anthropic-beta']},oauth-2025-04-20`);
    expect(upstream.headers.authorization).not.toContain(TEST_API_KEY);
  });

  it('relays the SSE stream event for event, with its event lines and the rate-limit headers', async () => {
    const body = rawBody.replace('"stream":false', '"stream":true');
    const response = await fetch(`${stack.url}/v1/messages?beta=true`, { method: 'POST', headers: claudeCodeHeaders, body });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('allowed');
    expect(response.headers.get('anthropic-ratelimit-unified-5h-utilization')).not.toBeNull();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_sb_/);
    const text = await response.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_start');
    expect(events).toContain('ping');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.at(-1)).toBe('message_stop');
    // The thinking block's signature arrives untouched.
    expect(text).toMatch(/"type":"signature_delta","signature":"[^"]+"/);
  });

  it('forwards count_tokens without profile edits to the body', async () => {
    const body = JSON.stringify({ model: 'claude-opus-4-7', messages: [{ role: 'user', content: 'count me' }], system: 'x' });
    const response = await fetch(`${stack.url}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { ...claudeCodeHeaders, 'user-agent': 'some-other-client/1.0' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ input_tokens: expect.any(Number) });
    const upstream = stack.api.requests.at(-1)!;
    expect(upstream.rawBody).toBe(body);
    expect(upstream.headers['user-agent']).toMatch(/^claude-cli\//);
  });
});
