import type { IncomingMessage, ServerResponse } from 'node:http';
import { PromptCacheLedger } from './anthropic-api-cache.js';
import { Exchange } from './anthropic-api-exchange.js';
import { SubscriptionWindows, profileBody } from './anthropic-api-limits.js';
import { buildReply, messageBody } from './anthropic-api-replies.js';
import { estimateInputTokens, thinkingRuleViolation, validateCountTokensRequest, validateMessagesRequest } from './anthropic-api-request.js';
import { anthropicSseScript, sseFrame, streamEventsOf } from './anthropic-sse.js';
import { recordRequest, sameSecret } from './http-request.js';
import { endedAfterDeltas, type ScriptedFaults } from './scripted-faults.js';
import { StandInServer, type ScriptableStandIn } from './stand-in-server.js';
import type { TokenRegistry } from './token-registry.js';

export type { RecordedRequest } from './http-request.js';

/**
 * A stand-in for api.anthropic.com as it answers a subscription (OAuth) token, so the proxy can be tested
 * without the internet: the same auth rules, error bodies, unified rate-limit headers and SSE framing, with
 * deterministic replies (see anthropic-api-replies.ts) and failures a test can script.
 *
 * Started with `apiKeys`, it answers as the API does for API keys instead: a key is required (x-api-key, or a
 * Bearer as newer SDKs send it), an OAuth token (and the OAuth beta) is refused, there are no subscription windows, unified headers or OAuth endpoints.
 */

/** A failure of the Anthropic API itself; the faults every stand-in scripts alike are in ScriptedFaults. */
export interface ScriptedFailure extends ScriptedFaults {
  /**
   * Answer with this HTTP status and an Anthropic error body: 401 authentication_error, 429 rate_limit_error
   * (with retry-after and unified headers saying "rejected"), 529 overloaded_error, 500 api_error, 400
   * invalid_request_error... Answered after the credentials were accepted, as upstream does.
   */
  status?: number;
  /** Overrides the error type the status implies (and the type of a mid-stream error). */
  errorType?: string;
  message?: string;
  /**
   * The retry-after header; a 429 without one says 60 seconds (and its unified headers say "rejected" until then).
   * Null: no retry-after and no unified reset at all, as a proxy's 429 would answer.
   */
  retryAfterSeconds?: number | null;
  /**
   * Instead of a status: start a normal 200 stream, then emit `event: error` (overloaded_error unless
   * errorType says otherwise) after N content deltas and end the stream. No effect on a non-streaming request.
   */
  midStreamErrorAfterDeltas?: number;
}

/** Its model requests, which consume the scripted failures: /v1/messages and count_tokens. */
export interface AnthropicStandIn extends ScriptableStandIn<ScriptedFailure> {
  /** Utilization of the five-hour and seven-day windows, 0..1; at 1 or more requests get 429. */
  setUtilization(fiveHour: number, sevenDay: number): void;
  /** What GET /v1/models lists from now on (newest first, as the real API orders it). */
  setModels(models: StandInModel[]): void;
  /** Answer GET /v1/models with this status (an error body) from now on; null: list the models again. */
  failModelList(status: number | null): void;
}

export const OAUTH_BETA = 'oauth-2025-04-20';

export interface StandInModel {
  id: string;
  display_name: string;
  created_at: string;
}

