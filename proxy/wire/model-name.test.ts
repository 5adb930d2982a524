import { describe, expect, it } from 'vitest';
import { countTokensRequestSchema, messagesRequestSchema } from './anthropic/anthropic-api.js';
import { anthropicFormat } from './anthropic/anthropic-format.js';
import { chatFormat } from './chat/chat-format.js';
import { MAX_MODEL_NAME_LENGTH } from './model-name.js';
import { responsesFormat } from './responses/responses-format.js';

const atBound = `claude-${'x'.repeat(MAX_MODEL_NAME_LENGTH - 7)}`;
const overBound = `${atBound}x`;

const bodies = {
  anthropic: (model: string) => ({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  chat: (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] }),
  responses: (model: string) => ({ model, input: 'hi' }),
};

describe('the model name in every client format', () => {
  it.each([
    ['anthropic', anthropicFormat],
    ['chat', chatFormat],
    ['responses', responsesFormat],
  ] as const)('is read by the %s format up to the bound and refused past it', (id, format) => {
    expect(format.parseRequest(bodies[id](atBound)).request.model).toBe(atBound);
    expect(() => format.parseRequest(bodies[id](overBound))).toThrow(`model: a model name has at most ${MAX_MODEL_NAME_LENGTH} characters`);
  });

  it('is bounded in the passthrough schemas too', () => {
    expect(messagesRequestSchema.safeParse(bodies.anthropic(atBound)).success).toBe(true);
    expect(messagesRequestSchema.safeParse(bodies.anthropic(overBound)).success).toBe(false);
    expect(countTokensRequestSchema.safeParse({ model: overBound, messages: [{ role: 'user', content: 'hi' }] }).success).toBe(false);
  });
});
