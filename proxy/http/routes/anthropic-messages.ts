import { Router, type Request, type Response } from 'express';
import { NoUsableAccountError } from '../../accounts/account-errors.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import { createLogger } from '../../log.js';
import type { PassthroughRequest, Provider, ProviderCredentials, UpstreamResponse } from '../../providers/provider.js';
import type { ModelRouter } from '../../router/model-router.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../wire/anthropic/anthropic-api.js';
import { ApiError } from '../api-error.js';
import { anthropicErrorEvent } from '../error-shape.js';
import { relay } from '../relay.js';
import { validateBody } from '../validate-body.js';

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

  const clientGone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection'));
  });

  const request: PassthroughRequest = {
    endpoint,
    search: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '',
    headers: req.headers,
    body,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from(JSON.stringify(body)),
    upstreamModel: route.upstreamModel,
    signal: clientGone.signal,
  };

  let credentials = await withAccountErrors(() => context.pool.acquire(route.provider.id));
  let upstream = await send(route.provider, request, credentials, context.timeouts.firstByteMs);
  if (upstream.status === 401) {
    // The token was refused although it had not expired: refresh once and try once more.
    await upstream.body?.cancel();
    credentials = await withAccountErrors(() => context.pool.refreshAfterRejection(credentials));
    upstream = await send(route.provider, request, credentials, context.timeouts.firstByteMs);
    if (upstream.status === 401) {
      await upstream.body?.cancel();
      throw new ApiError(
        503,
        'unavailable',
        `${route.provider.displayName} refused the login of account "${credentials.account.id}" even after a token refresh: run \`${route.provider.loginHint}\``,
      );
    }
  }
  res.locals.account = credentials.account.id;
  if (upstream.status >= 400) upstream = await inspectError(upstream, route.provider, credentials.account.id);
  await relay(upstream, res, { idleMs: context.timeouts.idleMs, signal: clientGone.signal, renderStreamError: anthropicErrorEvent });
}

/** One upstream call; the time until response headers is bounded, the body is then governed by the client. */
async function send(provider: Provider, request: PassthroughRequest, credentials: ProviderCredentials, firstByteMs: number): Promise<UpstreamResponse> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('first-byte timeout')), firstByteMs);
  try {
    return await provider.passthrough({ ...request, signal: AbortSignal.any([request.signal, timeout.signal]) }, credentials);
  } catch (error) {
    if (request.signal.aborted) throw new ApiError(499, 'api_error', 'the client closed the connection');
    if (timeout.signal.aborted) {
      throw new ApiError(504, 'timeout', `${provider.displayName} did not answer within ${Math.round(firstByteMs / 1000)}s (config "timeouts.first-byte")`);
    }
    throw new ApiError(502, 'api_error', `could not reach ${provider.displayName}: ${describeNetworkError(error)}`);
  } finally {
    clearTimeout(timer);
  }
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

async function withAccountErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof NoUsableAccountError) throw new ApiError(503, 'unavailable', error.message);
    throw new ApiError(503, 'unavailable', error instanceof Error ? error.message : String(error));
  }
}

function unknownModel(model: string, router: ModelRouter): ApiError {
  const known = router
    .all()
    .flatMap((provider) => provider.models().map((info) => info.id))
    .slice(0, 12);
  return new ApiError(404, 'not_found', `model "${model}" is not served by this Switchboard — use one of: ${known.join(', ')}`, { param: 'model', code: 'model_not_found' });
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
