import { Router, type Request, type Response } from 'express';
import { createLogger } from '../../log.js';
import { MAX_ERROR_BODY_BYTES, readUpstreamText, type UpstreamText } from '../../upstream/network-failure.js';
import type { z } from 'zod';
import type { ClientFormat, PassthroughRequest, UpstreamResponse } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import type { ModelRouter, Route } from '../../router/model-router.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../wire/anthropic/anthropic-api.js';
import { ApiError } from '../api-error.js';
import { anthropicErrorEvent } from '../error-shape.js';
import { relay, relayHeaders, type StreamErrorRenderer } from '../relay.js';
import { showsAccounts } from '../security/account-visibility.js';
import { usageNotes } from '../usage-recording.js';
import { streamFailure } from './stream-failure.js';
import { checkBody } from '../validate-body.js';
import { affinityKeyFrom } from '../../accounts/selection.js';
import { callUpstream, chainFor, clientDisconnectSignal, noteTarget, pinningOf, sendAlongChain, type FailoverContext } from './dispatch.js';
import { speaksNatively } from './client-format-route.js';

const log = createLogger('http/messages');

export interface MessagesRouteContext {
  router: ModelRouter;
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
}

/** POST /v1/messages/count_tokens: passed through to a target that speaks Anthropic Messages (the IR has no token count). */
export function countTokensRoute(context: MessagesRouteContext): Router {
  const router = Router();
  router.post('/v1/messages/count_tokens', (req, res) => serveAnthropicPassthrough(context, 'messages/count_tokens', req, res));
  return router;
}

/** An Anthropic client's request passed through to a target whose protocol speaks Anthropic Messages natively. */
export function serveAnthropicPassthrough(context: MessagesRouteContext, endpoint: 'messages' | 'messages/count_tokens', req: Request, res: Response): Promise<void> {
  const schema = endpoint === 'messages' ? messagesRequestSchema : countTokensRequestSchema;
  return servePassthrough(context, { endpoint, format: 'anthropic', schema, renderStreamError: anthropicErrorEvent }, req, res);
}

/** What a passthrough of one client endpoint needs to know of its format. */
export interface PassthroughSpec {
  endpoint: PassthroughRequest['endpoint'];
  format: ClientFormat;
  /** Validates the client's body at the boundary (loose: the upstream judges the rest). */
  schema: z.ZodType<{ model: string }>;
  renderStreamError: StreamErrorRenderer;
}

/**
 * A client's request passed through to a target whose protocol speaks its format natively: forwarded with named
 * edits only, failed over between the target's accounts, the answer relayed untouched and watched on the way.
 */
export async function servePassthrough(context: MessagesRouteContext, spec: PassthroughSpec, req: Request, res: Response): Promise<void> {
  const { endpoint } = spec;
  const body = checkBody(spec.schema, req.body) as { model: string } & Record<string, unknown>;
  res.locals.model = body.model; // for the usage event, also of a refused request
  const pinning = pinningOf(res.locals, context.failover.pool);
  const routable = chainFor(context.router, body.model, pinning);
  // Only a token count can meet a target that does not speak the client's format (any other request goes through
  // the IR instead); such targets are left out of its chain.
  const chain = routable.filter((route) => speaksNatively(route.target, spec.format));
  const notes = usageNotes(res);
  if (chain.length === 0) {
    const [first] = routable as [Route, ...Route[]];
    Object.assign(notes, { provider: first.target.id, modelServed: first.upstreamModel, costBasis: first.target.costBasis });
    // Only a token count gets here (a request of any other endpoint goes through the IR instead): no other protocol has one.
    throw new ApiError(400, 'invalid_request', `model "${body.model}" is served by ${first.target.displayName}, which cannot serve ${endpoint} without translating it`);
  }

  const clientGone = clientDisconnectSignal(res);

  const request: Omit<PassthroughRequest, 'upstreamModel'> = {
    endpoint,
    search: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '',
    headers: req.headers,
    body,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from(JSON.stringify(body)),
    signal: clientGone,
  };

  const affinityKey = affinityKeyFrom(req.headers, body, res.locals.apiKeyHash ?? null);
  const { answer, credentials, route } = await sendAlongChain(
    context.failover,
    chain,
    affinityKey,
    (route, credentials) =>
      callUpstream(route.target.displayName, context.timeouts.firstByteMs, clientGone, async (signal) => {
        notes.accountId = credentials.account.id;
        const upstream = await route.target.protocol.passthrough({ ...request, upstreamModel: route.upstreamModel, signal }, credentials);
        // An error answer is read here (up to a bound), so failover can judge it; a success is read while relayed.
        const errorBody = upstream.status >= 400 ? await readUpstreamText(upstream.body) : null;
        const discard = async () => void (errorBody ? undefined : await upstream.body?.cancel());
        return { upstream, errorBody, status: upstream.status, headers: upstream.headers, errorText: errorBody?.text ?? null, discard };
      }),
    // Noted before any account is tried, so the usage event of a request that fails on the way still says where it went.
    (route) => noteTarget(notes, route),
    pinning.account,
  );
  res.locals.account = credentials.account.id;
  const withheldHeaders = showsAccounts(res.locals) ? [] : route.target.accountHeaders;
  if (answer.errorBody) {
    relayErrorAnswer(answer.upstream, answer.errorBody, route.target, credentials.account.id, res, withheldHeaders);
    return;
  }
  // The answer passes through untouched, watched on the way: its usage, an error event inside the 200 stream
  // (it says something about the account: overloaded, say), and whether it arrived whole.
  const watch = route.target.protocol.watch({
    endpoint,
    eventStream: (answer.upstream.headers.get('content-type') ?? '').includes('text/event-stream'),
    onErrorEvent: (error) => {
      context.failover.pool.failed(credentials.account.id, streamFailure(error));
      notes.error = error.message;
    },
  });
  // An answer that goes silent, breaks off or arrives incomplete counts against its account too, as on the translated routes.
  const onFault = (error: ApiError) => {
    context.failover.pool.failed(credentials.account.id, streamFailure({ kind: 'api_error', status: error.status, message: error.message }));
    notes.error = error.message;
  };
  const tap = () => void (notes.firstByteAt ??= Date.now());
  notes.readUsage = () => watch.usage();
  await relay(answer.upstream, res, { idleMs: context.timeouts.idleMs, signal: clientGone, watch, renderStreamError: spec.renderStreamError, tap, withheldHeaders, onFault });
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
    throw new ApiError(502, 'api_error', `${provider.displayName} answered HTTP ${upstream.status} with ${problem}${start}`);
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
