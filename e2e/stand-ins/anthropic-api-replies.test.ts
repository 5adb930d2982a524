import { describe, expect, it } from 'vitest';
import { PromptCacheLedger } from './anthropic-api-cache.js';
import { buildReply, mentions } from './anthropic-api-replies.js';
import type { MessagesRequest } from './anthropic-api-request.js';

describe('the stand-in’s replies', () => {
  it('call a tool the prompt names as a whole word, case-sensitive', () => {
    expect(mentions('please Read the file', 'Read')).toBe(true);
    expect(mentions('Ready?', 'Read')).toBe(false);
    expect(mentions('my-Read and Read_all', 'Read')).toBe(false);
    expect(mentions('then Read', 'Read')).toBe(true);
    expect(mentions('call a.b now', 'a.b')).toBe(true);
    expect(mentions('call axb now', 'a.b')).toBe(false);
  });

  it('answer a tool name of any length instead of failing with 500 (found by the fuzzer)', () => {
    const name = 'x'.repeat(131_072);
    const request = { model: 'claude-sonnet-4-6', max_tokens: 200_000, messages: [{ role: 'user', content: `use ${name}` }], tools: [{ name, input_schema: { type: 'object', properties: {} } }] };
    const reply = buildReply(request as MessagesRequest, new PromptCacheLedger());
    expect(reply.content).toContainEqual(expect.objectContaining({ type: 'tool_use', name }));
  });
});
