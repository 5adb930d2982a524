import { describe, expect, it } from 'vitest';
import { recordedText } from '../__fixtures__/recorded.js';
import { responseToIr } from './response-to-ir.js';

describe('responseToIr', () => {
  it('reads a recorded body: reasoning (encrypted, marked as OpenAI\'s), tool calls, usage', () => {
    const response = responseToIr(recordedText('./__fixtures__/openai-reasoning-encrypted-content.1.json', import.meta.url));
    expect(response.id).toMatch(/^resp_/);
    expect(response.content[0]).toMatchObject({ type: 'reasoning', encrypted: expect.stringMatching(/^gAAAA/), providerData: { responses: { encryptedBy: 'openai' } } });
    expect(response.usage).toMatchObject({ estimated: false, reasoningTokens: expect.any(Number) });
    expect(response.usage.inputTokens).toBeGreaterThan(0);
  });

  it('ends a turn that called tools for them, an incomplete one for its reason; a refusal is text', () => {
    const body = (output: unknown[], extra: object = {}) => JSON.stringify({ id: 'resp_1', model: 'm', status: 'completed', output, ...extra });
    expect(responseToIr(body([{ type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }]))).toMatchObject({ stopReason: 'tool_use', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] });
    expect(responseToIr(body([], { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })).stopReason).toBe('max_tokens');
    expect(responseToIr(body([{ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] }]))).toMatchObject({ stopReason: 'refusal', content: [{ type: 'text', text: 'No.' }] });
    expect(responseToIr(body([{ type: 'web_search_call', id: 'ws_1' }])).content).toEqual([]);
  });

  it('refuses what is not a response, and a failed one', () => {
    expect(() => responseToIr('nope')).toThrow(/not JSON/);
    expect(() => responseToIr(JSON.stringify({ id: 'r' }))).toThrow(/not a response at output/);
    expect(() => responseToIr(JSON.stringify({ status: 'failed', output: [], error: { code: 'server_error', message: 'boom' } }))).toThrow(/failed the response: boom/);
  });
});
