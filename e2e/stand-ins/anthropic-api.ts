import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PromptCacheLedger } from './anthropic-api-cache.js';
import { Exchange, type AnswerBreak } from './anthropic-api-exchange.js';
import { SubscriptionWindows, profileBody } from './anthropic-api-limits.js';
import { buildReply, messageBody } from './anthropic-api-replies.js';
import { estimateInputTokens, thinkingRuleViolation, validateCountTokensRequest, validateMessagesRequest } from './anthropic-api-request.js';
import {
  cutAfterDeltas,
  cutMidEventAfterDeltas,
  hugeTextDelta,
  MALFORMED_FRAME,
  streamEventsOf,
  withErrorAfterDeltas,
  withFrameAfterDeltas,
  type StreamEvent,
} from './anthropic-sse.js';
import { recordRequest, sameSecret, type RecordedRequest } from './http-request.js';
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

export interface ScriptedFailure {
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
  /**
   * Instead of a status: start a normal 200 stream, send it up to N content deltas, then go silent without
   * ending it; the connection stays open until the client leaves. No effect on a non-streaming request.
   */
  stallAfterDeltas?: number;
  /** Hold the response this many ms before answering (for abort tests). */
  delayMs?: number;
  /**
   * Instead of a proper answer (after the credentials were accepted), break it as a faulty upstream or network does:
   * - `headers-never-come`: the request is read and never answered; the connection stays open until the client leaves.
   * - `stall`: a stream goes silent in the middle of the event after its first content delta, a body in its middle;
   *   the connection stays open until the client leaves.
   * - `reset`: the same place, then the connection is reset (TCP RST).
   * - `truncated`: a stream ends cleanly after its first content delta, without message_stop; a body ends in its
   *   middle, cleanly (no content-length, so it looks whole).
   * - `malformed`: a stream sends an event whose data is not JSON after its first content delta (and goes on); a
   *   body is binary bytes labelled JSON.
   * - `oversized`: a stream carries one text delta of, a body has, `oversizedBytes` (17 MiB unless told).
   * Bodies include count_tokens answers.
   */
  breakAnswer?: AnswerBreak;
  oversizedBytes?: number;
  /** Answer 307 to this URL instead, before looking at the credentials, as a hijacked or misconfigured upstream would. */
  redirectTo?: string;
}

/** Larger than the most Switchboard holds of one answer (16 MiB). */
const DEFAULT_OVERSIZED_BYTES = 17 * 1024 * 1024;

export interface AnthropicStandIn {
  url: string;
  /** Every request received, rejected ones too, in order. */
  requests: RecordedRequest[];
  /** Queues failures: each following /v1/messages or count_tokens request consumes one. */
  failNext(...failures: ScriptedFailure[]): void;
  /** How many requests the client abandoned before their response finished. */
  readonly abortedRequests: number;
  /** Resolves once `count` requests in all have been abandoned by their client. */
  waitForAbortedRequests(count?: number): Promise<void>;
  /** Utilization of the five-hour and seven-day windows, 0..1; at 1 or more requests get 429. */
  setUtilization(fiveHour: number, sevenDay: number): void;
  /** What GET /v1/models lists from now on (newest first, as the real API orders it). */
  setModels(models: StandInModel[]): void;
  /** Answer GET /v1/models with this status (an error body) from now on; null: list the models again. */
  failModelList(status: number | null): void;
  /**
   * Stops listening and drops every open connection, so connecting is refused (ECONNREFUSED) until the function it
   * answers is called: then it listens on the same port again.
   */
  refuseConnections(): Promise<() => Promise<void>>;
  close(): Promise<void>;
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

class AnthropicStandInServer implements AnthropicStandIn {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private readonly windows = new SubscriptionWindows();
  private readonly promptCache = new PromptCacheLedger();
  private models: StandInModel[] = [...STAND_IN_MODELS];
  private modelListFailure: number | null = null;
  private readonly server: Server;
  private aborted = 0;
  private abortWaiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly tokens: TokenRegistry,
    private readonly apiKeys: readonly string[] | null,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  get abortedRequests(): number {
    return this.aborted;
  }

