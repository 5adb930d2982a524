import { anthropicErrorToIrKind } from '../../wire/anthropic/anthropic-error.js';
import { sseTap } from '../../wire/sse.js';
import { UpstreamNetworkError } from '../../upstream/network-failure.js';
import { AnthropicProtocolError, readEventFrame } from './anthropic-stream-to-ir.js';

/** The opening is held back up to this much; a real one (message_start, a block's start, a ping) is a few KB. */
const MAX_HELD_BYTES = 1024 * 1024;

/** Events that carry the answer itself: once one comes, the stream has begun for the client. */
const CONTENT_EVENTS = new Set(['content_block_delta', 'message_delta', 'message_stop']);

export type StreamOpening =
  /** The upstream refused the request inside the 200 stream, before any content: its error event's data (an error body). */
  | { refused: true; status: number; errorText: string }
  /** The stream as it came, the opening replayed first. */
  | { refused: false; body: ReadableStream<Uint8Array> };

/**
 * Reads a Messages stream up to its first content (a delta, or the message's end) and holds that opening back.
 * An error event before any content is the upstream refusing this request after all (Anthropic sends "overloaded"
 * that way): nothing has reached the client, so the caller answers it like an error status, and another account
 * may still serve the request (ARCHITECTURE.md step 5). A break before any content is a network failure, for the
 * same reason. Anything else — content, an event that is not even JSON, an end — is the stream's: it is answered
 * whole, the opening replayed, for whoever reads it to judge.
 */
export async function holdOpening(body: ReadableStream<Uint8Array>): Promise<StreamOpening> {
  const reader = body.getReader();
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  const seen: { content: boolean; refusal: { errorType: string; errorText: string } | null } = { content: false, refusal: null };
  const tap = sseTap((event) => {
    if (seen.content || seen.refusal) return;
    try {
      const frame = readEventFrame(event);
      if (frame?.type === 'error') seen.refusal = { errorType: errorTypeOf(frame.json), errorText: event.data };
      else if (frame && CONTENT_EVENTS.has(frame.type)) seen.content = true;
    } catch (error) {
      if (!(error instanceof AnthropicProtocolError)) throw error;
      seen.content = true; // malformed: not a refusal; the stream's reader reports it
    }
  });
  let ended = false;
  while (!seen.content && !seen.refusal && !ended && heldBytes <= MAX_HELD_BYTES) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new UpstreamNetworkError(error);
    });
    if (done) ended = true;
    else {
      held.push(value);
      heldBytes += value.byteLength;
      tap(value);
    }
  }
  if (seen.refusal) {
    await reader.cancel().catch(() => {});
    return { refused: true, status: anthropicErrorToIrKind(seen.refusal.errorType).status, errorText: seen.refusal.errorText };
  }
  return { refused: false, body: replaying(held, reader, ended) };
}

/** The held chunks, then the rest of the stream from `reader`. */
function replaying(held: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, ended: boolean): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of held) controller.enqueue(chunk);
      if (ended) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function errorTypeOf(json: object): string {
  const error = (json as { error?: { type?: unknown } }).error;
  return typeof error?.type === 'string' ? error.type : 'api_error';
}
