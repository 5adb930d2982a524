import { once } from 'node:events';
import type { Response } from 'express';
import { createLogger } from '../log.js';
import { hopByHopFilter } from '../providers/hop-by-hop.js';
import type { UpstreamResponse } from '../providers/provider.js';
import { ApiError } from './api-error.js';

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

/**
 * Copies an upstream response to the client as it arrives, byte for byte, honouring backpressure. A stream
 * that goes silent for `idleMs` or breaks is ended with an error event (never a silent truncation).
 */
export async function relay(
  upstream: UpstreamResponse,
  res: Response,
  options: {
    idleMs: number;
    signal: AbortSignal;
    renderStreamError: (error: ApiError) => string;
    tap?: (chunk: Uint8Array) => void;
    /** Upstream headers this client must not see (those that name the owner's account, for a client key). */
    withheldHeaders?: readonly string[];
    /** The stream went silent or broke (not: the client left); the client has been told with `renderStreamError`. */
    onStreamError?: (error: ApiError) => void;
  },
): Promise<void> {
  res.status(upstream.status);
  relayHeaders(upstream.headers, res, options.withheldHeaders);
  if (!upstream.body) {
    res.end();
    return;
  }
  const isEventStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  if (isEventStream) res.flushHeaders();
  const reader = upstream.body.getReader();
  const idle = idleTimeout(options.idleMs);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), idle.expired]);
      if (done) break;
      idle.rearm();
      options.tap?.(value);
      if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (res.destroyed) return;
    }
    res.end();
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (options.signal.aborted || res.destroyed) return; // the client left: nothing to tell
    const apiError = error instanceof ApiError ? error : new ApiError(502, 'api_error', `the upstream stream broke: ${error instanceof Error ? error.message : String(error)}`);
    log.warn({ problem: apiError.message }, 'upstream stream ended abnormally');
    options.onStreamError?.(apiError);
    if (isEventStream) res.end(options.renderStreamError(apiError));
    else res.destroy(apiError);
  } finally {
    idle.clear();
  }
}

/** A promise that rejects when `rearm` has not been called for `ms`. */
function idleTimeout(ms: number): { expired: Promise<never>; rearm: () => void; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let fail: (error: ApiError) => void = () => {};
  const expired = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  expired.catch(() => {}); // only ever raced; never left unhandled
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(new ApiError(504, 'timeout', `the upstream sent nothing for ${Math.round(ms / 1000)}s`)), ms);
  };
  rearm();
  return { expired, rearm, clear: () => clearTimeout(timer) };
}
