import { Router, type Request, type Response } from 'express';
import { createLogger } from '../../log.js';
import { readUpstreamText } from '../../providers/network-failure.js';
import type { PassthroughRequest, Provider, UpstreamResponse } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../wire/anthropic/anthropic-api.js';
import { ApiError } from '../api-error.js';
import { anthropicErrorEvent } from '../error-shape.js';
import { relay } from '../relay.js';
import { showsAccounts } from '../security/account-visibility.js';
import { AnthropicUsageCollector } from '../../providers/anthropic/usage-collector.js';
import { usageNotes } from '../usage-recording.js';
import { streamFailure } from './stream-failure.js';
import { validateBody } from '../validate-body.js';
import { affinityKeyFrom } from '../../accounts/selection.js';
import { callUpstream, clientDisconnectSignal, sendWithFailover, unknownModel, type FailoverContext } from './dispatch.js';

const log = createLogger('http/messages');

export interface MessagesRouteContext {
  router: ModelRouter;
  failover: FailoverContext;
  timeouts: { firstByteMs: number; idleMs: number };
}

/** POST /v1/messages and /v1/messages/count_tokens: Anthropic clients to Anthropic accounts, passed through. */
export function anthropicMessagesRoutes(context: MessagesRouteContext): Router {
  const router = Router();
  router.post('/v1/messages', (req, res) => handle(context, 'messages', req, res));
  router.post('/v1/messages/count_tokens', (req, res) => handle(context, 'messages/count_tokens', req, res));
  return router;
}

async function handle(context: MessagesRouteContext, endpoint: PassthroughRequest['endpoint'], req: Request, res: Response): Promise<void> {
  const body = validateBody(endpoint === 'messages' ? messagesRequestSchema : countTokensRequestSchema, req.body);
  res.locals.model = body.model; // for the usage event, also of a refused request
  const route = context.router.route(body.model);
  if (!route) throw unknownModel(body.model, context.router);
  // Noted before any account is tried, so the usage event of a request that fails on the way still says where it went.
  const notes = usageNotes(res);
  Object.assign(notes, { provider: route.provider.id, modelServed: route.upstreamModel });
  if (route.provider.id !== 'anthropic') {
    throw new ApiError(400, 'invalid_request', `model "${body.model}" is served by ${route.provider.displayName}, which does not speak the Anthropic Messages format yet`);
  }

  const clientGone = clientDisconnectSignal(res);

  const request: PassthroughRequest = {
    endpoint,
    search: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '',
    headers: req.headers,
    body,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from(JSON.stringify(body)),
    upstreamModel: route.upstreamModel,
    signal: clientGone,
  };

  const affinityKey = affinityKeyFrom(req.headers, body, res.locals.apiKeyHash ?? null);
  const { answer, credentials } = await sendWithFailover(context.failover, route.provider, affinityKey, (credentials) =>
    callUpstream(route.provider.displayName, context.timeouts.firstByteMs, clientGone, async (signal) => {
      notes.accountId = credentials.account.id;
      const upstream = await route.provider.passthrough({ ...request, signal }, credentials);
      const errorText = upstream.status >= 400 && upstream.body ? await readUpstreamText(new Response(upstream.body)) : null;
      const kept: UpstreamResponse = errorText === null ? upstream : { ...upstream, body: new Response(errorText).body };
      return { upstream: kept, status: kept.status, headers: kept.headers, errorText, discard: async () => void (await kept.body?.cancel()) };
    }),
  );
  res.locals.account = credentials.account.id;
  const upstream = answer.errorText === null ? answer.upstream : inspectError(answer.upstream, answer.errorText, route.provider, credentials.account.id, res);
  // The answer passes through untouched; its usage is read on the way, and an error event inside the 200
  // stream still says something about the account (overloaded, say).
  const eventStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  const collector = new AnthropicUsageCollector(eventStream, (event) => {
    if (event.event === 'error') {
      context.failover.pool.failed(credentials.account.id, streamFailure(event.data));
      notes.error = event.data.slice(0, 500);
    }
  });
  // A stream that goes silent or breaks counts against its account too, as it does on the translated routes.
  const onStreamError = (error: ApiError) => {
    context.failover.pool.failed(credentials.account.id, streamFailure({ kind: 'api_error', status: error.status, message: error.message }));
    notes.error = error.message;
  };
  const tap = (chunk: Uint8Array) => {
    notes.firstByteAt ??= Date.now();
    collector.feed(chunk);
  };
  notes.readUsage = () => collector.result();
  const withheldHeaders = showsAccounts(res.locals) ? [] : route.provider.accountHeaders;
  await relay(upstream, res, { idleMs: context.timeouts.idleMs, signal: clientGone, renderStreamError: anthropicErrorEvent, tap, withheldHeaders, onStreamError });
}

/**
 * Logs (and notes for the usage event) what an upstream error answer means; one that is not JSON (a proxy's HTML page, say) is replaced by an
 * error the client can read. A JSON one is relayed as it was.
 */
function inspectError(upstream: UpstreamResponse, text: string, provider: Provider, account: string, res: Response): UpstreamResponse {
  const failure = provider.classifyFailure(upstream.status, upstream.headers, text);
  log.warn({ status: upstream.status, class: failure.class, account }, failure.reason);
  res.locals.errorMessage = `${provider.displayName}: ${failure.reason}`; // for the usage event of this request
  const contentType = upstream.headers.get('content-type') ?? '';
  if (!contentType.includes('json')) {
    throw new ApiError(502, 'api_error', `${provider.displayName} answered HTTP ${upstream.status} with a non-JSON body${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
  }
  return upstream;
}