/** The list the real API gave a Max subscription at the end of 2026 (shape per the Models API), newest first. */
export const STAND_IN_MODELS: readonly StandInModel[] = [
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-11-18T00:00:00Z' },
  { id: 'claude-sonnet-5', display_name: 'Claude Sonnet 5', created_at: '2026-08-05T00:00:00Z' },
  { id: 'claude-opus-5', display_name: 'Claude Opus 5', created_at: '2026-06-24T00:00:00Z' },
  { id: 'claude-opus-4-7', display_name: 'Claude Opus 4.7', created_at: '2026-03-10T00:00:00Z' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];
const EXPIRED_TOKEN_MESSAGE = 'OAuth token has expired. Please obtain a new token or refresh your existing token.';

export async function startAnthropicStandIn(options: {
  tokens: TokenRegistry;
  /** API-key mode: the keys it accepts in x-api-key (OAuth tokens are then refused). */
  apiKeys?: readonly string[];
  port?: number;
  host?: string;
}): Promise<AnthropicStandIn> {
  const standIn = new AnthropicStandInServer(options.tokens, options.apiKeys ?? null);
  await standIn.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return standIn;
}

class AnthropicStandInServer extends StandInServer<ScriptedFailure> implements AnthropicStandIn {
  private readonly windows = new SubscriptionWindows();
  private readonly promptCache = new PromptCacheLedger();
  private models: StandInModel[] = [...STAND_IN_MODELS];
  private modelListFailure: number | null = null;

  constructor(
    private readonly tokens: TokenRegistry,
    private readonly apiKeys: readonly string[] | null,
  ) {
    super();
  }

  setUtilization(fiveHour: number, sevenDay: number): void {
    this.windows.setUtilization(fiveHour, sevenDay);
  }

  setModels(models: StandInModel[]): void {
    this.models = [...models];
  }

  failModelList(status: number | null): void {
    this.modelListFailure = status;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange = new Exchange(req, res, this.apiKeys ? null : this.windows);
    try {
      await this.route(req, exchange);
    } catch {
      exchange.internalError();
    }
  }

  private async route(req: IncomingMessage, exchange: Exchange): Promise<void> {
    const recorded = await recordRequest(req);
    const body = recorded.body;
    this.requests.push(recorded);

    const route = `${req.method} ${new URL(req.url ?? '/', 'http://stand-in').pathname}`;
    switch (route) {
      case 'POST /v1/messages':
        return this.messages(exchange, body);
      case 'POST /v1/messages/count_tokens':
        return this.countTokens(exchange, body);
      case 'GET /v1/models':
        return this.listModels(exchange, new URL(req.url ?? '/', 'http://stand-in').searchParams);
      case 'GET /api/oauth/usage':
        if (this.authenticateOAuth(exchange)) exchange.json(200, this.windows.usageBody());
        return;
      case 'GET /api/oauth/profile': {
        const account = this.authenticateOAuth(exchange);
        if (account) exchange.json(200, profileBody(account));
        return;
      }
      default:
        exchange.error(404, 'not_found_error', 'Not found');
    }
  }

  private async messages(exchange: Exchange, body: unknown): Promise<void> {
    const failure = this.nextFault();
    if (!(await this.admit(exchange, failure))) return;
    const validation = validateMessagesRequest(body);
    if (!validation.ok) return exchange.error(400, 'invalid_request_error', validation.message);
    const violation = thinkingRuleViolation(validation.request);
    if (violation) return exchange.error(400, 'invalid_request_error', violation);

    const reply = buildReply(validation.request, this.promptCache);
    if (!validation.request.stream) return exchange.answer({ json: messageBody(reply) }, failure);
    const script = anthropicSseScript(streamEventsOf(reply));
    const afterDeltas = failure?.midStreamErrorAfterDeltas;
    if (afterDeltas === undefined) return exchange.answer({ stream: script }, failure);
    const error = { type: failure?.errorType ?? 'overloaded_error', message: failure?.message ?? 'Overloaded' };
    return exchange.answer({ stream: endedAfterDeltas(script, afterDeltas, () => sseFrame({ type: 'error', error })) }, failure);
  }

  private async countTokens(exchange: Exchange, body: unknown): Promise<void> {
    const failure = this.nextFault();
    if (!(await this.admit(exchange, failure))) return;
    const validation = validateCountTokensRequest(body);
    if (!validation.ok) return exchange.error(400, 'invalid_request_error', validation.message);
    return exchange.answer({ json: { input_tokens: estimateInputTokens(validation.request) } }, failure);
  }

  /** The Models API: pages of `limit` (default 20) after `after_id`, with has_more and first/last ids. */
  private listModels(exchange: Exchange, query: URLSearchParams): void {
    if (!this.authenticate(exchange)) return;
    if (this.modelListFailure !== null) return exchange.scriptedError(this.modelListFailure, {});
    const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 20) || 20));
    const afterId = query.get('after_id');
    const start = afterId ? this.models.findIndex((model) => model.id === afterId) + 1 : 0;
    const page = this.models.slice(start, start + limit).map((model) => ({ type: 'model', ...model }));
    exchange.json(200, { data: page, has_more: start + limit < this.models.length, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null });
  }

  /**
   * Everything that can refuse a request before its body is looked at, in the order the real API checks:
   * credentials, anthropic-version, then capacity (a scripted status, or a used-up window). Answers the
   * refusal itself and returns false.
   */
  private async admit(exchange: Exchange, failure: ScriptedFailure | undefined): Promise<boolean> {
    if (await exchange.answeredBeforeCredentials(failure)) return false;
    if (!this.authenticate(exchange)) return false;
    if (!exchange.header('anthropic-version')) {
      exchange.error(400, 'invalid_request_error', 'anthropic-version: header is required');
      return false;
    }
    if (failure?.status !== undefined) {
      exchange.scriptedError(failure.status, failure);
      return false;
    }
    const exhaustedFor = this.apiKeys ? null : this.windows.secondsUntilAvailable();
    if (exhaustedFor !== null) {
      exchange.scriptedError(429, { retryAfterSeconds: exhaustedFor });
      return false;
    }
    return true;
  }

  /** The account behind the request's credentials (an API key in API-key mode), or null after answering 401. */
  private authenticate(exchange: Exchange): string | null {
    return this.apiKeys ? this.authenticateKey(exchange, this.apiKeys) : this.authenticateOAuth(exchange);
  }

  /**
   * The key's account ("api-key-<n>"), from `x-api-key` or — as @anthropic-ai/sdk 1.12 sends it (CLIENTS.md) —
   * `Authorization: Bearer <key>`. An OAuth token in its place, or the OAuth beta, is refused.
   */
  private authenticateKey(exchange: Exchange, apiKeys: readonly string[]): string | null {
    const refuse = (message: string) => {
      exchange.error(401, 'authentication_error', message);
      return null;
    };
    const key = exchange.header('x-api-key') ?? /^Bearer\s+(.+)$/i.exec(exchange.header('authorization') ?? '')?.[1]?.trim();
    if (!key) return refuse('x-api-key header is required');
    if (exchange.betas().includes(OAUTH_BETA)) return refuse('OAuth authentication is currently not supported.');
    const index = apiKeys.findIndex((known) => sameSecret(known, key));
    if (index < 0) return refuse(this.tokens.accountOf(key) ? 'OAuth authentication is currently not supported.' : 'invalid x-api-key');
    const account = `api-key-${index + 1}`;
    exchange.authenticatedAs(account);
    return account;
  }

  /** The account behind the request's OAuth token, or null after answering 401 as the real API does. */
  private authenticateOAuth(exchange: Exchange): string | null {
    if (this.apiKeys) {
      exchange.error(401, 'authentication_error', 'OAuth authentication is currently not supported.');
      return null;
    }
    const token = /^Bearer\s+(.+)$/i.exec(exchange.header('authorization') ?? '')?.[1]?.trim();
    const refuse = (message: string) => {
      exchange.error(401, 'authentication_error', message);
      return null;
    };
    if (!token) return refuse(exchange.header('x-api-key') ? 'invalid x-api-key' : 'Invalid bearer token');
    if (!exchange.betas().includes(OAUTH_BETA)) return refuse('OAuth authentication is currently not supported.');
    const account = this.tokens.accountOf(token);
    if (account) {
      exchange.authenticatedAs(account);
      return account;
    }
    return refuse(this.tokens.isExpired(token) ? EXPIRED_TOKEN_MESSAGE : 'Invalid bearer token');
  }
}
