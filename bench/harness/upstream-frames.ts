/**
 * The bench upstreams' answers, per protocol, as the three parts a stream is written in: what comes before the
 * text deltas, one delta, and what comes after. The zero-delay mode sends head + every delta + tail as one
 * prebuilt buffer; the paced mode writes each delta on its own (bench/harness/upstream.ts).
 *
 * Every delta's text carries a marker, `~d<index>~` or, paced, `~d<index>@<ms sent>~`, that the client finds in
 * whatever format the proxy turned the stream into (bench/harness/delta-markers.ts).
 */

import { cursorParts } from './cursor-frames.js';

export type UpstreamProtocol = 'anthropic-messages' | 'openai-responses' | 'codex-responses' | 'cursor-agent';

/** Bytes, not text: Cursor's answer is binary (Connect frames of protobuf). */
export interface StreamParts {
  head: Buffer;
  delta: (text: string) => Buffer;
  /** `text`: the whole answer, which some protocols repeat when they close the stream. */
  tail: (text: string) => Buffer;
  contentType: string;
  /** Headers the real API sends on every answer (request ids, rate-limit windows) that the proxy reads. */
  headers: Record<string, string>;
}

export const INPUT_TOKENS = 1200;
export const OUTPUT_TOKENS = 64;

const named = (event: { type: string } & Record<string, unknown>) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** Server-sent events written as text, as bytes. */
function textParts(parts: { head: string; delta: (text: string) => string; tail: (text: string) => string }): Pick<StreamParts, 'head' | 'delta' | 'tail'> {
  return { head: Buffer.from(parts.head), delta: (text) => Buffer.from(parts.delta(text)), tail: (text) => Buffer.from(parts.tail(text)) };
}

