import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { createLogger } from '../../log.js';
import type { TranslatedResponse } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import { aggregateStream, StreamError } from '../../wire/aggregate.js';
import { guardStream } from '../../wire/idle-timeout.js';
import type { IREvent, IRError, IRWarning } from '../../wire/ir.js';
import { WireRequestError, type RenderContext, type WireFormat } from '../../wire/wire-format.js';
import { ApiError } from '../api-error.js';
import { FrameWriter, startEventStream } from '../sse-writer.js';
import type { UsageNotes } from '../usage-recording.js';
import { streamFailure } from './stream-failure.js';
import { callUpstream, type FailoverContext } from './dispatch.js';
import type { AttemptMaker } from './served-attempt.js';

const log = createLogger('http/translated');

/** Response ids as each format's clients know them. */
const ID_PREFIX: Record<WireFormat['id'], string> = { anthropic: 'msg_', chat: 'chatcmpl-', responses: 'resp_' };

export interface IrAttemptContext {
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
  notes: UsageNotes;
  clientGone: AbortSignal;
}

/** A client's request read into the IR, with what reading it noticed. */
export type IrRequest = ReturnType<WireFormat['parseRequest']>;

/** Reads a client's body into the IR; what it cannot read is a 400 in words, naming the field. */
export function parseIntoIr(format: WireFormat, body: unknown, res: Response): IrRequest {
  try {
    const parsed = format.parseRequest(body);
    logWarnings(parsed.warnings, res);
    return parsed;
  } catch (error) {
    if (error instanceof WireRequestError) throw new ApiError(400, 'invalid_request', error.message, { param: error.param });
    throw error;
  }
}

/**
 * Attempts that serve a client's request through the IR (ARCHITECTURE.md step 4, "different format"): the target
 * answers in IR events; an answer kept is rendered back in the client's format. `read` reads the client's body into
 * the IR the first time a target needs it.
 */
export function irAttempts(format: WireFormat, context: IrAttemptContext, res: Response, read: () => IrRequest): AttemptMaker {
  const { notes, clientGone } = context;
  return async (route, credentials) => {
    const { request } = read();
    const upstreamDone = new AbortController(); // ends the upstream call when we stop reading it early
    notes.accountId = credentials.account.id;
    const result = await callUpstream(route.target.displayName, context.timeouts.firstByteMs, clientGone, (signal) =>
      route.target.protocol.send({ request, upstreamModel: route.upstreamModel, signal: AbortSignal.any([signal, upstreamDone.signal]) }, credentials),
    );
    return {
      status: result.ok ? 200 : result.status,
      headers: result.headers,
      errorText: result.ok ? null : result.bodyText,
      discard: async () => upstreamDone.abort(),
      serve: async (served, servedBy) => {
        try {
          await renderAnswer(format, context, res, request, result, served.target, servedBy.account.id);
        } finally {
          upstreamDone.abort();
        }
      },
    };
  };
}

async function renderAnswer(format: WireFormat, context: IrAttemptContext, res: Response, request: IrRequest['request'], result: TranslatedResponse, target: Target, accountId: string): Promise<void> {
  logWarnings(result.warnings, res);
  relayUpstreamHeaders(result.headers, target.protocol.translatedHeaders, res);
  if (!result.ok) {
    log.warn({ status: result.status, kind: result.error.kind, account: accountId }, result.error.message);
    sendFormatError(res, format, result.error);
    return;
  }
  const renderContext: RenderContext = {
    requestedModel: request.model,
    created: Math.floor(Date.now() / 1000),
    responseId: `${ID_PREFIX[format.id]}${randomBytes(12).toString('hex')}`,
    request,
  };
  const events = observeStream(guardStream(result.events, context.timeouts.idleMs, target.displayName), context.notes, (error) =>
    context.failover.pool.failed(accountId, streamFailure(error)),
  );
  if (request.stream) await streamTo(res, format, renderContext, events);
  else await respondWhole(res, format, renderContext, events, target);
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

function relayUpstreamHeaders(headers: TranslatedResponse['headers'], relayed: RegExp, res: Response): void {
  headers.forEach((value, name) => {
    if (relayed.test(name)) res.setHeader(name, value);
  });
}

function logWarnings(warnings: readonly IRWarning[], res: Response): void {
  for (const warning of warnings) log.warn({ requestId: res.locals.requestId, at: warning.at }, warning.message);
}
