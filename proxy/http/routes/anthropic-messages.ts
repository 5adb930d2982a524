import { Router, type Request, type Response } from 'express';
import type { AccountPool } from '../../accounts/account-pool.js';
import { createLogger } from '../../log.js';
import type { PassthroughRequest, Provider, UpstreamResponse } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../wire/anthropic/anthropic-api.js';
import { ApiError } from '../api-error.js';
import { anthropicErrorEvent } from '../error-shape.js';
import { relay } from '../relay.js';
import { validateBody } from '../validate-body.js';
import { callUpstream, clientDisconnectSignal, sendWithRefresh, unknownModel } from './dispatch.js';

const log = createLogger('http/messages');

export interface MessagesRouteContext {
  router: ModelRouter;
  pool: AccountPool;
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
  const route = context.router.route(body.model);
  if (!route) throw unknownModel(body.model, context.router);
  if (route.provider.id !== 'anthropic') {
    throw new ApiError(400, 'invalid_request', `model "${body.model}" is served by ${route.provider.displayName}, which does not speak the Anthropic Messages format yet`);
  }
  res.locals.model = body.model;

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

  const { answer, credentials } = await sendWithRefresh(context.pool, route.provider, async (credentials) => {
    const upstream = await callUpstream(route.provider.displayName, context.timeouts.firstByteMs, clientGone, (signal) =>
      route.provider.passthrough({ ...request, signal }, credentials),
    );
    return { ...upstream, discard: async () => void (await upstream.body?.cancel()) };
  });
  let upstream: UpstreamResponse = answer;
  res.locals.account = credentials.account.id;
  if (upstream.status >= 400) upstream = await inspectError(upstream, route.provider, credentials.account.id);
  await relay(upstream, res, { idleMs: context.timeouts.idleMs, signal: clientGone, renderStreamError: anthropicErrorEvent });
}

/**
 * Reads an upstream error answer (they are small) to log what it means; one that is not JSON (a proxy's HTML
 * page, say) is replaced by an error the client can read. A JSON one is relayed as it was.
 */
async function inspectError(upstream: UpstreamResponse, provider: Provider, account: string): Promise<UpstreamResponse> {
  const contentType = upstream.headers.get('content-type') ?? '';
  if (contentType.includes('event-stream')) return upstream;
  const text = upstream.body ? await new Response(upstream.body).text() : '';
  const { kind, explanation } = provider.classifyError(upstream.status, text);
  log.warn({ status: upstream.status, kind, account }, explanation);
  if (!contentType.includes('json')) {
    throw new ApiError(502, 'api_error', `${provider.displayName} answered HTTP ${upstream.status} with a non-JSON body${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
  }
  return { ...upstream, body: new Response(text).body };
}
