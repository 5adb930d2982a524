import type { ChatTurnEvent } from './chat-transport.js';

const OPEN = '<think>';
const CLOSE = '</think>';

/** Whether a model streams its answer in the thinking field after `</think>` (config patterns; `*` ends a prefix). */
export function splitsThinkTag(patterns: readonly string[], model: string): boolean {
  const lower = model.toLowerCase();
  return patterns.some((pattern) => {
    const wanted = pattern.toLowerCase();
    return wanted.endsWith('*') ? lower.startsWith(wanted.slice(0, -1)) : lower === wanted;
  });
}

/**
 * For models that stream reasoning and answer both as thinking, split by `</think>` (PROTOCOLS.md §3, Composer and
 * Kimi): thinking up to the tag stays thinking, everything after it is answer text. A tag split across deltas is
 * still found (the part that may begin it is held back until the next delta tells); a leading `<think>` is dropped.
 */
export async function* splitThinkTag(events: AsyncIterable<ChatTurnEvent>): AsyncGenerator<ChatTurnEvent> {
  let answering = false;
  let started = false;
  let held = '';
  for await (const event of events) {
    if (event.type !== 'thinking') {
      if (held) yield { type: answering ? 'text' : 'thinking', text: held };
      held = '';
      yield event;
      continue;
    }
    if (answering) {
      yield { type: 'text', text: event.text };
      continue;
    }
    let pending = held + event.text;
    held = '';
    if (!started) {
      if (OPEN.startsWith(pending) && pending.length < OPEN.length) {
        held = pending;
        continue;
      }
      started = true;
      if (pending.startsWith(OPEN)) pending = pending.slice(OPEN.length);
    }
    const at = pending.indexOf(CLOSE);
    if (at >= 0) {
      answering = true;
      const thought = pending.slice(0, at);
      const answer = pending.slice(at + CLOSE.length);
      if (thought) yield { type: 'thinking', text: thought };
      if (answer) yield { type: 'text', text: answer };
      continue;
    }
    const keep = partialTagLength(pending);
    held = pending.slice(pending.length - keep);
    const thought = pending.slice(0, pending.length - keep);
    if (thought) yield { type: 'thinking', text: thought };
  }
  if (held) yield { type: answering ? 'text' : 'thinking', text: held };
}

/** How many characters at the end of `text` may begin `</think>`. */
function partialTagLength(text: string): number {
  for (let length = Math.min(CLOSE.length - 1, text.length); length > 0; length -= 1) {
    if (CLOSE.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
