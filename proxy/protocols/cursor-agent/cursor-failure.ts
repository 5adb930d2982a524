import type { Failure } from '../../upstream/failure.js';
import type { ChatFailure, ChatFailureKind } from './chat-transport.js';

const KINDS: readonly ChatFailureKind[] = ['rate-limited', 'auth', 'outdated-client', 'empty-stream', 'truncated', 'upstream'];

/** A failed turn written down for `classifyCursorFailure` (the body text of a translated error answer). */
export function failureBodyText(failure: ChatFailure): string {
  return JSON.stringify({ error: { kind: failure.kind, cursorError: failure.cursorError ?? null, message: failure.message } });
}

/**
 * What a failed Cursor turn means for the account (PROTOCOLS.md §3 "Models, usage, errors"): a usage limit cools
 * it down, a refused token refreshes once, an outdated client version or a model outside the regional catalog is
 * no fault of the account (every account would fail alike: no cooldown, no retry). Cursor names no reset time.
 */
export function classifyCursorFailure(status: number, bodyText: string): Failure {
  const written = readFailure(bodyText);
  const reason = written?.message ?? `Cursor answered HTTP ${status}`;
  switch (written?.kind ?? kindOfStatus(status)) {
    case 'rate-limited':
      if (written?.cursorError && /_USAGE_LIMIT$/.test(written.cursorError)) return { class: 'quota_exhausted', retryAt: null, reason };
      return { class: 'rate_limit', retryAt: null, reason };
    case 'auth':
      return { class: 'auth', retryAt: null, reason };
    case 'outdated-client':
    case 'empty-stream':
      return { class: 'bad_request', retryAt: null, reason };
    case 'truncated':
      return { class: 'stream_error', retryAt: null, reason };
    case 'upstream':
      return status === 400 ? { class: 'bad_request', retryAt: null, reason } : { class: 'network', retryAt: null, reason };
  }
}

function kindOfStatus(status: number): ChatFailureKind {
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'auth';
  return 'upstream';
}

function readFailure(bodyText: string): { kind: ChatFailureKind; cursorError: string | null; message: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return null;
  }
  const error = parsed && typeof parsed === 'object' && 'error' in parsed ? (parsed.error as Record<string, unknown> | null) : null;
  if (!error || typeof error !== 'object') return null;
  const kind = KINDS.find((known) => known === error['kind']);
  if (!kind || typeof error['message'] !== 'string') return null;
  return { kind, cursorError: typeof error['cursorError'] === 'string' ? error['cursorError'] : null, message: error['message'] };
}
