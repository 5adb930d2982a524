import type { IRMetadata, IROutputFormat, IRReasoning, IRRequest, IRSampling, IRWarning } from '../ir.js';
import { WireRequestError, type ParsedRequest } from '../wire-format.js';
import { chatRequestSchema, type ChatRequest } from './chat-api.js';
import { chatProviderData } from './chat-provider-data.js';
import { convertChatMessages } from './convert-chat-messages.js';
import { convertChatToolChoice, convertChatTools } from './convert-chat-tools.js';
import { describeValidationError } from './describe-validation-error.js';

/** Fields that would change the answer but have no IR form: accepted, and named in a warning when set. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  seed: 'seed (reproducible sampling)',
  logprobs: 'logprobs',
  top_logprobs: 'top_logprobs',
  presence_penalty: 'presence_penalty',
  frequency_penalty: 'frequency_penalty',
  logit_bias: 'logit_bias',
  audio: 'audio output',
  modalities: 'audio output (modalities)',
  prediction: 'predicted outputs',
  web_search_options: 'web search',
  verbosity: 'verbosity',
  moderation: 'moderation',
};

/** Fields that change nothing about the answer (storage, billing tier, cache hints, obfuscation): accepted silently. */
const HARMLESS = new Set(['store', 'service_tier', 'prompt_cache_retention', 'prompt_cache_options']);

/** A Chat Completions body → the IR request, or WireRequestError naming the first field that is wrong. */
export function parseChatRequest(body: unknown): ParsedRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeValidationError(parsed.error);
    throw new WireRequestError(message, param);
  }
  const chat = parsed.data;
  if (chat.n != null && chat.n > 1) throw new WireRequestError('n: only one choice per request is supported (n must be 1)', 'n');

  const { system, messages, warnings } = convertChatMessages(chat.messages);
  const tools = convertChatTools(chat, warnings);
  const request: IRRequest = {
    model: chat.model,
    system,
    messages,
    tools,
    toolChoice: convertChatToolChoice(chat, tools, warnings),
    parallelToolCalls: chat.parallel_tool_calls ?? null,
    sampling: sampling(chat),
    stopSequences: chat.stop == null ? [] : typeof chat.stop === 'string' ? [chat.stop] : chat.stop,
    reasoning: reasoning(chat.reasoning_effort),
    output: output(chat.response_format),
    metadata: metadata(chat),
    stream: chat.stream === true,
    providerData: chatProviderData({ includeUsage: chat.stream_options?.include_usage === true }),
  };
  return { request, warnings: [...warnings, ...fieldWarnings(chat)] };
}

function sampling(chat: ChatRequest): IRSampling {
  // max_completion_tokens replaced max_tokens (which reasoning models refuse); a client sending both means the new one.
  const maxOutputTokens = chat.max_completion_tokens ?? chat.max_tokens;
  return {
    ...(maxOutputTokens != null ? { maxOutputTokens } : {}),
    ...(chat.temperature != null ? { temperature: chat.temperature } : {}),
    ...(chat.top_p != null ? { topP: chat.top_p } : {}),
    ...(chat.top_k != null ? { topK: chat.top_k } : {}),
  };
}

function reasoning(effort: ChatRequest['reasoning_effort']): IRReasoning | null {
  if (effort == null) return null;
  if (effort === 'none') return { enabled: false };
  // Chat has no switch for reasoning text; clients that read `reasoning_content` want it, the rest ignore it.
  return { enabled: true, effort, summary: 'auto' };
}

function output(format: ChatRequest['response_format']): IROutputFormat | null {
  if (format == null || format.type === 'text') return null;
  if (format.type === 'json_object') return { type: 'json_object' };
  const { name, schema, strict, description } = format.json_schema;
  // A json_schema without a schema asks for JSON of any shape, which is what json_object means.
  if (schema == null) return { type: 'json_object' };
  return { type: 'json_schema', name, schema, strict: strict === true, ...(description ? { description } : {}) };
}

function metadata(chat: ChatRequest): IRMetadata {
  // safety_identifier is OpenAI's newer name for `user`.
  const user = chat.user ?? chat.safety_identifier;
  return { ...(user ? { user } : {}), ...(chat.prompt_cache_key ? { conversationId: chat.prompt_cache_key } : {}) };
}

function fieldWarnings(chat: ChatRequest): IRWarning[] {
  const warnings: IRWarning[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(chat)) {
    if (Object.hasOwn(chatRequestSchema.shape, key) || HARMLESS.has(key) || !isSet(key, value)) continue;
    const what = Object.hasOwn(UNSUPPORTED, key) ? UNSUPPORTED[key] : undefined;
    if (what) warnings.push({ at: `chat.${key}`, message: `${what} is not supported; ignored` });
    else unknown.push(key);
  }
  if (unknown.length > 0) warnings.push({ at: 'chat.request', message: `fields that are not part of the Chat Completions API were ignored: ${unknown.join(', ')}` });
  return warnings;
}

/** Whether a value asks for something: defaults (null, false, 0, empty, text-only modalities) ask for nothing. */
function isSet(key: string, value: unknown): boolean {
  if (value == null || value === false || value === 0 || value === '') return false;
  if (key === 'modalities' && Array.isArray(value)) return value.some((modality) => modality !== 'text');
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
