import { sseTap, type ParsedSseEvent } from '../wire/sse.js';
import { UpstreamNetworkError } from '../upstream/network-failure.js';

/** The opening is held back up to this much; a real one (a start event, a block's start, a ping) is a few KB. */
const MAX_HELD_BYTES = 1024 * 1024;

/**
 * What one event of a stream's opening says, as its protocol reads it: the answer has begun (`content`), the
 * upstream refused the request after all (`refusal`, with the status it stands for and an error body in the
 * protocol's own format), or nothing yet (null: keep holding).
 */
export type OpeningEvent = 'content' | { refusal: { status: number; errorText: string } } | null;

export type StreamOpening =
  /** The upstream refused the request inside the 200 stream, before any content: its error body. */
  | { refused: true; status: number; errorText: string }
  /** The stream as it came, the opening replayed first. */
  | { refused: false; body: ReadableStream<Uint8Array> };

/**
 * Reads an SSE stream up to its first content and holds that opening back; `read` says what each event means in
 * its protocol. An error event before any content is the upstream refusing this request after all (Anthropic
 * sends "overloaded" that way, OpenAI a rate limit): nothing has reached the client, so the caller answers it like
 * an error status, and another account may still serve the request (ARCHITECTURE.md step 5). A break before any
 * content is a network failure, for the same reason. Anything else — content, an event that is not even JSON (the
 * reader says `content`), an end — is the stream's: it is answered whole, the opening replayed, for whoever reads
 * it to judge.
 */
export async function holdStreamOpening(body: ReadableStream<Uint8Array>, read: (event: ParsedSseEvent) => OpeningEvent): Promise<StreamOpening> {
  const reader = body.getReader();
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  const seen: { content: boolean; refusal: { status: number; errorText: string } | null } = { content: false, refusal: null };
  const tap = sseTap((event) => {
    if (seen.content || seen.refusal) return;
    const meaning = read(event);
    if (meaning === 'content') seen.content = true;
    else if (meaning) seen.refusal = meaning.refusal;
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
    return { refused: true, ...seen.refusal };
  }
  return { refused: false, body: replaying(held, reader, ended) };
}

/** Whether an answer is a stream of server-sent events (else one whole body). */
export function isEventStream(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').includes('text/event-stream');
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
