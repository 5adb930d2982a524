import type { IncomingMessage, ServerResponse } from 'node:http';
import { organizationIdOf, type SubscriptionWindows } from './anthropic-api-limits.js';
import { randomId } from './anthropic-api-replies.js';
import { answeredBeforeCredentials, writeAnswer, type Answer, type ScriptedFaults } from './scripted-faults.js';

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

  /** A fault answered before the credentials are looked at (a redirect, a gateway's page): true when it answered. */
  answeredBeforeCredentials(fault: ScriptedFaults | undefined): Promise<boolean> {
    return answeredBeforeCredentials(this.res, fault, this.commonHeaders());
  }

  /** A 200 answer, broken as `fault` says. */
  answer(answer: Answer, fault: ScriptedFaults | undefined): Promise<void> {
    return writeAnswer(this.res, this.commonHeaders(), answer, fault);
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
