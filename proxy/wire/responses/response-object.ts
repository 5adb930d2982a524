import { z } from 'zod';
import type { IRError, IRStopReason, IRUsage } from '../ir.js';
import { assertNever } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import type { OutputItem, ResponseObject, ResponsesEcho, ResponsesUsage } from './responses-api.js';
import { responsesErrorDetail } from './responses-error.js';

/** The final state of a response, as `response.completed` / `.incomplete` / `.failed` and the JSON body show it. */
export type Outcome =
  | { status: 'in_progress' }
  | { status: 'completed' }
  | { status: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  | { status: 'failed'; error: IRError };

/** The outcome a stop reason means; `error` is reported as a failure (the model stopped on an error). */
export function outcomeOf(stopReason: IRStopReason): Outcome {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
      return { status: 'completed' };
    case 'max_tokens':
      return { status: 'incomplete', reason: 'max_output_tokens' };
    case 'refusal':
      return { status: 'incomplete', reason: 'content_filter' };
    case 'error':
      return { status: 'failed', error: { kind: 'api_error', status: 502, message: 'the model stopped because of an upstream error' } };
    default:
      return assertNever(stopReason, 'stop reason');
  }
}

/** The response object with the request's parameters echoed, as the real API sends it. */
export function responseObject(context: RenderContext, outcome: Outcome, output: OutputItem[], usage: IRUsage | null): ResponseObject {
  const { request } = context;
  const echo = echoOf(context);
  return {
    id: context.responseId,
    object: 'response',
    created_at: context.created,
    // A renderer has no clock (it is a pure function of its input); null is what in-progress responses show.
    completed_at: null,
    status: outcome.status,
    background: false,
    frequency_penalty: 0,
    presence_penalty: 0,
    error: outcome.status === 'failed' ? { code: responsesErrorDetail(outcome.error).code, message: outcome.error.message } : null,
    incomplete_details: outcome.status === 'incomplete' ? { reason: outcome.reason } : null,
    instructions: null,
    max_output_tokens: request.sampling.maxOutputTokens ?? null,
    max_tool_calls: null,
    model: context.requestedModel,
    output,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: null,
    prompt_cache_key: request.metadata.conversationId ?? null,
    reasoning: echo.reasoning,
    safety_identifier: null,
    service_tier: echo.service_tier,
    store: echo.store,
    temperature: request.sampling.temperature ?? 1,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_logprobs: 0,
    top_p: request.sampling.topP ?? 1,
    truncation: echo.truncation,
    usage: usage ? responsesUsage(usage) : null,
    user: request.metadata.user ?? null,
    metadata: echo.metadata,
  };
}

/** OpenAI counts cached input inside input_tokens; the IR counts it apart (as Anthropic does). */
export function responsesUsage(usage: IRUsage): ResponsesUsage {
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens, cache_write_tokens: usage.cacheWriteTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + usage.outputTokens,
  };
}

const echoSchema = z.object({
  tools: z.array(z.unknown()),
  tool_choice: z.unknown(),
  text: z.unknown(),
  reasoning: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  store: z.boolean(),
  truncation: z.string(),
  service_tier: z.string(),
});

const DEFAULT_ECHO: ResponsesEcho = {
  tools: [],
  tool_choice: 'auto',
  text: { format: { type: 'text' } },
  reasoning: { effort: null, summary: null },
  metadata: {},
  store: true,
  truncation: 'disabled',
  service_tier: 'default',
};

/** The echo parseResponsesRequest kept in the request's providerData; defaults for a request built elsewhere. */
function echoOf(context: RenderContext): ResponsesEcho {
  const parsed = echoSchema.safeParse(context.request.providerData?.['responses']);
  return parsed.success ? { ...parsed.data, tool_choice: parsed.data.tool_choice ?? 'auto' } : DEFAULT_ECHO;
}
