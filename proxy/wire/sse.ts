import { createParser } from 'eventsource-parser';
import { MAX_ANSWER_BYTES } from './answer-bounds.js';

/**
 * One server-sent event as a renderer produces it. Frames name their event (Claude Code needs the `event:`
 * line); "message", the spec's default, is written without one, as OpenAI's Chat streams are (older openai
 * SDKs mistake any named event in a chat stream for an Assistants event).
 */
export interface SseFrame {
  readonly event: string;
  readonly data: string;
}

/** The SSE spec's event type for data without an `event:` line. */
export const DEFAULT_EVENT = 'message';

/** The wire form of one frame: `event:` line, `data:` line(s), blank line (WHATWG "server-sent events"). */
export function formatSse(frame: SseFrame): string {
  return sseFrameParts(frame).join('');
}

/**
 * The wire form of one frame in three pieces: what comes before its data, the data, the blank line. A long data
 * can so be written without a framed copy of it; JSON data (it has no line breaks: JSON.stringify escapes them)
 * is the frame's data itself.
 */
export function sseFrameParts(frame: SseFrame): [string, string, string] {
  const data = frame.data;
  const head = frame.event === DEFAULT_EVENT ? '' : `event: ${frame.event}\n`;
  if (!/[\r\n]/.test(data)) return [`${head}data: `, data, '\n\n'];
  const lines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n');
  return [head, lines, '\n\n'];
}

/**
 * A JSON payload as a frame, serialized when its data is read — when it is written. The frames of one step may
 * all repeat one long text (a Responses item's closing events do); built eagerly, each would hold its own copy of
 * it until the last was written. The payload must not change after the frame is made (renderers make fresh ones).
 */
export function jsonFrame(event: string, payload: unknown): SseFrame {
  return new JsonFrame(event, payload);
}

class JsonFrame implements SseFrame {
  constructor(
    readonly event: string,
    private readonly payload: unknown,
  ) {}

  get data(): string {
    return JSON.stringify(this.payload);
  }
}

export interface ParsedSseEvent {
  /** The `event:` name, or DEFAULT_EVENT when the stream gave none. */
  event: string;
  data: string;
}

/** An event longer than the bound; the parser would hold all of it until it ends. */
export class SseEventTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`one event is larger than ${maxBytes % 1048576 === 0 ? `${maxBytes / 1048576} MiB` : `${maxBytes} bytes`}`);
    this.name = 'SseEventTooLargeError';
  }
}

/**
 * Parses a byte stream of server-sent events with a spec-compliant parser, fed chunk by chunk through its callback
 * API: the events one chunk completes come out together, with no stream pipeline (three TransformStreams, a promise
 * per event) in between. An event longer than `maxEventBytes` ends the iteration with SseEventTooLargeError, so the
 * parser's buffer stays bounded. An event the stream leaves unfinished is not an event: it never ended.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>, maxEventBytes = MAX_ANSWER_BYTES): AsyncGenerator<ParsedSseEvent> {
  let parsed: ParsedSseEvent[] = [];
  const parser = createParser({ onEvent: (event) => parsed.push({ event: event.event ?? DEFAULT_EVENT, data: event.data }) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pending = 0; // bytes read since the last event came out
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      pending += value.byteLength;
      if (pending > maxEventBytes) throw new SseEventTooLargeError(maxEventBytes);
      parser.feed(decoder.decode(value, { stream: true }));
      if (parsed.length === 0) continue;
      pending = 0;
      const events = parsed;
      parsed = [];
      yield* events;
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

const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts a byte stream of server-sent events at event boundaries (a blank line: the spec's CRLF, LF and CR line ends
 * all count), so that what is passed on is whole events only: a stream that breaks off mid-event can then still be
 * ended with a well-formed error event. `push` answers the complete events the chunk finished (maybe none) and holds
 * the rest; an event longer than `maxEventBytes` throws SseEventTooLargeError instead of being held.
 */
export function sseEventSplitter(maxEventBytes = MAX_ANSWER_BYTES): { push(chunk: Uint8Array): Uint8Array } {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let atLineStart = true; // the last byte seen ended a line (or nothing was seen yet)
  let afterCr = false; // ...and it was a CR, so an LF next belongs to the same line end
  return {
    push(chunk) {
      let cut = -1; // the end of the last blank line in this chunk
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === LF && afterCr) {
          afterCr = false;
          if (cut === i) cut = i + 1; // the blank line was CRLF: its LF goes with it
        } else if (byte === LF || byte === CR) {
          if (atLineStart) cut = i + 1;
          atLineStart = true;
          afterCr = byte === CR;
        } else {
          atLineStart = false;
          afterCr = false;
        }
      }
      if (cut === -1) {
        if (heldBytes + chunk.byteLength > maxEventBytes) throw new SseEventTooLargeError(maxEventBytes);
        held.push(chunk);
        heldBytes += chunk.byteLength;
        return new Uint8Array(0);
      }
      const complete = held.length === 0 ? chunk.subarray(0, cut) : Buffer.concat([...held, chunk.subarray(0, cut)]);
      held = cut < chunk.length ? [chunk.subarray(cut)] : [];
      heldBytes = chunk.length - cut;
      if (heldBytes > maxEventBytes) throw new SseEventTooLargeError(maxEventBytes);
      return complete;
    },
  };
}
