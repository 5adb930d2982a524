import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { checkBody } from './validate-body.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../wire/anthropic/anthropic-api.js';

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const valid = { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };

describe('the passthrough body check', () => {
  it("answers the client's own object, not a copy of it", () => {
    const body = { ...valid, thinking: { type: 'enabled', budget_tokens: 1024 }, unknown_field: [1, 2] };
    expect(checkBody(messagesRequestSchema, body)).toBe(body);
    expect(checkBody(countTokensRequestSchema, body)).toBe(body);
  });

  it('never looks inside a message’s blocks, nor at the fields it does not read', () => {
    let reads = 0;
    const watched = <T>(value: T): T => new Proxy(value as object, { get: (target, key) => (reads++, Reflect.get(target, key)) }) as T;
    const block = watched({ type: 'text', text: 'x'.repeat(1000), cache_control: { type: 'ephemeral' } });
    const body = { ...valid, system: watched([{ type: 'text', text: 'terse' }]), tools: watched([{ name: 'Read' }]), messages: [{ role: 'user', content: [block, block] }] };
    checkBody(messagesRequestSchema, body);
    expect(reads).toBe(0);
  });

  it('passes what the upstream judges: blocks of any shape, any system', () => {
    for (const body of [
      { ...valid, messages: [{ role: 'user', content: [5, 'text', { no_type: true }] }] },
      { ...valid, system: { not: 'a list' } },
    ]) {
      expect(() => checkBody(messagesRequestSchema, body)).not.toThrow();
    }
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['no model', { ...valid, model: undefined }, 'model', /^model: Field required$/],
    ['max_tokens not a positive integer', { ...valid, max_tokens: 0 }, 'max_tokens', /^max_tokens: /],
    ['stream not a boolean', { ...valid, stream: 'yes' }, 'stream', /^stream: /],
    ['no messages', { ...valid, messages: [] }, 'messages', /^messages: /],
    ['a message that is not an object', { ...valid, messages: ['hi'] }, 'messages[0]', /^messages\[0\]: /],
    ['an unknown role', { ...valid, messages: [{ role: 'bot', content: 'hi' }] }, 'messages[0].role', /^messages\[0\]\.role: /],
    ['content neither text nor blocks', { ...valid, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content', /^messages\[0\]\.content: expected string or array$/],
  ])('refuses %s with a 400 naming the field', (_name, body, param, message) => {
    const error = refusal(() => checkBody(messagesRequestSchema, body));
    expect(error).toMatchObject({ status: 400, kind: 'invalid_request', options: { param } });
    expect(error.message).toMatch(message);
  });

  it('does not ask count_tokens for max_tokens', () => {
    expect(() => checkBody(countTokensRequestSchema, { model: valid.model, messages: valid.messages })).not.toThrow();
  });
});