function anthropicParts(model: string): StreamParts {
  const usage = { input_tokens: INPUT_TOKENS, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  const message = { id: 'msg_bench', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage };
  const resetAt = String(Math.floor(Date.now() / 1000) + 3600);
  return {
    ...textParts({
      head: named({ type: 'message_start', message }) + named({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      delta: (text) => named({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
      tail: () =>
        named({ type: 'content_block_stop', index: 0 }) +
        named({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: OUTPUT_TOKENS } }) +
        named({ type: 'message_stop' }),
    }),
    contentType: 'text/event-stream; charset=utf-8',
    headers: {
      'request-id': 'req_bench',
      'anthropic-ratelimit-unified-status': 'allowed',
      'anthropic-ratelimit-unified-5h-utilization': '0.1',
      'anthropic-ratelimit-unified-5h-reset': resetAt,
      'anthropic-ratelimit-unified-7d-utilization': '0.2',
      'anthropic-ratelimit-unified-7d-reset': resetAt,
    },
  };
}

/**
 * The Responses stream; `codex`: as the ChatGPT backend sends it (PROTOCOLS.md §2 "Stream"), with its
 * `codex.rate_limits` event after the opening, the final response's `output` empty (the items came one by one) and
 * its `x-codex-*` limit headers.
 */
function responsesParts(model: string, codex = false): StreamParts {
  let sequence = 0;
  const event = (payload: { type: string } & Record<string, unknown>) => named({ ...payload, sequence_number: sequence++ });
  const response = (status: string, output: unknown[], usage: unknown) => ({
    id: 'resp_bench',
    object: 'response',
    created_at: 1_765_000_000,
    status,
    error: null,
    incomplete_details: null,
    model,
    output,
    parallel_tool_calls: true,
    store: false,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    usage,
  });
  const item = (status: string, text: string | null) => ({ id: 'msg_bench', type: 'message', status, role: 'assistant', content: text === null ? [] : [{ type: 'output_text', annotations: [], text }] });
  const where = { item_id: 'msg_bench', output_index: 0, content_index: 0 };
  const head =
    event({ type: 'response.created', response: response('in_progress', [], null) }) +
    event({ type: 'response.in_progress', response: response('in_progress', [], null) }) +
    (codex ? event(CODEX_RATE_LIMITS) : '') +
    event({ type: 'response.output_item.added', output_index: 0, item: item('in_progress', null) }) +
    event({ type: 'response.content_part.added', ...where, part: { type: 'output_text', annotations: [], text: '' } });
  // The sequence numbers after the head are those of the zero-delay answer; a paced answer repeats the deltas' one.
  const deltaSequence = sequence++;
  const tailSequence = sequence;
  const usage = { input_tokens: INPUT_TOKENS, input_tokens_details: { cached_tokens: 0 }, output_tokens: OUTPUT_TOKENS, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: INPUT_TOKENS + OUTPUT_TOKENS };
  return {
    ...textParts({
      head,
      delta: (text) => named({ type: 'response.output_text.delta', ...where, delta: text, sequence_number: deltaSequence }),
      tail: (text) => {
        sequence = tailSequence;
        return (
          event({ type: 'response.output_text.done', ...where, text }) +
          event({ type: 'response.content_part.done', ...where, part: { type: 'output_text', annotations: [], text } }) +
          event({ type: 'response.output_item.done', output_index: 0, item: item('completed', text) }) +
          event({ type: 'response.completed', response: response('completed', codex ? [] : [item('completed', text)], usage) })
        );
      },
    }),
    contentType: 'text/event-stream; charset=utf-8',
    headers: codex ? codexHeaders() : { 'x-request-id': 'req_bench', 'openai-processing-ms': '1' },
  };
}

/** The ETag of the Codex model list; every answer names it (`x-models-etag`), so the proxy keeps its list. */
export const CODEX_MODELS_ETAG = '"bench-models"';

const CODEX_WINDOWS = { primary: { used_percent: 12, window_minutes: 300 }, secondary: { used_percent: 40, window_minutes: 10080 } };
const CODEX_RATE_LIMITS = { type: 'codex.rate_limits', plan_type: 'plus', rate_limits: CODEX_WINDOWS, credits: { has_credits: false, unlimited: false, balance: '0' } };

function codexHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': 'req_bench', 'x-models-etag': CODEX_MODELS_ETAG };
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  for (const [name, window] of Object.entries(CODEX_WINDOWS)) {
    headers[`x-codex-${name}-used-percent`] = String(window.used_percent);
    headers[`x-codex-${name}-window-minutes`] = String(window.window_minutes);
    headers[`x-codex-${name}-reset-at`] = String(resetAt);
    headers[`x-codex-${name}-reset-after-seconds`] = '3600';
  }
  return headers;
}

export function streamParts(protocol: UpstreamProtocol, model: string): StreamParts {
  switch (protocol) {
    case 'anthropic-messages':
      return anthropicParts(model);
    case 'cursor-agent':
      return cursorParts({ inputTokens: INPUT_TOKENS, outputTokens: OUTPUT_TOKENS });
    default:
      return responsesParts(model, protocol === 'codex-responses');
  }
}

/** The zero-delay answer: `deltas` text deltas, whole, in one buffer. */
export function prebuiltStream(parts: StreamParts, deltas: number): Buffer {
  const texts = Array.from({ length: deltas }, (_, index) => `~d${index}~ `);
  return Buffer.concat([parts.head, ...texts.map(parts.delta), parts.tail(texts.join(''))]);
}

/** What each protocol's model list answers, so the proxy serves the bench's models. */
export function modelList(protocol: UpstreamProtocol, models: readonly string[]): Buffer {
  if (protocol === 'codex-responses') {
    const entries = models.map((slug, priority) => ({ slug, display_name: slug, visibility: 'list', supported_in_api: true, priority, minimal_client_version: '0.1.0', context_window: 272_000 }));
    return Buffer.from(JSON.stringify({ models: entries }));
  }
  const data =
    protocol === 'anthropic-messages'
      ? models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }))
      : models.map((id) => ({ id, object: 'model', created: 1_735_000_000, owned_by: 'openai' }));
  return Buffer.from(JSON.stringify(protocol === 'anthropic-messages' ? { data, has_more: false, first_id: models[0], last_id: models.at(-1) } : { object: 'list', data }));
}
