/**
 * The backend's `codex.rate_limits` stream event (PROTOCOLS.md §2 "Limits and usage"): the plan's windows and
 * credits as of this request, sent among the opening events before any content — also when the answer's
 * `x-codex-*` headers are missing or older. The answer is held until that event (or the first other event) has
 * arrived, and the event's numbers are set on the answer's headers as the `x-codex-*` headers carry them, so the
 * provider's one quota reading (quotaFromHeaders) sees them for a passthrough and an IR answer alike.
 */
import { sseTap } from '../../wire/sse.js';
import type { UpstreamResponse } from '../protocol.js';
import { isEventStream } from '../stream-opening.js';

/** The events that may come before `codex.rate_limits`: anything else means it is not coming before content. */
const OPENING_EVENTS = new Set(['response.created', 'response.in_progress', 'codex.response.metadata']);
/** The opening events are small: past this many bytes the answer goes on without waiting longer. */
const MAX_HELD_BYTES = 64 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `fetch` whose successful event-stream answers carry their stream's rate-limit numbers on their headers. */
export function readingStreamRateLimits(fetchFn: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 200 || !response.body || !isEventStream(response.headers)) return response;
    const read = await withStreamRateLimits({ status: response.status, headers: response.headers, body: response.body });
    return new Response(read.body, { status: response.status, statusText: response.statusText, headers: read.headers });
  };
}

/** The answer with the stream's rate-limit numbers on its headers, and its body replayed whole from the start. */
export async function withStreamRateLimits(answer: UpstreamResponse): Promise<UpstreamResponse> {
  if (!answer.body) return answer;
  const reader = answer.body.getReader();
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let limits: Json | null = null;
  let settled = false;
  const tap = sseTap((event) => {
    if (settled) return;
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      settled = true;
      return;
    }
    const type = isObject(json) ? json['type'] : undefined;
    if (type === 'codex.rate_limits' && isObject(json)) {
      limits = json;
      settled = true;
    } else if (typeof type !== 'string' || !OPENING_EVENTS.has(type)) settled = true;
  });
  let ended = false;
  let failure: unknown = null;
  try {
    while (!settled && heldBytes < MAX_HELD_BYTES) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      held.push(value);
      heldBytes += value.byteLength;
      tap(value);
    }
  } catch (error) {
    failure = error;
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of held) controller.enqueue(chunk);
      if (failure !== null) controller.error(failure);
      else if (ended) controller.close();
    },
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { ...answer, headers: limits ? withLimitHeaders(answer.headers, limits) : answer.headers, body };
}

/** The event's windows and credits as `x-codex-*` headers (the event's numbers win: they are this request's). */
function withLimitHeaders(headers: Headers, event: Json): Headers {
  // Another limit family (a model's own, e.g. "spark") is not the plan's windows.
  const family = event['limit_name'] ?? event['metered_limit_name'];
  if (typeof family === 'string' && family !== 'codex') return headers;
  const edited = new Headers(headers);
  const rateLimits = isObject(event['rate_limits']) ? event['rate_limits'] : {};
  for (const slot of ['primary', 'secondary'] as const) {
    const window = rateLimits[slot];
    if (!isObject(window) || typeof window['used_percent'] !== 'number' || typeof window['window_minutes'] !== 'number') continue;
    for (const name of ['used-percent', 'window-minutes', 'reset-at', 'reset-after-seconds']) edited.delete(`x-codex-${slot}-${name}`);
    edited.set(`x-codex-${slot}-used-percent`, String(window['used_percent']));
    edited.set(`x-codex-${slot}-window-minutes`, String(window['window_minutes']));
    if (typeof window['reset_at'] === 'number') edited.set(`x-codex-${slot}-reset-at`, String(window['reset_at']));
    if (typeof window['reset_after_seconds'] === 'number') edited.set(`x-codex-${slot}-reset-after-seconds`, String(window['reset_after_seconds']));
  }
  const credits = event['credits'];
  if (isObject(credits)) {
    if (typeof credits['has_credits'] === 'boolean') edited.set('x-codex-credits-has-credits', String(credits['has_credits']));
    if (typeof credits['unlimited'] === 'boolean') edited.set('x-codex-credits-unlimited', String(credits['unlimited']));
    if (typeof credits['balance'] === 'string' || typeof credits['balance'] === 'number') edited.set('x-codex-credits-balance', String(credits['balance']));
  }
  return edited;
}