  async refuseConnections(): Promise<() => Promise<void>> {
    const { address, port } = this.server.address() as AddressInfo;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    return () => this.listen(port, address);
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const { address, port: boundPort } = this.server.address() as AddressInfo;
    this.url = `http://${address.includes(':') ? `[${address}]` : address}:${boundPort}`;
  }

  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  waitForAbortedRequests(count = 1): Promise<void> {
    if (this.aborted >= count) return Promise.resolve();
    return new Promise((resolve) => this.abortWaiters.push({ count, resolve }));
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

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange = new Exchange(req, res, this.apiKeys ? null : this.windows);
    res.on('close', () => {
      if (!res.writableFinished) this.countAbort();
    });
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
    const failure = this.failures.shift();
    if (!(await this.admit(exchange, failure))) return;
    const validation = validateMessagesRequest(body);
    if (!validation.ok) return exchange.error(400, 'invalid_request_error', validation.message);
    const violation = thinkingRuleViolation(validation.request);
    if (violation) return exchange.error(400, 'invalid_request_error', violation);

    const reply = buildReply(validation.request, this.promptCache);
    if (!validation.request.stream) {
      if (failure?.breakAnswer) return exchange.brokenJson(messageBody(reply), failure.breakAnswer, failure.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES);
      return exchange.json(200, messageBody(reply));
    }
    const events = streamEventsOf(reply);
    if (failure?.breakAnswer) return this.brokenStream(exchange, events, failure);
    if (failure?.stallAfterDeltas !== undefined) return exchange.stream(cutAfterDeltas(events, failure.stallAfterDeltas), { stall: true });
    const afterDeltas = failure?.midStreamErrorAfterDeltas;
    if (afterDeltas === undefined) return exchange.stream(events);
    const error = { type: failure?.errorType ?? 'overloaded_error', message: failure?.message ?? 'Overloaded' };
    return exchange.stream(withErrorAfterDeltas(events, afterDeltas, error));
  }

  private brokenStream(exchange: Exchange, events: StreamEvent[], failure: ScriptedFailure): Promise<void> {
    switch (failure.breakAnswer) {
      case 'stall':
        return exchange.stream(cutMidEventAfterDeltas(events, 1), { stall: true });
      case 'reset':
        return exchange.stream(cutMidEventAfterDeltas(events, 1), { reset: true });
      case 'truncated':
        return exchange.stream(cutAfterDeltas(events, 1));
      case 'malformed':
        return exchange.stream(withFrameAfterDeltas(events, 1, MALFORMED_FRAME));
      case 'oversized':
        return exchange.stream(withFrameAfterDeltas(events, 1, hugeTextDelta(events, failure.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES)));
      default:
        return exchange.stream(events);
    }
  }

  private async countTokens(exchange: Exchange, body: unknown): Promise<void> {
    const failure = this.failures.shift();
    if (!(await this.admit(exchange, failure))) return;
    const validation = validateCountTokensRequest(body);
    if (!validation.ok) return exchange.error(400, 'invalid_request_error', validation.message);
    const count = { input_tokens: estimateInputTokens(validation.request) };
    if (failure?.breakAnswer) return exchange.brokenJson(count, failure.breakAnswer, failure.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES);
    exchange.json(200, count);
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
    if (failure?.delayMs && !(await exchange.holdUnlessAbandoned(failure.delayMs))) return false;
    if (failure?.redirectTo) {
      exchange.redirect(failure.redirectTo);
      return false;
    }
    if (!this.authenticate(exchange)) return false;
    if (!exchange.header('anthropic-version')) {
      exchange.error(400, 'invalid_request_error', 'anthropic-version: header is required');
      return false;
    }
    if (failure?.status !== undefined) {
      exchange.scriptedError(failure.status, failure);
      return false;
    }
    if (failure?.breakAnswer === 'headers-never-come') {
      await exchange.neverAnswer();
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

  private countAbort(): void {
    this.aborted += 1;
    const ready = this.abortWaiters.filter((waiter) => waiter.count <= this.aborted);
    this.abortWaiters = this.abortWaiters.filter((waiter) => waiter.count > this.aborted);
    for (const waiter of ready) waiter.resolve();
  }
}
