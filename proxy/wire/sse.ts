import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One server-sent event as a renderer produces it. Every frame we write names its event (Claude Code needs it). */
export interface SseFrame {
  event: string;
  data: string;
}

/** The wire form of one frame: `event:` line, `data:` line(s), blank line (WHATWG "server-sent events"). */
export function formatSse(frame: SseFrame): string {
  const data = frame.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n');
  return `event: ${frame.event}\n${data}\n\n`;
}

/** A JSON payload as a frame. */
export function jsonFrame(event: string, payload: unknown): SseFrame {
  return { event, data: JSON.stringify(payload) };
}

export interface ParsedSseEvent {
  /** The `event:` name, or "message" when the stream gave none (the spec's default). */
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
      yield { event: value.event ?? 'message', data: value.data };
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}
