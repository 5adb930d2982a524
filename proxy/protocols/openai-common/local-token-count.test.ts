import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { parsedClientRequest } from '../__fixtures__/client-requests.js';
import { codexResponsesProtocol } from '../codex-responses/protocol.js';
import { convertToResponsesRequest } from '../openai-responses/convert-to-responses-request.js';
import { countOpenAIInputTokens } from './local-token-count.js';

/** The Codex protocol, whose backend cannot count tokens: it counts here; nothing is ever fetched. */
const codex = codexResponsesProtocol<string>(
  {
    baseUrl: 'http://backend.test/backend-api',
    credentials: { headers: () => ({}) },
    accountCallTimeoutMs: 1000,
    fetch: () => Promise.reject(new Error('a local count fetches nothing')),
  },
  { clientVersion: () => '0.155.0', versionGateFix: 'raise it', cacheKey: String },
);

describe('local token counts for OpenAI upstreams', () => {
  it('counts the text of the instructions and of each item exactly, plus the framing of each message', () => {
    const body = { instructions: 'Be brief.', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello world, counted here' }] }] };
    expect(countOpenAIInputTokens(body)).toBe(3 + 2 * 3 + countTokens('Be brief.') + countTokens('hello world, counted here'));
  });

  it('counts Chat messages, tool calls and their results, and a tool definition as its JSON', () => {
    const tool = { type: 'function', function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
    const body = {
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
      tools: [tool],
    };
    const text = ['Weather in Oslo?', 'get_weather', '{"city":"Oslo"}', 'Sunny'].reduce((sum, part) => sum + countTokens(part), 0);
    expect(countOpenAIInputTokens(body)).toBe(3 + 3 * 3 + text + countTokens(JSON.stringify(tool)));
  });

  it('counts an image at a fixed size, never its bytes', () => {
    const image = (url: string) => ({ input: [{ type: 'message', role: 'user', content: [{ type: 'input_image', image_url: url }] }] });
    expect(countOpenAIInputTokens(image(`data:image/png;base64,${'A'.repeat(100_000)}`))).toBe(countOpenAIInputTokens(image('data:image/png;base64,AA')));
    expect(countOpenAIInputTokens(image('x'))).toBe(3 + 3 + 765);
  });

  describe('a recorded Claude Code request, as the Codex backend would be sent it', () => {
    const { request } = parsedClientRequest('claude-code.messages');

    it('is the count of the converted body, with the backend\'s edits', () => {
      const converted = convertToResponsesRequest(request, 'gpt-5.5').body;
      const estimate = codex.estimateInputTokens!(request, 'gpt-5.5');
      expect(estimate).toBe(countOpenAIInputTokens({ ...converted, instructions: converted['instructions'] ?? '' }));
      // Near what its text comes to: a token is some 3 to 5 bytes of English and code.
      const bytes = JSON.stringify(converted).length;
      expect(estimate).toBeGreaterThan(bytes / 8);
      expect(estimate).toBeLessThan(bytes / 2);
    });

    it('counts its system prompt, its tools and its messages', () => {
      const estimate = codex.estimateInputTokens!(request, 'gpt-5.5');
      expect(request.system.length).toBeGreaterThan(0);
      expect(request.tools.length).toBeGreaterThan(0);
      expect(codex.estimateInputTokens!({ ...request, system: [] }, 'gpt-5.5')).toBeLessThan(estimate);
      expect(codex.estimateInputTokens!({ ...request, tools: [] }, 'gpt-5.5')).toBeLessThan(estimate);
      expect(codex.estimateInputTokens!({ ...request, messages: request.messages.slice(0, 1) }, 'gpt-5.5')).toBeLessThan(estimate);
    });
  });
});
