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
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is it?' }] }],
    });
    const { turn, warnings, refusal } = irToTurn(request, 'm');
    expect(turn.messages).toEqual([{ role: 'user', text: 'what is it?' }]);
    expect(refusal).toBeNull();
    expect(warnings.map((warning) => warning.at)).toEqual(['cursor.sampling', 'cursor.stopSequences']);
  });

  it('carries every image of the conversation with the run, named where it was; refuses an image given by address', () => {
    const png = Buffer.from('png bytes').toString('base64');
    const jpeg = Buffer.from('jpeg bytes').toString('base64');
    const request = irRequest({
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look: ' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: png } }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'screenshot', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: jpeg } }] }] },
      ],
    });
    const { turn, refusal } = irToTurn(request, 'm');
    expect(refusal).toBeNull();
    expect(turn.messages.map((message) => message.text)).toEqual(['Look: [image 1]', '\n[called tool screenshot (call id toolu_1) with arguments {}]\n', '[result of tool call toolu_1]\n[image 2]']);
    expect(turn.images?.map((image) => [image.mimeType, Buffer.from(image.data).toString()])).toEqual([
      ['image/png', 'png bytes'],
      ['image/jpeg', 'jpeg bytes'],
    ]);

    const byAddress = irRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'what is it?' }] }] });
    expect(irToTurn(byAddress, 'm').refusal).toMatch(/^messages\[0\]: Cursor takes images as data, not by address/);
  });
});
