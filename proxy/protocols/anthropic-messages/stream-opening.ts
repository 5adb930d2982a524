import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { holdStreamOpening, type OpeningEvent, type StreamOpening } from '../stream-opening.js';
import { AnthropicProtocolError, readEventFrame } from './anthropic-stream-to-ir.js';

/** Events that carry the answer itself: once one comes, the stream has begun for the client. */
const CONTENT_EVENTS = new Set(['content_block_delta', 'message_delta', 'message_stop']);

/** Holds a Messages stream's opening (see holdStreamOpening): an `error` event before any delta is a refusal. */
export function holdOpening(body: ReadableStream<Uint8Array>): Promise<StreamOpening> {
  return holdStreamOpening(body, readMessagesOpening);
}

function readMessagesOpening(event: ParsedSseEvent): OpeningEvent {
  try {
    const frame = readEventFrame(event);
    if (frame?.type === 'error') return { refusal: { status: anthropicErrorToIrKind(errorTypeOf(frame.json)).status, errorText: event.data } };
    return frame && CONTENT_EVENTS.has(frame.type) ? 'content' : null;
  } catch (error) {
    if (!(error instanceof AnthropicProtocolError)) throw error;
    return 'content'; // malformed: not a refusal; the stream's reader reports it
  }
}

function errorTypeOf(json: object): string {
  const error = (json as { error?: { type?: unknown } }).error;
  return typeof error?.type === 'string' ? error.type : 'api_error';
}
