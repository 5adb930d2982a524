import type { Reply, ReplyBlock, ReplyUsage } from './anthropic-api-replies.js';
import type { SseScript } from './scripted-faults.js';

/**
 * The Messages API stream, framed as the recorded fixtures are (anthropic-text.chunks.txt): message_start →
 * per block content_block_start, deltas, content_block_stop (a ping after the first start) → message_delta →
 * message_stop. Every event carries an `event:` line; Claude Code falls back to non-streaming without one.
 */

type Delta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string };

export interface StreamError {
  type: string;
  message: string;
}

export type StreamEvent =
  | { type: 'message_start'; message: Record<string, unknown> }
  | { type: 'content_block_start'; index: number; content_block: Record<string, unknown> }
  | { type: 'ping' }
  | { type: 'content_block_delta'; index: number; delta: Delta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: string; stop_sequence: string | null };
      usage: Record<string, number>;
    }
  | { type: 'message_stop' }
  | { type: 'error'; error: StreamError };

/** An event whose `data:` is not JSON (it was cut inside its JSON), framed like the others. */
const MALFORMED_FRAME = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n';

export function streamEventsOf(reply: Reply): StreamEvent[] {
  const blockEvents = reply.content.flatMap(blockEventsOf);
  const firstStart = blockEvents.findIndex((event) => event.type === 'content_block_start');
  if (firstStart >= 0) blockEvents.splice(firstStart + 1, 0, { type: 'ping' });
  return [messageStart(reply), ...blockEvents, messageDelta(reply), { type: 'message_stop' }];
}

/** The stream as the scripted faults break it: its content deltas, its ending (message_delta), a huge text delta. */
export function anthropicSseScript(events: readonly StreamEvent[]): SseScript {
  const ending = events.findIndex((event) => event.type === 'message_delta');
  const textBlock = events.find((event) => event.type === 'content_block_start' && event.content_block['type'] === 'text');
  const textIndex = textBlock?.type === 'content_block_start' ? textBlock.index : 0;
  return {
    frames: events.map(sseFrame),
    content: events.map((event) => event.type === 'content_block_delta'),
    endingIndex: ending < 0 ? events.length : ending,
    hugeContent: (bytes) => sseFrame({ type: 'content_block_delta', index: textIndex, delta: { type: 'text_delta', text: 'x'.repeat(bytes) } }),
    malformed: MALFORMED_FRAME,
  };
}

export function sseFrame(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function messageStart(reply: Reply): StreamEvent {
  const message = {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...reply.usage, output_tokens: 1 },
  };
  return { type: 'message_start', message };
}

function messageDelta(reply: Reply): StreamEvent {
  return {
    type: 'message_delta',
    delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence },
    usage: finalUsage(reply.usage),
  };
}

function finalUsage(usage: ReplyUsage): Record<string, number> {
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
  };
}

function blockEventsOf(block: ReplyBlock, index: number): StreamEvent[] {
  const deltas = (items: Delta[]): StreamEvent[] =>
    items.map((delta) => ({ type: 'content_block_delta', index, delta }));
  const stop: StreamEvent = { type: 'content_block_stop', index };
  switch (block.type) {
    case 'text':
      return [
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        ...deltas(chunksOf(block.text).map((text) => ({ type: 'text_delta', text }))),
        stop,
      ];
    case 'thinking':
      return [
        { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
        ...deltas(chunksOf(block.thinking).map((thinking) => ({ type: 'thinking_delta', thinking }))),
        ...deltas([{ type: 'signature_delta', signature: block.signature }]),
        stop,
      ];
    case 'tool_use': {
      const json = JSON.stringify(block.input);
      return [
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        },
        // The real API opens every tool input with an empty partial_json.
        ...deltas(['', ...chunksOf(json)].map((partial_json) => ({ type: 'input_json_delta', partial_json }))),
        stop,
      ];
    }
  }
}

/** Splits text into 2–4 pieces (fewer only when it is shorter than that), at code-point boundaries. */
export function chunksOf(text: string): string[] {
  const characters = Array.from(text);
  if (characters.length === 0) return [];
  const count = Math.min(characters.length, Math.max(2, Math.min(4, Math.ceil(characters.length / 16))));
  const size = Math.ceil(characters.length / count);
  const chunks: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    chunks.push(characters.slice(start, start + size).join(''));
  }
  return chunks;
}
