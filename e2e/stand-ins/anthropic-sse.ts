import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Reply, ReplyBlock, ReplyUsage } from './anthropic-api-replies.js';

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

/** Bytes written as they are, in place of an event: what a faulty upstream sends. */
export interface RawFrame {
  raw: string;
}

export type WireFrame = StreamEvent | RawFrame;

/** An event whose `data:` is not JSON (it was cut inside its JSON), framed like the others. */
export const MALFORMED_FRAME: RawFrame = { raw: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n' };

export function streamEventsOf(reply: Reply): StreamEvent[] {
  const blockEvents = reply.content.flatMap(blockEventsOf);
  const firstStart = blockEvents.findIndex((event) => event.type === 'content_block_start');
  if (firstStart >= 0) blockEvents.splice(firstStart + 1, 0, { type: 'ping' });
  return [messageStart(reply), ...blockEvents, messageDelta(reply), { type: 'message_stop' }];
}

/**
 * The stream cut just before its (afterDeltas + 1)-th content delta (or before message_delta when it has
 * fewer), with an `error` event in place of the rest.
 */
export function withErrorAfterDeltas(
  events: readonly StreamEvent[],
  afterDeltas: number,
  error: StreamError,
): StreamEvent[] {
  return [...cutAfterDeltas(events, afterDeltas), { type: 'error', error }];
}

/** The stream up to just before its (afterDeltas + 1)-th content delta (or before message_delta when it has fewer). */
export function cutAfterDeltas(events: readonly StreamEvent[], afterDeltas: number): StreamEvent[] {
  return events.slice(0, cutIndex(events, afterDeltas));
}

/** As cutAfterDeltas, and then the first half of the next event: a stream broken off in the middle of an event. */
export function cutMidEventAfterDeltas(events: readonly StreamEvent[], afterDeltas: number): WireFrame[] {
  const cut = cutIndex(events, afterDeltas);
  const next = sseFrame(events[cut]!);
  return [...events.slice(0, cut), { raw: next.slice(0, Math.floor(next.length / 2)) }];
}

/** The stream with `frame` inserted after its first (afterDeltas) content deltas; the rest follows as usual. */
export function withFrameAfterDeltas(events: readonly StreamEvent[], afterDeltas: number, frame: WireFrame): WireFrame[] {
  const cut = cutIndex(events, afterDeltas);
  return [...events.slice(0, cut), frame, ...events.slice(cut)];
}

/** A text delta of `bytes` characters, for the first text block. */
export function hugeTextDelta(events: readonly StreamEvent[], bytes: number): StreamEvent {
  const textBlock = events.find((event) => event.type === 'content_block_start' && event.content_block['type'] === 'text');
  const index = textBlock?.type === 'content_block_start' ? textBlock.index : 0;
  return { type: 'content_block_delta', index, delta: { type: 'text_delta', text: 'x'.repeat(bytes) } };
}

function cutIndex(events: readonly StreamEvent[], afterDeltas: number): number {
  const deltaIndexes = events.flatMap((event, index) => (event.type === 'content_block_delta' ? [index] : []));
  return deltaIndexes[Math.max(0, afterDeltas)] ?? events.findIndex((event) => event.type === 'message_delta');
}

export function sseFrame(event: WireFrame): string {
  if ('raw' in event) return event.raw;
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Writes each event as its own chunk, yielding to the event loop in between so clients really see a stream.
 * With `stall`, the stream is left open after the last event, silent, until the client goes away; with `reset`,
 * its connection is reset (TCP RST) instead of ending the stream. Returns false when the client went away before
 * the end (or the stream was not ended).
 */
export async function writeSseEvents(
  res: ServerResponse,
  events: readonly WireFrame[],
  headers: Record<string, string>,
  options: { stall?: boolean; reset?: boolean } = {},
): Promise<boolean> {
  if (res.destroyed) return false;
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const event of events) {
    if (res.destroyed) return false;
    res.write(sseFrame(event));
    await nextTurn();
  }
  if (res.destroyed) return false;
  if (options.stall) return false;
  if (options.reset) {
    res.socket?.resetAndDestroy();
    return false;
  }
  res.end();
  return true;
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
