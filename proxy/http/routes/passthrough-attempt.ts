import type { Request, Response } from 'express';
import type { z } from 'zod';
import { createLogger } from '../../log.js';
import type { ClientFormat, PassthroughRequest, UpstreamResponse } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import { MAX_ERROR_BODY_BYTES, readUpstreamText, type UpstreamText } from '../../upstream/network-failure.js';
import { ApiError } from '../api-error.js';
import { relay, relayHeaders, type StreamErrorRenderer } from '../relay.js';
import { showsAccounts } from '../security/account-visibility.js';
import type { UsageNotes } from '../usage-recording.js';
import { callUpstream, type FailoverContext } from './dispatch.js';
import type { AttemptMaker } from './served-attempt.js';
import { streamFailure } from './stream-failure.js';

const log = createLogger('http/passthrough');

/** What a passthrough of one client endpoint needs to know of its format. */
export interface PassthroughSpec {
  endpoint: PassthroughRequest['endpoint'];
  format: ClientFormat;
  /** Validates the client's body at the boundary (loose: the upstream judges the rest). */
  schema: z.ZodType<{ model: string }>;
  renderStreamError: StreamErrorRenderer;
}

export interface PassthroughAttemptContext {
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
  notes: UsageNotes;
  clientGone: AbortSignal;
}

/**
 * Attempts that pass a client's request through to a target whose protocol speaks its format natively: forwarded
 * with named edits only; an answer kept is relayed untouched and watched on the way (its usage, an error event inside
 * a 200 stream, whether it arrived whole).
 */
export function passthroughAttempts(context: PassthroughAttemptContext, spec: PassthroughSpec, req: Request, res: Response, body: Record<string, unknown>): AttemptMaker {
  const { notes, clientGone } = context;
  const request: Omit<PassthroughRequest, 'upstreamModel'> = {
    endpoint: spec.endpoint,
    search: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '',
    headers: req.headers,
    body,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from(JSON.stringify(body)),
    signal: clientGone,
  };
  return (route, credentials) =>
    callUpstream(route.target.displayName, context.timeouts.firstByteMs, clientGone, async (signal) => {
      notes.accountId = credentials.account.id;
      const upstream = await route.target.protocol.passthrough({ ...request, upstreamModel: route.upstreamModel, signal }, credentials);
      // An error answer is read here (up to a bound), so failover can judge it; a success is read while relayed.
      const errorBody = upstream.status >= 400 ? await readUpstreamText(upstream.body) : null;
      return {
        status: upstream.status,
        headers: upstream.headers,
        errorText: errorBody?.text ?? null,
        discard: async () => void (errorBody ? undefined : await upstream.body?.cancel()),
        serve: async (served, servedBy) => {
          const withheldHeaders = showsAccounts(res.locals) ? [] : served.target.accountHeaders;
          if (errorBody) relayErrorAnswer(upstream, errorBody, served.target, servedBy.account.id, res, withheldHeaders);
          else await relayAnswer(context, spec, upstream, servedBy.account.id, res, withheldHeaders, served.target);
        },
      };
    });
}

async function relayAnswer(context: PassthroughAttemptContext, spec: PassthroughSpec, upstream: UpstreamResponse, accountId: string, res: Response, withheldHeaders: readonly string[], target: Target): Promise<void> {
  const { notes, failover, clientGone } = context;
  const watch = target.protocol.watch({
    endpoint: spec.endpoint,
    eventStream: (upstream.headers.get('content-type') ?? '').includes('text/event-stream'),
    onErrorEvent: (error) => {
      failover.pool.failed(accountId, streamFailure(error));
      notes.error = error.message;
    },
  });
  // An answer that goes silent, breaks off or arrives incomplete counts against its account too, as on the translated routes.
  const onFault = (error: ApiError) => {
    failover.pool.failed(accountId, streamFailure({ kind: 'api_error', status: error.status, message: error.message }));
    notes.error = error.message;
  };
  const tap = () => void (notes.firstByteAt ??= Date.now());
  notes.readUsage = () => watch.usage();
  await relay(upstream, res, { idleMs: context.timeouts.idleMs, signal: clientGone, watch, renderStreamError: spec.renderStreamError, tap, withheldHeaders, onFault });
}

/**
 * Logs (and notes for the usage event) what an upstream error answer means, and relays it as it was when it is
 * whole JSON — the client's own format. One that is not (a proxy's HTML page, a body cut off at the bound) is
 * replaced by an error the client can read.
 */
function relayErrorAnswer(upstream: UpstreamResponse, body: UpstreamText, provider: Target, account: string, res: Response, withheldHeaders: readonly string[]): void {
  const failure = provider.protocol.classifyFailure(upstream.status, upstream.headers, body.text);
  log.warn({ status: upstream.status, class: failure.class, account }, failure.reason);
  res.locals.errorMessage = `${provider.displayName}: ${failure.reason}`; // for the usage event of this request
  const problem = body.cut
    ? `an error body over ${MAX_ERROR_BODY_BYTES / 1024} KiB`
    : !(upstream.headers.get('content-type') ?? '').includes('json') || !isJson(body.text)
      ? 'a non-JSON body'
      : null;
  if (problem) {
    const start = body.text ? `: ${body.text.replace(/\s+/g, ' ').slice(0, 200)}` : '';
    const message = `${provider.displayName} answered HTTP ${upstream.status} with ${problem}${start}`;
    // The request's own fault (headers or address too long for the upstream, say) stays the client's 4xx, not a 502.
    if (failure.class === 'bad_request' && upstream.status >= 400 && upstream.status < 500) throw new ApiError(upstream.status, 'invalid_request', message);
    throw new ApiError(502, 'api_error', message);
  }
  res.status(upstream.status);
  relayHeaders(upstream.headers, res, withheldHeaders);
  res.end(body.text);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
