import type { Failure } from '../../upstream/failure.js';
import { parseRetryAfter } from '../../upstream/retry-after.js';
import { classifyOpenAIFailure } from '../openai-common/openai-error.js';

/**
 * What an error answer of the ChatGPT Codex backend means for the account (PROTOCOLS.md §2 "Errors → account
 * state"). Its bodies are `{"detail": …}` or `{"error": {type, code, message, resets_at…}}`; what is not the
 * backend's own is classified as an OpenAI API error.
 */
export function classifyCodexFailure(status: number, headers: Headers, bodyText: string, options: { versionGateFix: string; now?: number }): Failure {
  const now = options.now ?? Date.now();
  const body = parseJson(bodyText);
  const error = isObject(body?.['error']) ? body['error'] : null;
  const detail = body?.['detail'];
  // The backend's own `{"detail": "…"}`, or the same text once put in the OpenAI shape for a client.
  const detailText = typeof detail === 'string' ? detail : stringOf(error?.['message']);
  const code = stringOf(error?.['code']) ?? stringOf(error?.['type']) ?? (isObject(detail) ? stringOf(detail['code']) : null);
  const message = stringOf(error?.['message']) ?? detailText;

  if (status === 401) return { class: 'auth', retryAt: null, reason: code === 'token_invalidated' || code === 'token_revoked' ? 'OpenAI ended this login (token invalidated)' : 'the ChatGPT login token was refused' };
  if (code === 'deactivated_workspace') return { class: 'quota_exhausted', retryAt: null, reason: 'the ChatGPT workspace was deactivated' };
  if (status === 403 && /^\s*</.test(bodyText)) return { class: 'permission', retryAt: null, reason: 'the ChatGPT backend blocked the request (a Cloudflare page): not a fault of the account' };
  if (detailText && /requires a newer version of Codex/i.test(detailText)) {
    return { class: 'bad_request', retryAt: null, reason: `${detailText} — ${options.versionGateFix}` };
  }
  if (detailText && /not supported when using Codex with a ChatGPT account/i.test(detailText)) return { class: 'bad_request', retryAt: null, reason: detailText };
  if (code === 'usage_not_included') return { class: 'permission', retryAt: null, reason: 'this ChatGPT plan does not include the model' };
  if (code === 'context_length_exceeded') return { class: 'bad_request', retryAt: null, reason: message ?? 'the request is longer than the model takes' };
  if (code === 'insufficient_quota') return { class: 'quota_exhausted', retryAt: null, reason: 'no quota or credits left on this ChatGPT account' };
  if (code === 'usage_limit_reached') {
    const resetsAt = numberOf(error?.['resets_at']);
    const resetsIn = numberOf(error?.['resets_in_seconds']);
    const retryAt = resetsAt !== null ? new Date(resetsAt * 1000) : resetsIn !== null ? new Date(now + resetsIn * 1000) : (fullWindowReset(headers) ?? null);
    return { class: 'rate_limit', retryAt, reason: 'ChatGPT usage limit reached' };
  }
  if (status === 429 || code === 'rate_limit_exceeded') {
    // A window at 100 % parks the account until it resets; otherwise it is a burst: back off seconds, not hours.
    const full = fullWindowReset(headers);
    if (full) return { class: 'rate_limit', retryAt: full, reason: 'ChatGPT usage limit reached' };
    const retryAfter = parseRetryAfter(headers, now) ?? tryAgainIn(message);
    return { class: 'rate_limit', retryAt: retryAfter !== null ? new Date(now + retryAfter) : new Date(now + 5_000), reason: 'ChatGPT rate limit (a short burst)' };
  }
  if (code === 'server_is_overloaded' || code === 'service_unavailable_error' || (message !== null && /at capacity/i.test(message))) {
    return { class: 'overloaded', retryAt: null, reason: 'the ChatGPT backend is overloaded' };
  }
  return classifyOpenAIFailure(status, headers, bodyText, now);
}

/** When the window at 100 % resets, from the x-codex-* headers; null when no window is full. */
function fullWindowReset(headers: Headers): Date | null {
  const resets: number[] = [];
  for (const name of ['primary', 'secondary']) {
    const used = Number(headers.get(`x-codex-${name}-used-percent`));
    const resetAt = Number(headers.get(`x-codex-${name}-reset-at`));
    if (used >= 100 && Number.isFinite(resetAt) && resetAt > 0) resets.push(resetAt * 1000);
  }
  return resets.length > 0 ? new Date(Math.max(...resets)) : null;
}

/** "Please try again in 2.5s" / "in 300ms" → milliseconds. */
function tryAgainIn(message: string | null): number | null {
  const match = message ? /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(message) : null;
  if (!match) return null;
  const value = Number(match[1]);
  return match[2]!.toLowerCase() === 'ms' ? value : value * 1000;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(text);
    return isObject(json) ? json : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
