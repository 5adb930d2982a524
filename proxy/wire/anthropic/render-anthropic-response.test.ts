import { describe, expect, it } from 'vitest';
import type { IRRequest, IRResponse } from '../ir.js';
import { irRequest } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import { renderAnthropicResponse } from './render-anthropic-response.js';

const request: IRRequest = irRequest({ model: 'sonnet', stream: false, reasoning: { enabled: true } });
const context: RenderContext = { requestedModel: 'sonnet', created: 0, responseId: 'msg_abc', request };

describe('renderAnthropicResponse', () => {
  it('renders a Messages body under the client model name and response id', () => {
    const response: IRResponse = {
      id: 'chatcmpl-upstream',
      upstreamModel: 'gpt-5',
      content: [
        { type: 'reasoning', text: 'Think.', signature: 'sig' },
        { type: 'reasoning', text: '', encrypted: 'opaque' },
        { type: 'reasoning', text: 'No signature from this provider.' },
        { type: 'text', text: 'Calling tools.' },
        { type: 'tool-call', id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'c2', name: 'now', arguments: '' },
        { type: 'tool-call', id: 'c3', name: 'broken', arguments: '{"city":' },
      ],
      stopReason: 'tool_use',
      stopSequence: null,
      usage: { inputTokens: 9, outputTokens: 21, cacheReadTokens: 1, cacheWriteTokens: 2, reasoningTokens: null, estimated: false },
    };
    expect(renderAnthropicResponse(response, context)).toEqual({
      id: 'msg_abc',
      type: 'message',
      role: 'assistant',
      model: 'sonnet',
      content: [
        { type: 'thinking', thinking: 'Think.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'thinking', thinking: 'No signature from this provider.', signature: '' },
        { type: 'text', text: 'Calling tools.' },
        { type: 'tool_use', id: 'c1', name: 'weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'c2', name: 'now', input: {} },
        { type: 'tool_use', id: 'c3', name: 'broken', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 9, cache_creation_input_tokens: 2, cache_read_input_tokens: 1, output_tokens: 21 },
    });
  });

  it('leaves reasoning out when the client did not turn thinking on (another provider\'s model reasons anyway)', () => {
    const response: IRResponse = {
      id: 'resp_1',
      upstreamModel: 'gpt-5',
      content: [
        { type: 'reasoning', text: '', encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } },
        { type: 'text', text: 'Hello.' },
      ],
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false },
    };
    for (const reasoning of [null, { enabled: false }]) {
      expect(renderAnthropicResponse(response, { ...context, request: { ...request, reasoning } }).content).toEqual([{ type: 'text', text: 'Hello.' }]);
    }
  });

  it("renders reasoning OpenAI encrypted as thinking (its summary) signed with the encrypted form, never as redacted_thinking Anthropic could not read", () => {
    const response: IRResponse = {
      id: 'resp_1',
      upstreamModel: 'gpt-5',
      content: [{ type: 'reasoning', text: 'Summary.', encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } }],
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: false },
    };
    expect(renderAnthropicResponse(response, context).content).toEqual([{ type: 'thinking', thinking: 'Summary.', signature: 'sbo1:gAAAA' }]);
  });
});
