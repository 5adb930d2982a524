import { createParser } from 'eventsource-parser';
import { EventSourceParserStream } from 'eventsource-parser/stream';

/**
 * One server-sent event as a renderer produces it. Frames name their event (Claude Code needs the `event:`
 * line); "message", the spec's default, is written without one, as OpenAI's Chat streams are (older openai
 * SDKs mistake any named event in a chat stream for an Assistants event).
 */
export interface SseFrame {
  event: string;
  data: string;
}

/** The SSE spec's event type for data without an `event:` line. */
export const DEFAULT_EVENT = 'message';

/** The wire form of one frame: `event:` line, `data:` line(s), blank line (WHATWG "server-sent events"). */
export function formatSse(frame: SseFrame): string {
  const data = frame.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n');
  return frame.event === DEFAULT_EVENT ? `${data}\n\n` : `event: ${frame.event}\n${data}\n\n`;
}

/** A JSON payload as a frame. */
export function jsonFrame(event: string, payload: unknown): SseFrame {
  return { event, data: JSON.stringify(payload) };
}

export interface ParsedSseEvent {
  /** The `event:` name, or DEFAULT_EVENT when the stream gave none. */
  event: string;
  data: string;
}

/** Parses a byte stream of server-sent events with a spec-compliant parser. */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<ParsedSseEvent> {
  const events = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { event: value.event ?? DEFAULT_EVENT, data: value.data };
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

/**
 * Watches a byte stream of server-sent events that is passed on untouched elsewhere: feed it every chunk, it
 * calls `onEvent` for each complete event. For noticing errors inside a passthrough stream.
 */
export function sseTap(onEvent: (event: ParsedSseEvent) => void): (chunk: Uint8Array) => void {
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: (event) => onEvent({ event: event.event ?? DEFAULT_EVENT, data: event.data }) });
  return (chunk) => parser.feed(decoder.decode(chunk, { stream: true }));
}
