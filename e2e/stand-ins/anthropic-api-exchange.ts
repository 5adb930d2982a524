import type { IncomingMessage, ServerResponse } from 'node:http';
import { organizationIdOf, type SubscriptionWindows } from './anthropic-api-limits.js';
import { randomId } from './anthropic-api-replies.js';
import { writeSseEvents, type WireFrame } from './anthropic-sse.js';

/** How a scripted failure breaks an answer (see ScriptedFailure.breakAnswer). */
export type AnswerBreak = 'headers-never-come' | 'stall' | 'reset' | 'truncated' | 'malformed' | 'oversized';

/** A 429 without a scripted retry-after waits this long: long enough that a cooldown is visible in a test. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

const DEFAULT_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const DEFAULT_ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'Invalid bearer token',
  permission_error: 'Your account does not have permission to use this resource.',
  not_found_error: 'Not found',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: "This request would exceed your account's rate limit. Please try again later.",
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

/**
 * One request and its response: every answer carries a request-id, and — for a subscription (OAuth) stand-in,
 * `windows` given — the unified rate-limit headers. An API key has no subscription windows: none then.
 */
export class Exchange {
  private readonly requestId = randomId('req_');
  private organizationId: string | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly windows: SubscriptionWindows | null,
  ) {}

  /** Once the token is accepted, every answer names the account's organization, as the real API does. */
  authenticatedAs(account: string): void {
    this.organizationId = organizationIdOf(account);
  }

  header(name: string): string | undefined {
    return this.req.headersDistinct[name]?.[0];
  }

  /** anthropic-beta may be sent several times, each a comma separated list. */
  betas(): string[] {
    const values = this.req.headersDistinct['anthropic-beta'] ?? [];
    return values.flatMap((value) => value.split(',').map((beta) => beta.trim()));
  }

  json(status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    if (this.res.destroyed) return;
    this.res.writeHead(status, { ...this.commonHeaders(), 'content-type': 'application/json', ...extraHeaders });
    this.res.end(JSON.stringify(body));
  }

  error(status: number, type: string, message: string, extraHeaders: Record<string, string> = {}): void {
    this.json(status, { type: 'error', error: { type, message }, request_id: this.requestId }, extraHeaders);
  }

  /** An error a test scripted (or a used-up window): the status's usual type and message unless given. */
  scriptedError(status: number, failure: { errorType?: string; message?: string; retryAfterSeconds?: number | null }): void {
    const type = failure.errorType ?? DEFAULT_ERROR_TYPES[status] ?? 'api_error';
    const message = failure.message ?? DEFAULT_ERROR_MESSAGES[type] ?? 'Error';
    this.error(status, type, message, this.retryHeaders(status, failure.retryAfterSeconds));
  }

  /** A bug of the stand-in (or a request body cut off): 500 if nothing was sent yet, else drop the connection. */
  internalError(): void {
    if (this.res.headersSent) this.res.destroy();
    else this.error(500, 'api_error', 'Internal server error');
  }

  /**
   * With `stall`, the stream stays open and silent after the last event (the client must give up); with `reset`,
   * its connection is reset there.
   */
  async stream(events: readonly WireFrame[], options: { stall?: boolean; reset?: boolean } = {}): Promise<void> {
    await writeSseEvents(this.res, events, this.commonHeaders(), options);
  }

  /** A 307 to `location`, as a hijacked or misconfigured upstream answers (the real API never redirects). */
  redirect(location: string): void {
    this.res.writeHead(307, { ...this.commonHeaders(), location, 'content-type': 'text/plain' }).end(`Redirecting to ${location}`);
  }

  /** Reads nothing more, answers nothing: resolves once the client gave up and closed the connection. */
  async neverAnswer(): Promise<void> {
    if (!this.res.destroyed) await new Promise((resolve) => this.res.once('close', resolve));
  }

  /**
   * A 200 JSON answer broken as a faulty upstream or network breaks one: `stall` and `reset` stop in its middle (its
   * content-length promised more) and stay silent or reset the connection; `truncated` ends there cleanly (no
   * content-length, so it looks whole); `malformed` is binary bytes labelled JSON; `oversized` is the body with
   * `oversizedBytes` of padding, valid JSON of the right shape.
   */
  brokenJson(body: object, how: AnswerBreak, oversizedBytes: number): void {
    if (this.res.destroyed) return;
    const headers = { ...this.commonHeaders(), 'content-type': 'application/json' };
    const text = JSON.stringify(body);
    const half = text.slice(0, Math.floor(text.length / 2));
    switch (how) {
      case 'stall':
        this.res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).write(half);
        return;
      case 'reset':
        this.res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).write(half, () => this.res.socket?.resetAndDestroy());
        return;
      case 'truncated':
        this.res.writeHead(200, headers).end(half);
        return;
      case 'malformed':
        this.res.writeHead(200, headers).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
        return;
      case 'oversized':
        this.res.writeHead(200, headers).end(JSON.stringify({ ...body, padding: 'x'.repeat(oversizedBytes) }));
        return;
      case 'headers-never-come':
        throw new Error('headers-never-come is answered before any body is built');
    }
  }

  /** Waits `ms`; false when the client went away meanwhile (nothing must be written then). */
  holdUnlessAbandoned(ms: number): Promise<boolean> {
    if (this.res.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.res.off('close', onClose);
        resolve(true);
      }, ms);
      this.res.once('close', onClose);
    });
  }

  private retryHeaders(status: number, retryAfterSeconds: number | null | undefined): Record<string, string> {
    if (retryAfterSeconds === null) return {};
    if (status === 429) {
      const seconds = retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      return this.windows ? this.windows.rejectedHeaders(seconds) : { 'retry-after': String(seconds) };
    }
    return retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  }

  private commonHeaders(): Record<string, string> {
    return { 'request-id': this.requestId, ...(this.organizationId ? { 'anthropic-organization-id': this.organizationId } : {}), ...(this.windows?.headers() ?? {}) };
  }
}
