import { z } from 'zod';
import type { Failure, FailureClass } from '../../upstream/failure.js';
import { parseRetryAfter } from '../../upstream/retry-after.js';
import type { IRError } from '../../wire/ir.js';

/** What an Anthropic error means for the account and the person (PROTOCOLS.md §1 "Errors → account state"). */
export type AnthropicErrorClass =
  | 'auth'
  | 'permission'
  | 'third_party_extra_usage'
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'bad_request'
  | 'other';

const errorBodySchema = z.looseObject({
  type: z.literal('error'),
  error: z.looseObject({ type: z.string(), message: z.string().optional() }),
});

export interface ClassifiedError {
  kind: AnthropicErrorClass;
  type: string | null;
  message: string | null;
  /** Plain words for the log and, later, the dashboard. */
  explanation: string;
}

export function classifyAnthropicError(status: number, bodyText: string): ClassifiedError {
  let type: string | null = null;
  let message: string | null = null;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    if (parsed.success) {
      type = parsed.data.error.type;
      message = parsed.data.error.message ?? null;
    }
  } catch {
    // Not JSON: the status alone classifies it.
  }
  const kind = classify(status, type, message);
  return { kind, type, message, explanation: EXPLANATIONS[kind] };
}

function classify(status: number, type: string | null, message: string | null): AnthropicErrorClass {
  if (status === 401 || type === 'authentication_error') return 'auth';
  if (status === 403 || type === 'permission_error') return 'permission';
  if (status === 400 && message && /third-party apps/i.test(message)) return 'third_party_extra_usage';
  if (status === 429 || type === 'rate_limit_error') return 'rate_limited';
  if (status === 529 || type === 'overloaded_error') return 'overloaded';
  if (status >= 500) return 'server_error';
  if (status === 400 || status === 404 || status === 413) return 'bad_request';
  return 'other';
}

const EXPLANATIONS: Record<AnthropicErrorClass, string> = {
  auth: 'Anthropic refused the access token',
  permission: 'the account lacks the scope or entitlement for this request',
  third_party_extra_usage:
    "Anthropic billed this request as a third-party app to the account's extra usage, and none is left; Claude Code itself uses the plan",
  rate_limited: 'a subscription usage window is exhausted (the anthropic-ratelimit-unified-* headers say which)',
  overloaded: 'Anthropic is overloaded; retry later',
  server_error: 'Anthropic had an internal error; retry later',
  bad_request: 'Anthropic refused the request itself',
  other: 'Anthropic answered with an error',
};

const IR_KINDS: Record<AnthropicErrorClass, IRError['kind']> = {
  auth: 'authentication',
  permission: 'permission',
  third_party_extra_usage: 'invalid_request',
  rate_limited: 'rate_limit',
  overloaded: 'overloaded',
  server_error: 'api_error',
  bad_request: 'invalid_request',
  other: 'api_error',
};

/** An Anthropic error answer as an IR error, keeping Anthropic's own message (it is the most precise). */
export function anthropicErrorToIr(status: number, bodyText: string): IRError {
  const classified = classifyAnthropicError(status, bodyText);
  return { kind: IR_KINDS[classified.kind], status, message: classified.message ?? `Anthropic: ${classified.explanation} (HTTP ${status})` };
}

const FAILURE_CLASSES: Record<AnthropicErrorClass, FailureClass> = {
  auth: 'auth',
  permission: 'permission',
  third_party_extra_usage: 'permission',
  rate_limited: 'rate_limit',
  overloaded: 'overloaded',
  server_error: 'overloaded',
  bad_request: 'bad_request',
  other: 'bad_request',
};

/**
 * The usage window a rate-limited answer's headers say was hit and when it resets, in words ("5-hour limit"):
 * what a target's upstream adds to the protocol (a Claude subscription's unified headers), or null.
 */
export type WindowReset = (headers: Headers) => { resetsAt: Date; reason: string } | null;

export interface FailureOptions {
  now?: number;
  windowReset?: WindowReset;
}

/** An Anthropic error answer as a failure of the account: the window's own reset time when it says one. */
export function classifyAnthropicFailure(status: number, headers: Headers, bodyText: string, options: FailureOptions = {}): Failure {
  const now = options.now ?? Date.now();
  const classified = classifyAnthropicError(status, bodyText);
  const failureClass = FAILURE_CLASSES[classified.kind];
  if (failureClass === 'rate_limit') {
    const window = options.windowReset?.(headers) ?? null;
    const retryAfter = parseRetryAfter(headers, now);
    const retryAt = window?.resetsAt ?? (retryAfter !== null ? new Date(now + retryAfter) : null);
    return { class: 'rate_limit', retryAt, reason: window?.reason ?? 'rate limited' };
  }
  if (failureClass === 'overloaded') {
    const retryAfter = parseRetryAfter(headers, now);
    return { class: 'overloaded', retryAt: retryAfter !== null ? new Date(now + retryAfter) : null, reason: classified.explanation };
  }
  return { class: failureClass, retryAt: null, reason: classified.message ?? classified.explanation };
}
