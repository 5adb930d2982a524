import { chunksOf } from './anthropic-sse.js';
import type { OpenAIReply } from './openai-api-replies.js';
import type { SseScript } from './scripted-faults.js';

/**
 * The stand-in's answers as OpenAI frames them: Chat Completions chunks as bare `data:` lines ending with
 * `data: [DONE]`, Responses events with their `event:` line and a sequence_number, and the non-streaming bodies.
 * Shapes follow the recorded answers in proxy/protocols/openai-*\/__fixtures__.
 */

export interface OpenAIErrorDetail {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export const chatFrame = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const responsesFrame = (event: Record<string, unknown>): string => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`;

function chatUsage(reply: OpenAIReply) {
  const { inputTokens, cachedTokens, outputTokens, reasoningTokens } = reply.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

const chatFinishReason = (reply: OpenAIReply) => (reply.truncated ? 'length' : reply.toolCalls.length > 0 ? 'tool_calls' : 'stop');

export function chatCompletionBody(reply: OpenAIReply, created: number): Record<string, unknown> {
  return {
    id: `chatcmpl-${reply.id}`,
    object: 'chat.completion',
    created,
    model: reply.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.toolCalls.length > 0 && reply.text === '' ? null : reply.text,
          refusal: null,
          annotations: [],
          ...(reply.toolCalls.length > 0 ? { tool_calls: reply.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) } : {}),
        },
        logprobs: null,
        finish_reason: chatFinishReason(reply),
      },
    ],
    usage: chatUsage(reply),
    service_tier: 'default',
    system_fingerprint: 'fp_standin',
  };
}

/**
 * The Chat stream: the role chunk, content deltas, tool calls (named first, then argument pieces), the finish
 * chunk, the usage chunk when asked for (and `usage: null` on every chunk before it), then [DONE].
 */
export function chatStreamScript(reply: OpenAIReply, created: number, options: { includeUsage: boolean }): SseScript {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: `chatcmpl-${reply.id}`,
    object: 'chat.completion.chunk',
    created,
    model: reply.model,
    service_tier: 'default',
    system_fingerprint: 'fp_standin',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(options.includeUsage ? { usage: null } : {}),
  });
  const deltas = [
    ...chunksOf(reply.text).map((content) => chunk({ content })),
    ...reply.toolCalls.flatMap((call, index) => [
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
      ...chunksOf(call.arguments).map((piece) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] })),
    ]),
  ];
  const opening = chunk({ role: 'assistant', content: '', refusal: null });
  const closing = [
    chunk({}, chatFinishReason(reply)),
    ...(options.includeUsage ? [{ id: `chatcmpl-${reply.id}`, object: 'chat.completion.chunk', created, model: reply.model, choices: [], usage: chatUsage(reply) }] : []),
  ];
  const frames = [...[opening, ...deltas, ...closing].map(chatFrame), chatFrame('[DONE]')];
  return {
    frames,
    content: frames.map((_frame, index) => index >= 1 && index <= deltas.length),
    endingIndex: 1 + deltas.length,
    hugeContent: (bytes) => chatFrame(chunk({ content: 'x'.repeat(bytes) })),
    malformed: `data: {"id":"chatcmpl-${reply.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"conte\n\n`,
  };
}

function responsesUsage(reply: OpenAIReply) {
  const { inputTokens, cachedTokens, outputTokens, reasoningTokens } = reply.usage;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

function outputItems(reply: OpenAIReply, status: 'in_progress' | 'completed'): Array<Record<string, unknown>> {
  const message = { id: `msg_${reply.id}`, type: 'message', status, role: 'assistant', content: status === 'completed' ? [{ type: 'output_text', annotations: [], logprobs: [], text: reply.text }] : [] };
  const calls = reply.toolCalls.map((call, index) => ({ id: `fc_${reply.id}_${index}`, type: 'function_call', status, arguments: status === 'completed' ? call.arguments : '', call_id: call.id, name: call.name }));
  return [...(reply.text !== '' || calls.length === 0 ? [message] : []), ...calls];
}

export function responseBody(reply: OpenAIReply, created: number, status: 'in_progress' | 'completed' | 'failed' = 'completed', error: OpenAIErrorDetail | null = null): Record<string, unknown> {
  const done = status === 'completed';
  const incomplete = done && reply.truncated;
  return {
    id: `resp_${reply.id}`,
    object: 'response',
    created_at: created,
    status: incomplete ? 'incomplete' : status,
    background: false,
    error: error ? { code: error.code ?? error.type, message: error.message } : null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: null,
    model: reply.model,
    output: done ? outputItems(reply, 'completed') : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: done ? responsesUsage(reply) : null,
    user: null,
    metadata: {},
  };
}

/**
 * The Responses stream: response.created and .in_progress, each output item (added, its deltas, done), then
 * response.completed (or .incomplete when cut by the token limit).
 */
export function responsesStreamScript(reply: OpenAIReply, created: number): SseScript {
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: responseBody(reply, created, 'in_progress') },
    { type: 'response.in_progress', response: responseBody(reply, created, 'in_progress') },
  ];
  const final = outputItems(reply, 'completed');
  outputItems(reply, 'in_progress').forEach((item, outputIndex) => {
    const id = String(item['id']);
    events.push({ type: 'response.output_item.added', output_index: outputIndex, item });
    if (item['type'] === 'message') {
      const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      events.push({ type: 'response.content_part.added', item_id: id, output_index: outputIndex, content_index: 0, part });
      for (const delta of chunksOf(reply.text)) events.push({ type: 'response.output_text.delta', item_id: id, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', item_id: id, output_index: outputIndex, content_index: 0, text: reply.text, logprobs: [] });
      events.push({ type: 'response.content_part.done', item_id: id, output_index: outputIndex, content_index: 0, part: { ...part, text: reply.text } });
    } else {
      const args = String((final[outputIndex] as Record<string, unknown>)['arguments']);
      for (const delta of chunksOf(args)) events.push({ type: 'response.function_call_arguments.delta', item_id: id, output_index: outputIndex, delta });
      events.push({ type: 'response.function_call_arguments.done', item_id: id, output_index: outputIndex, arguments: args });
    }
    events.push({ type: 'response.output_item.done', output_index: outputIndex, item: final[outputIndex] });
  });
  const body = responseBody(reply, created, 'completed');
  events.push({ type: body['status'] === 'incomplete' ? 'response.incomplete' : 'response.completed', response: body });
  const isContent = (event: Record<string, unknown>) => event['type'] === 'response.output_text.delta' || event['type'] === 'response.function_call_arguments.delta';
  return {
    frames: events.map((event, sequence) => responsesFrame({ ...event, sequence_number: sequence })),
    content: events.map(isContent),
    endingIndex: events.length - 1,
    hugeContent: (bytes) => responsesFrame({ type: 'response.output_text.delta', item_id: `msg_${reply.id}`, output_index: 0, content_index: 0, delta: 'x'.repeat(bytes), logprobs: [], sequence_number: events.length }),
    malformed: `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"msg_${reply.id}","del\n\n`,
  };
}

/** How the Responses API streams a failure, from the `sequence`-th event on: an `error` event (its code and message on top), then response.failed. */
export function responsesFailureFrames(reply: OpenAIReply, created: number, error: OpenAIErrorDetail, sequence: number): string {
  return [
    { type: 'error', code: error.code ?? error.type, message: error.message, param: error.param, error, sequence_number: sequence },
    { type: 'response.failed', response: responseBody(reply, created, 'failed', error), sequence_number: sequence + 1 },
  ]
    .map(responsesFrame)
    .join('');
}
