/**
 * The ChatGPT backend's Codex stream: the Responses stream the OpenAI stand-in builds (shaped after the recorded
 * Responses answers in /work/shared/fixtures/recorded/openai-responses), with the backend's differences
 * (PROTOCOLS.md §2 "Stream"): a `codex.rate_limits` event after `response.in_progress`, and `response.output` empty
 * in every response event — a client collects the `response.output_item.done` items itself.
 */
import { responseBody, responsesStreamScript } from './openai-api-frames.js';
import type { OpenAIReply } from './openai-api-replies.js';

export interface CodexWindow {
  usedPercent: number;
  windowMinutes: number;
  /** Epoch seconds. */
  resetAt: number;
}

export interface CodexLimits {
  /** null: the plan has no such window now (the 5-hour one is gone on some plans). */
  primary: CodexWindow | null;
  secondary: CodexWindow | null;
  credits: { hasCredits: boolean; unlimited: boolean; balance: string } | null;
  planType: string;
}

export type CodexStreamEnding =
  | { kind: 'completed' }
  | { kind: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  /** The backend fails inside the 200 stream, right after its opening events (overload, a quota hit…). */
  | { kind: 'failed'; code: string; message: string; via: 'response.failed' | 'error' };

type Event = Record<string, unknown>;

const frame = (event: Event): string => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`;

export function rateLimitsEvent(limits: CodexLimits): Event {
  const window = (entry: CodexWindow | null) => entry && { used_percent: entry.usedPercent, window_minutes: entry.windowMinutes, reset_at: entry.resetAt };
  return {
    type: 'codex.rate_limits',
    plan_type: limits.planType,
    rate_limits: { primary: window(limits.primary), secondary: window(limits.secondary) },
    credits: limits.credits && { has_credits: limits.credits.hasCredits, unlimited: limits.credits.unlimited, balance: limits.credits.balance },
  };
}

/** The reasoning item a reasoning model streams before its answer: a summary, and its encrypted form for the next turn. */
export interface CodexReasoning {
  id: string;
  /** null: no summary was asked for (the item's summary is empty). */
  summary: string | null;
  encryptedContent: string;
}

/** The reasoning item's events, at output index 0 (the answer's items follow it). */
function reasoningEvents(reasoning: CodexReasoning): Event[] {
  const at = { item_id: reasoning.id, output_index: 0, summary_index: 0 };
  const part = reasoning.summary === null ? null : { type: 'summary_text', text: reasoning.summary };
  const summary = part
    ? [
        { type: 'response.reasoning_summary_part.added', ...at, part: { ...part, text: '' } },
        { type: 'response.reasoning_summary_text.delta', ...at, delta: part.text },
        { type: 'response.reasoning_summary_text.done', ...at, text: part.text },
        { type: 'response.reasoning_summary_part.done', ...at, part },
      ]
    : [];
  return [
    // As the recorded streams do: the encrypted form already in the added item, its final form in the done one.
    { type: 'response.output_item.added', output_index: 0, item: { id: reasoning.id, type: 'reasoning', encrypted_content: reasoning.encryptedContent, summary: [] } },
    ...summary,
    { type: 'response.output_item.done', output_index: 0, item: { id: reasoning.id, type: 'reasoning', summary: part ? [part] : [], encrypted_content: reasoning.encryptedContent } },
  ];
}

export function codexStreamFrames(reply: OpenAIReply, limits: CodexLimits, ending: CodexStreamEnding, reasoning: CodexReasoning | null = null): string[] {
  const created = Math.floor(Date.now() / 1000);
  const events = responsesStreamScript(reply, created).frames.map((raw) => JSON.parse(raw.slice(raw.indexOf('data: ') + 6)) as Event);
  const opening = events.slice(0, 2);
  const afterReasoning = (event: Event): Event => (typeof event['output_index'] === 'number' ? { ...event, output_index: event['output_index'] + 1 } : event);
  const body = reasoning ? [...reasoningEvents(reasoning), ...events.slice(2, -1).map(afterReasoning)] : events.slice(2, -1);
  const last = events.at(-1)!;
  const emptied = (event: Event): Event => (isRecord(event['response']) ? { ...event, response: { ...event['response'], output: [] } } : event);
  let closing: Event[];
  if (ending.kind === 'failed') {
    const error = { type: 'server_error', code: ending.code, message: ending.message, param: null };
    const failed = { type: 'response.failed', response: { ...responseBody(reply, created, 'failed', error), output: [] } };
    return [...opening, rateLimitsEvent(limits), ...(ending.via === 'error' ? [{ type: 'error', code: error.code, message: error.message, param: null }] : [failed])].map((event, sequence) => frame({ ...event, sequence_number: sequence }));
  } else if (ending.kind === 'incomplete') {
    const response = isRecord(last['response']) ? last['response'] : {};
    closing = [{ type: 'response.incomplete', response: { ...response, status: 'incomplete', incomplete_details: { reason: ending.reason } } }];
  } else {
    closing = [last];
  }
  return [...opening, rateLimitsEvent(limits), ...body, ...closing].map(emptied).map((event, sequence) => frame({ ...event, sequence_number: sequence }));
}

/** The `x-codex-*` headers of a backend answer (PROTOCOLS.md §2 "Limits and usage"). */
export function limitHeaders(limits: CodexLimits, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, window] of [['primary', limits.primary], ['secondary', limits.secondary]] as const) {
    if (!window) continue;
    headers[`x-codex-${name}-used-percent`] = String(window.usedPercent);
    headers[`x-codex-${name}-window-minutes`] = String(window.windowMinutes);
    headers[`x-codex-${name}-reset-at`] = String(window.resetAt);
    headers[`x-codex-${name}-reset-after-seconds`] = String(Math.max(0, window.resetAt - Math.floor(now / 1000)));
  }
  if (limits.credits) {
    headers['x-codex-credits-has-credits'] = String(limits.credits.hasCredits);
    headers['x-codex-credits-unlimited'] = String(limits.credits.unlimited);
    headers['x-codex-credits-balance'] = limits.credits.balance;
  }
  return headers;
}

/** GET /backend-api/wham/usage's body for the same limits. */
export function whamUsageBody(limits: CodexLimits, now = Date.now()): Record<string, unknown> {
  const window = (entry: CodexWindow | null) =>
    entry && { used_percent: entry.usedPercent, limit_window_seconds: entry.windowMinutes * 60, reset_at: entry.resetAt, reset_after_seconds: Math.max(0, entry.resetAt - Math.floor(now / 1000)) };
  const reached = [limits.primary, limits.secondary].some((entry) => entry !== null && entry.usedPercent >= 100);
  return {
    plan_type: limits.planType,
    rate_limit: { allowed: !reached, limit_reached: reached, primary_window: window(limits.primary), secondary_window: window(limits.secondary) },
    additional_rate_limits: [],
    credits: limits.credits && { has_credits: limits.credits.hasCredits, unlimited: limits.credits.unlimited, balance: limits.credits.balance },
    rate_limit_reset_credits: { available_count: 0 },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
