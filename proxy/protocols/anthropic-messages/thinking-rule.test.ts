import { describe, expect, it } from 'vitest';
import { enforceThinkingRule } from './thinking-rule.js';

const toolLoop = (assistantFirst: Record<string, unknown>) => ({
  model: 'claude-sonnet-4-6',
  thinking: { type: 'enabled', budget_tokens: 2048 },
  messages: [
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: [assistantFirst, { type: 'tool_use', id: 't1', name: 'w', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Sunny' }] },
  ],
});

describe('enforceThinkingRule', () => {
  it('turns thinking off when the tool-use turn being answered has no signed thinking', () => {
    const { body, warning } = enforceThinkingRule(toolLoop({ type: 'text', text: 'calling' }));
    expect(body.thinking).toEqual({ type: 'disabled' });
    expect(warning?.message).toMatch(/thinking turned off/);
  });

  it('keeps thinking when the turn starts with signed or redacted thinking, or when no tool loop is open', () => {
    for (const first of [{ type: 'thinking', thinking: 'x', signature: 's' }, { type: 'redacted_thinking', data: 'd' }]) {
      const request = toolLoop(first);
      expect(enforceThinkingRule(request)).toEqual({ body: request, warning: null });
    }
    const plain = { thinking: { type: 'adaptive' }, messages: [{ role: 'user', content: 'hi' }] };
    expect(enforceThinkingRule(plain)).toEqual({ body: plain, warning: null });
    const off = { ...toolLoop({ type: 'text', text: 'x' }), thinking: undefined };
    expect(enforceThinkingRule(off).warning).toBeNull();
  });
});
