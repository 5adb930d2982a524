import { describe, expect, it } from 'vitest';

import type { ChatTurnEvent } from './chat-transport.js';
import { splitsThinkTag, splitThinkTag } from './think-split.js';

async function split(events: ChatTurnEvent[]): Promise<ChatTurnEvent[]> {
  async function* source() {
    yield* events;
  }
  const all: ChatTurnEvent[] = [];
  for await (const event of splitThinkTag(source())) all.push(event);
  return all;
}

const joined = (events: ChatTurnEvent[], type: 'text' | 'thinking') => events.flatMap((event) => (event.type === type ? [event.text] : [])).join('');
const thinking = (text: string): ChatTurnEvent => ({ type: 'thinking', text });
const end: ChatTurnEvent = { type: 'end', reason: 'end_turn' };

describe('the </think> split', () => {
  it('keeps what comes before the tag as thinking and gives what follows as the answer', async () => {
    const events = await split([thinking('<think>Let me add. '), thinking('2+2=4.</think>The answer'), thinking(' is 4.'), end]);
    expect(joined(events, 'thinking')).toBe('Let me add. 2+2=4.');
    expect(joined(events, 'text')).toBe('The answer is 4.');
    expect(events.at(-1)).toEqual(end);
  });

  it('finds a tag split across deltas, and never shows a piece of it', async () => {
    const events = await split([thinking('<thi'), thinking('nk>hmm</th'), thinking('in'), thinking('k>done'), end]);
    expect(joined(events, 'thinking')).toBe('hmm');
    expect(joined(events, 'text')).toBe('done');
  });

  it('gives back a held piece that turned out not to be the tag', async () => {
    const events = await split([thinking('a </t'), thinking('able> b'), { type: 'text', text: 'plain' }, end]);
    expect(joined(events, 'thinking')).toBe('a </table> b');
    expect(joined(events, 'text')).toBe('plain');
  });

  it('applies to the configured models only', () => {
    expect(splitsThinkTag(['composer-*', 'kimi-k2'], 'Composer-1')).toBe(true);
    expect(splitsThinkTag(['composer-*', 'kimi-k2'], 'kimi-k2')).toBe(true);
    expect(splitsThinkTag(['composer-*', 'kimi-k2'], 'kimi-k2.5')).toBe(false);
    expect(splitsThinkTag(['composer-*'], 'gpt-5')).toBe(false);
  });
});
