import type { Response } from 'express';
import { createLogger } from '../log.js';
import { hopByHopFilter } from '../upstream/hop-by-hop.js';
import type { PassthroughWatch, UpstreamResponse } from '../protocols/protocol.js';
import { answerTooLargeError, MAX_ANSWER_BYTES } from '../wire/answer-bounds.js';
import { IdleTimer } from '../wire/idle-timer.js';
import type { IRError } from '../wire/ir.js';
import { SseEventTooLargeError, sseEventSplitter, sseTap, type ParsedSseEvent } from '../wire/sse.js';
import { ApiError } from './api-error.js';
import { drained } from './sse-writer.js';

const log = createLogger('http/relay');

/**
 * Upstream response headers that describe the upstream connection or its framing, not the content, and are not
 * copied (besides the hop-by-hop ones).
 */
const NOT_RELAYED = new Set(['content-length', 'content-encoding', 'set-cookie', 'alt-svc', 'server', 'via', 'x-request-id']);

/** Copies the upstream's response headers that describe the content, leaving out `withheld` ones too (lower-case). */
export function relayHeaders(upstream: Headers, res: Response, withheld: readonly string[] = []): void {
  const isHopByHop = hopByHopFilter(upstream.get('connection'));
  upstream.forEach((value, name) => {
    if (!NOT_RELAYED.has(name) && !isHopByHop(name) && !withheld.includes(name) && !name.startsWith('cf-')) res.setHeader(name, value);
  });
}

/** What a client has been passed of a stream so far: a closing error event follows on from it (Responses numbers its events). */
export interface StreamSoFar {
  events: number;
  first: ParsedSseEvent | null;
  last: ParsedSseEvent | null;
}

export type StreamErrorRenderer = (error: ApiError, sent: StreamSoFar) => string;

export interface RelayOptions {
  idleMs: number;
  /** Aborts when the client has gone away. */
  signal: AbortSignal;
  /** Sees every chunk before the client does: whether the answer keeps the protocol and ends whole. */
  watch: PassthroughWatch;
  /** A stream's closing error event, in the client's format, following on from what the client was passed. */
  renderStreamError: StreamErrorRenderer;
  /** Upstream headers this client must not see (those that name the owner's account, for a client key). */
  withheldHeaders?: readonly string[];
  /** Every chunk as it arrives (for noting when the first byte came). */
  tap?: (chunk: Uint8Array) => void;
  /**
   * The answer went silent, broke off, broke the protocol or ended incomplete — the upstream's fault (not: the client
   * left). Called before the client is told, so it can be counted against the account.
   */
  onFault?: (error: ApiError) => void;
}

/**
 * Passes a successful upstream answer to the client as it was, never a truncated one. A stream is copied as it
 * arrives, byte for byte, honouring backpressure; once it went silent for `idleMs`, broke off, broke the protocol
 * or ended without its terminal event, it is ended with an error event in the client's format. A whole body (a
 * non-streaming answer, small) is read first, up to MAX_ANSWER_BYTES, and sent only when it is a complete
 * answer: otherwise nothing has gone out yet, and the fault is thrown as an ApiError for the client's error shape.
 */
export async function relay(upstream: UpstreamResponse, res: Response, options: RelayOptions): Promise<void> {
  const isEventStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  if (isEventStream) await relayStream(upstream, res, options);
  else await relayWhole(upstream, res, options);
}

async function relayStream(upstream: UpstreamResponse, res: Response, options: RelayOptions): Promise<void> {
  res.status(upstream.status);
  relayHeaders(upstream.headers, res, options.withheldHeaders);
  // The headers go out with the first write (one write and one packet, not two), or on their own as soon as a chunk
  // came that holds no whole event yet: never later than the upstream's first byte.
  const sent: StreamSoFar = { events: 0, first: null, last: null };
  const tapSent = sseTap((event) => {
    sent.events += 1;
    sent.first ??= event;
    sent.last = event;
  });
  const fail = (error: ApiError) => {
    log.warn({ problem: error.message }, 'upstream stream ended abnormally');
    options.onFault?.(error);
    res.end(options.renderStreamError(error, sent));
  };
  const chunks = readChunks(upstream.body, options.idleMs);
  // Whole events only reach the client, so that whatever breaks, the error event after them is well-formed.
  const events = sseEventSplitter(MAX_ANSWER_BYTES);
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) {
        const fault = options.watch.end(); // an event left unfinished is not passed on: it never ended
        if (fault) fail(fromIr(fault));
        else res.end();
        return;
      }
      options.tap?.(value);
      const whole = events.push(value);
      if (whole.byteLength === 0) {
        if (!res.headersSent) res.flushHeaders();
        continue;
      }
      const fault = options.watch.feed(whole);
      if (fault) return fail(fromIr(fault)); // what broke the protocol is not passed on
      tapSent(whole);
      if (!res.write(whole)) await drained(res);
      if (res.destroyed) return;
    }
  } catch (error) {
    if (options.signal.aborted || res.destroyed) return; // the client left: nothing to tell
    fail(asReadFailure(error, 'stream'));
  } finally {
    await chunks.return();
  }
}

async function relayWhole(upstream: UpstreamResponse, res: Response, options: RelayOptions): Promise<void> {
  const held: Uint8Array[] = [];
  let size = 0;
  let fault: ApiError | null = null;
  const chunks = readChunks(upstream.body, options.idleMs);
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) break;
      options.tap?.(value);
      size += value.byteLength;
      const broken = size > MAX_ANSWER_BYTES ? answerTooLargeError('A whole answer') : options.watch.feed(value);
      if (broken) {
        fault = fromIr(broken);
        break;
      }
      held.push(value);
    }
    if (!fault) {
      const incomplete = options.watch.end();
      if (incomplete) fault = fromIr(incomplete);
    }
  } catch (error) {
    if (options.signal.aborted || res.destroyed) return; // the client left: nothing to tell
    fault = asReadFailure(error, 'answer');
  } finally {
    await chunks.return();
  }
  if (fault) {
    log.warn({ problem: fault.message }, 'upstream answer not passed on');
    options.onFault?.(fault);
    throw fault;
  }
  res.status(upstream.status);
  relayHeaders(upstream.headers, res, options.withheldHeaders);
  res.setHeader('content-length', size);
  for (const chunk of held) res.write(chunk);
  res.end();
}

/** The body's chunks; a silence of `idleMs` between two of them throws a 504. Returning early cancels the body. */
async function* readChunks(body: ReadableStream<Uint8Array> | null, idleMs: number): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  // A silence cancels the body: a read waiting for it then ends at once, with no race set up around every read.
  const idle = new IdleTimer(idleMs, () => void reader.cancel().catch(() => {}));
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (idle.expired) throw new ApiError(504, 'timeout', `the upstream sent nothing for ${Math.round(idleMs / 1000)}s`);
      if (done) {
        finished = true;
        return;
      }
      idle.restart();
      yield value;
    }
  } finally {
    idle.clear();
    if (!finished) await reader.cancel().catch(() => {});
  }
}

function fromIr(error: IRError): ApiError {
  return new ApiError(error.status, error.kind, error.message);
}

/** A read that failed: the idle timeout as it is, anything else (a reset, a cut connection) as a 502 in words. */
function asReadFailure(error: unknown, what: 'stream' | 'answer'): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof SseEventTooLargeError) return fromIr(answerTooLargeError('One event'));
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return new ApiError(502, 'api_error', `the upstream ${what} broke off: ${error instanceof Error ? error.message : String(error)}${cause}`);
}
