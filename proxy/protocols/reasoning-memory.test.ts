import { describe, expect, it } from 'vitest';
import type { IREvent, IRMessage } from '../wire/ir.js';
import { emptyUsage } from '../wire/ir.js';
import { ThinkingMemory } from './reasoning-memory.js';

async function drain(events: AsyncIterable<IREvent>): Promise<IREvent[]> {
  const out: IREvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function* from(events: IREvent[]): AsyncGenerator<IREvent> {
  yield* events;
}

const response: IREvent[] = [
  { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: null },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Let me ' },
  { type: 'reasoning-delta', index: 0, text: 'check.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig-123' },
  { type: 'reasoning-end', index: 0 },
  { type: 'tool-call-start', index: 1, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Paris"}' },
  { type: 'tool-call-end', index: 1 },
  { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: emptyUsage() },
];

describe('ThinkingMemory', () => {
  it('passes events through unchanged and puts the signed thinking back before the replayed tool call', async () => {
    const memory = new ThinkingMemory();
    expect(await drain(memory.observe(from(response)))).toEqual(response);
    const replay: IRMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Let me check.' }, { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
    ];
    const restored = memory.restore(replay);
    expect(restored[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Let me check.', signature: 'sig-123' },
        { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    });
    expect(restored[0]).toBe(replay[0]);
  });

  it('leaves turns alone that already carry signed thinking, or that it has not seen', async () => {
    const memory = new ThinkingMemory();
    await drain(memory.observe(from(response)));
    const signed: IRMessage = { role: 'assistant', content: [{ type: 'reasoning', text: 'x', signature: 'own' }, { type: 'tool-call', id: 'toolu_1', name: 'f', arguments: '{}' }] };
    const unknown: IRMessage = { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_other', name: 'f', arguments: '{}' }] };
    expect(memory.restore([signed, unknown])).toEqual([signed, unknown]);
  });

  it("remembers OpenAI's encrypted reasoning as OpenAI's, for a client that could not carry it (a Chat client on a Codex target)", async () => {
    const openAI = { responses: { encryptedBy: 'openai' } };
    const memory = new ThinkingMemory();
    await drain(memory.observe(from([
      { type: 'message-start', id: 'resp_1', model: 'gpt-5.5', usage: null },
      { type: 'reasoning-start', index: 0, encrypted: 'gAAAAB-sealed', providerData: openAI },
      { type: 'reasoning-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-end', index: 1 },
      { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: emptyUsage() },
    ])));
    const [restored] = memory.restore([{ role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{}' }] }]);
    expect(restored?.content[0]).toEqual({ type: 'reasoning', text: '', encrypted: 'gAAAAB-sealed', providerData: openAI });
  });

  it('forgets the oldest entries beyond its capacity and entries past their age', () => {
    let now = 0;
    const memory = new ThinkingMemory(2, 1000, () => now);
    const part = { type: 'reasoning' as const, text: 't', signature: 's' };
    memory.remember(['a'], [part]);
    memory.remember(['b'], [part]);
    memory.remember(['c'], [part]);
    expect(memory.recall('a')).toBeUndefined();
    expect(memory.recall('c')).toEqual([part]);
    now = 2000;
    expect(memory.recall('c')).toBeUndefined();
  });
});
