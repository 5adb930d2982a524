import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { createLogger } from '../../log.js';
import type { TranslatedResponse } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import { aggregateStream, StreamError } from '../../wire/aggregate.js';
import { guardStream } from '../../wire/idle-timeout.js';
import type { IREvent, IRError, IRWarning } from '../../wire/ir.js';
import { WireRequestError, type RenderContext, type WireFormat } from '../../wire/wire-format.js';
import { ApiError } from '../api-error.js';
import { FrameWriter, startEventStream } from '../sse-writer.js';
import { usageNotes, type UsageNotes } from '../usage-recording.js';
import { streamFailure } from './stream-failure.js';
import { callUpstream, clientDisconnectSignal, sendWithFailover, unknownModel, type FailoverContext } from './dispatch.js';

const log = createLogger('http/translated');

export interface TranslatedRouteContext {
  router: ModelRouter;
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
}

/** Response ids as each format's clients know them. */
const ID_PREFIX: Record<WireFormat['id'], string> = { anthropic: 'msg_', chat: 'chatcmpl-', responses: 'resp_' };

/** Upstream headers a client of another format may still want: the request id and the rate-limit state. */
const RELAYED_HEADER = /^(request-id|retry-after|anthropic-ratelimit-.*|x-codex-.*)$/;

/**
 * A client request served through the IR (ARCHITECTURE.md step 4, "different format"): parse the client's body
 * into the IR, let the target answer in IR events, render them back in the client's format.
 */
export async function serveThroughIr(format: WireFormat, context: TranslatedRouteContext, req: Request, res: Response): Promise<void> {
  const { request, warnings } = parse(format, req.body);
  const route = context.router.route(request.model);
  res.locals.model = request.model; // for the usage event, also of a refused request
  if (!route) throw unknownModel(request.model, context.router);
  // Noted before any account is tried, so the usage event of a request that fails on the way still says where it went.
  const notes = usageNotes(res);
  Object.assign(notes, { provider: route.target.id, modelServed: route.upstreamModel, costBasis: route.target.costBasis });
  logWarnings(warnings, res);

  const clientGone = clientDisconnectSignal(res);
  const upstreamDone = new AbortController(); // ends the upstream call when we stop reading it early
  const affinityKey = request.metadata.conversationId ?? (res.locals.apiKeyHash ? `key:${String(res.locals.apiKeyHash)}` : null);
  const { answer, credentials } = await sendWithFailover(context.failover, route.target, affinityKey, async (credentials) => {
    notes.accountId = credentials.account.id;
    const result = await callUpstream(route.target.displayName, context.timeouts.firstByteMs, clientGone, (signal) =>
      route.target.protocol.send({ request, upstreamModel: route.upstreamModel, signal: AbortSignal.any([signal, upstreamDone.signal]) }, credentials),
    );
    return { result, status: result.ok ? 200 : result.status, headers: result.headers, errorText: result.ok ? null : result.bodyText, discard: async () => {} };
  });
  res.locals.account = credentials.account.id;
  const result = answer.result;
  logWarnings(result.warnings, res);
  relayUpstreamHeaders(result.headers, res);

  if (!result.ok) {
    log.warn({ status: result.status, kind: result.error.kind, account: credentials.account.id }, result.error.message);
    sendFormatError(res, format, result.error);
    return;
  }

  const renderContext: RenderContext = {
    requestedModel: request.model,
    created: Math.floor(Date.now() / 1000),
    responseId: `${ID_PREFIX[format.id]}${randomBytes(12).toString('hex')}`,
    request,
  };
  const events = observeStream(guardStream(result.events, context.timeouts.idleMs, route.target.displayName), notes, (error) =>
    context.failover.pool.failed(credentials.account.id, streamFailure(error)),
  );
  try {
    if (request.stream) await streamTo(res, format, renderContext, events);
    else await respondWhole(res, format, renderContext, events, route.target);
  } finally {
    upstreamDone.abort();
  }
}

/**
 * Passes events on, noting for the usage event when the first content came and what the usage was; an error
 * event inside the stream also counts against the account that served it.
 */
async function* observeStream(events: AsyncIterable<IREvent>, notes: UsageNotes, onError: (error: IRError) => void): AsyncGenerator<IREvent> {
  for await (const event of events) {
    if (event.type === 'usage' || event.type === 'finish') notes.usage = event.usage;
    else if (event.type === 'message-start') notes.usage ??= event.usage;
    else if (event.type === 'error') {
      notes.error = event.error.message;
      onError(event.error);
    } else notes.firstByteAt ??= Date.now();
    yield event;
  }
}

function parse(format: WireFormat, body: unknown): ReturnType<WireFormat['parseRequest']> {
  try {
    return format.parseRequest(body);
  } catch (error) {
    if (error instanceof WireRequestError) throw new ApiError(400, 'invalid_request', error.message, { param: error.param });
    throw error;
  }
}

async function streamTo(res: Response, format: WireFormat, context: RenderContext, events: AsyncIterable<IREvent>): Promise<void> {
  const renderer = format.streamRenderer(context);
  const state = renderer.initial();
  startEventStream(res);
  const frames = new FrameWriter(res); // the frames of one upstream chunk in one write
  for await (const event of events) {
    if (!(await frames.write(renderer.step(state, event)))) return; // the client left
  }
  await frames.write(renderer.end(state));
  frames.flush();
  res.end();
}

async function respondWhole(res: Response, format: WireFormat, context: RenderContext, events: AsyncIterable<IREvent>, provider: Target): Promise<void> {
  try {
    const response = await aggregateStream(events);
    res.json(format.renderResponse(response, context));
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    log.warn({ kind: error.error.kind, provider: provider.id }, error.message);
    sendFormatError(res, format, error.error);
  }
}

function sendFormatError(res: Response, format: WireFormat, error: IRError): void {
  if (res.destroyed) return; // the client left; nobody to tell
  res.locals.errorMessage = error.message;
  res.status(error.status).json(format.renderError(error, String(res.locals.requestId ?? '')));
}

function relayUpstreamHeaders(headers: TranslatedResponse['headers'], res: Response): void {
  headers.forEach((value, name) => {
    if (RELAYED_HEADER.test(name)) res.setHeader(name, value);
  });
}

function logWarnings(warnings: readonly IRWarning[], res: Response): void {
  for (const warning of warnings) log.warn({ requestId: res.locals.requestId, at: warning.at }, warning.message);
}
