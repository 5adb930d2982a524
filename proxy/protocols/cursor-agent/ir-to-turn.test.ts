import { describe, expect, it } from 'vitest';

import { irRequest } from '../../wire/ir.js';
import { irToTurn } from './ir-to-turn.js';

describe('an IR request as one Cursor turn (cold resume)', () => {
  it('keeps the system text, the tools and every earlier message, tool calls and results written out', () => {
    const request = irRequest({
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
      tools: [{ name: 'get_weather', description: 'The weather', inputSchema: { type: 'object' }, origin: { kind: 'function' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I should look.' },
            { type: 'text', text: 'Looking.' },
            { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks!' }] },
      ],
    });
    const { turn, warnings } = irToTurn(request, 'claude-4.5-sonnet');
    expect(warnings).toEqual([]);
    expect(turn).toEqual({
      model: 'claude-4.5-sonnet',
      mode: 'agent',
      system: 'Be brief.\n\nBe kind.',
      tools: [{ name: 'get_weather', description: 'The weather', inputSchema: { type: 'object' } }],
      messages: [
        { role: 'user', text: 'Weather in Paris?' },
        { role: 'assistant', text: 'Looking.\n[called tool get_weather (call id toolu_1) with arguments {"city":"Paris"}]\n' },
        { role: 'user', text: '[result of tool call toolu_1]\nSunny\n\nThanks!' },
      ],
    });
  });

  it('names in warnings what the agent path cannot carry', () => {
    const request = irRequest({
      model: 'm',
      sampling: { temperature: 0.2 },
      stopSequences: ['END'],
      messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'what is it?' }] }],
    });
    const { turn, warnings } = irToTurn(request, 'm');
    expect(turn.messages).toEqual([{ role: 'user', text: 'what is it?' }]);
    expect(warnings.map((warning) => warning.at)).toEqual(['cursor.messages[0]', 'cursor.sampling', 'cursor.stopSequences']);
  });
});
